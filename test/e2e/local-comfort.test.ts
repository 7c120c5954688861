/**
 * `npm start` as a developer lives with it, in separate processes: it prints every URL and the
 * signing secret, shows one readable line per log record (metrics hidden), keeps its data across a
 * restart with `--persist`, logs JSON as deployed with `--json-logs`, and `npm run token` can be
 * captured with or without `--silent` (without it, npm's banner comes first: the tools say so).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/lambda.ts';
import { freePort } from '../../local/ports.ts';
import { waitFor } from '../support/wait.ts';

const run = promisify(execFile);
const stateDir = mkdtempSync(join(tmpdir(), 'feexpay-comfort-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** Node 24 and the project's bin first on PATH, as npm scripts have it; no npm settings inherited. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${dirname(process.execPath)}:${process.env.PATH}`,
  LOCAL_STATE_DIR: stateDir,
};

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  stop(): Promise<void>;
}

async function start(args: string[], extra: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['bin/local.ts', ...args], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      PORT: String(await freePort()),
      DYNAMODB_PORT: String(await freePort()),
      LOG_LEVEL: 'INFO',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_DISABLED: 'false',
      FEEXPAY_SIMULATOR_DELAY_MS: '200',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(() => /ready at http/.test(output) || child.exitCode !== null, {
    timeoutMs: 60_000,
  });
  const url = /ready at (http:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`npm start did not get ready:\n${output}`);
  return {
    child,
    output: () => output,
    url,
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** `sh -c 'TOKEN=$(…); printf %s "$TOKEN"'`: what a shell variable captures, and what npm said. */
async function capture(command: string): Promise<{ token: string; stderr: string }> {
  const { stdout, stderr } = await run('sh', ['-c', `TOKEN=$(${command}); printf %s "$TOKEN"`], {
    cwd: REPO_ROOT,
    env,
  });
  return { token: stdout, stderr };
}

/** Sends `authorization` exactly as curl does with `-H "Authorization: Bearer $TOKEN"`. */
function rawRequest(url: string, authorization: string): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${authorization}\r\nConnection: close\r\n\r\n`,
      );
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('npm start, for a developer', () => {
  let paymentId = '';

  it('prints every URL and the signing secret, and logs one readable line per event', async () => {
    const stack = await start(['--persist']);
    try {
      const out = stack.output();
      const base = stack.url.replace(/\/api\/v1\/payments\/feexpay\/$/, '');
      for (const expected of [
        `${stack.url}reference/`,
        `${stack.url}openapi.json`,
        `${base}/demo/`,
        `${base}/.well-known/jwks.json`,
        `${base}/_local/merchant-webhook`,
        '/__simulator/',
        'MERCHANT_WEBHOOK_SECRET=whsec_',
        `data kept in ${stateDir}/dynamodb`,
        'CORS origins          http://localhost:3000',
      ]) {
        expect(out).toContain(expected);
      }
      // Each printed URL answers.
      for (const path of ['reference/', 'openapi.json']) {
        expect((await fetch(`${stack.url}${path}`)).status, path).toBe(200);
      }
      expect((await fetch(`${base}/.well-known/jwks.json`)).status).toBe(200);

      const { token } = await capture('npm run --silent token -- comfort-user');
      const created = await fetch(`${stack.url}initiate/`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': 'comfort-1',
        },
        body: JSON.stringify({
          amount: 1500,
          currency: 'XOF',
          network: 'mtn',
          phoneNumber: '2290166000000',
        }),
      });
      expect(created.status).toBe(201);
      paymentId = ((await created.json()) as { id: string }).id;

      await waitFor(() => stack.output().includes('NotificationsSend Notification delivered'), {
        timeoutMs: 30_000,
      });
      const lines = stack.output().split('\n');
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^\\d\\d:\\d\\d:\\d\\d INFO  PaymentsInitiate Payment created .*paymentId=${paymentId} network=mtn`,
          ),
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^\d\d:\d\d:\d\d INFO {2}WebhookProcess Payment status changed .*to=SUCCESSFUL/,
        ),
      );
      // No JSON records, and metrics only when asked.
      expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
      expect(stack.output()).not.toContain('PaymentInitiated');
    } finally {
      await stack.stop();
    }
  }, 120_000);

  it('keeps the payment across a restart with --persist; --json-logs shows records as deployed', async () => {
    expect(paymentId).not.toBe('');
    const stack = await start(['--persist', '--json-logs', '--metrics']);
    try {
      const { token } = await capture('npm run --silent token -- comfort-user');
      const res = await fetch(`${stack.url}${paymentId}/status/`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe('SUCCESSFUL');

      await fetch(`${stack.url}initiate/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      await waitFor(() => stack.output().includes('"message":"Request rejected"'), {
        timeoutMs: 10_000,
      });
      const record = stack
        .output()
        .split('\n')
        .find((line) => line.includes('"message":"Request rejected"'));
      expect(JSON.parse(record as string)).toMatchObject({
        level: 'INFO',
        service: 'feexpay-payments',
        status: 400,
        code: 'validation_failed',
      });
      // --metrics: the EMF records too, as deployed.
      await waitFor(() => stack.output().includes('"_aws"'), { timeoutMs: 20_000 });
    } finally {
      await stack.stop();
    }
  }, 120_000);

  it('without --persist, starts empty', async () => {
    const stack = await start([]);
    try {
      const { token } = await capture('npm run --silent token -- comfort-user');
      const res = await fetch(`${stack.url}${paymentId}/status/`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(404);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});

describe('TOKEN=$(npm run token -- alice)', () => {
  let stack: Started;
  afterAll(() => stack?.stop());

  it('with --silent: the token alone, accepted by the stack', async () => {
    stack = await start([]);
    for (const command of ['npm run --silent token -- alice', 'npm run -s token -- alice']) {
      const { token, stderr } = await capture(command);
      expect(token, command).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(stderr, command).toBe('');
      const res = await fetch(`${stack.url}history/`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status, command).toBe(200);
    }
  }, 120_000);

  it('without --silent: npm banner first, then the token; both tools say how to capture it alone', async () => {
    const { token, stderr } = await capture('npm run token -- alice');

    // npm's own banner, which no script can take back, then our token on its own line.
    expect(token).toMatch(
      /^\n> feexpay-serverless@[\d.]+ token\n> node bin\/token.ts alice\n\n[\w-]+\.[\w-]+\.[\w-]+$/,
    );
    expect(stderr).toContain('npm printed its "> feexpay-serverless token" banner');
    expect(stderr).toContain('TOKEN=$(npm run --silent token -- alice)');
    // The captured text sent as curl sends it: the stack names the cause, not "not valid HTTP".
    const answer = await rawRequest(`${stack.url}history/`, token);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('npm run --silent token');
    // The last line alone is the token, and it works.
    const res = await fetch(`${stack.url}history/`, {
      headers: { authorization: `Bearer ${token.split('\n').at(-1)}` },
    });
    expect(res.status).toBe(200);
  }, 60_000);
});
