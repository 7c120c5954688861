/**
 * `npm start` as a user runs it: a separate process that prints its URL when ready, answers health,
 * accepts a token from `npm run token`, takes a checkout from a merchant server's token (made by
 * `npm run token -- --scope …`) through to PAID, and leaves no process and no bound port behind
 * after Ctrl-C. Also: the one-line error when Java is missing.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { API_BASE_PATH } from '../../lib/routes.ts';
import { REPO_ROOT } from '../../local/lambda.ts';
import { freePort, isPortFree } from '../../local/ports.ts';
import { loadSettings } from '../../local/settings.ts';
import { isAlive, javaProcessesOnPort } from '../support/processes.ts';
import { waitFor } from '../support/wait.ts';

const run = promisify(execFile);
const stateDir = mkdtempSync(join(tmpdir(), 'feexpay-e2e-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** Node 24 and the project's bin first on PATH, as npm scripts have it. */
const binPath = `${join(REPO_ROOT, 'node_modules', '.bin')}:${dirname(process.execPath)}:${process.env.PATH}`;

interface Started {
  child: ChildProcess;
  output: () => string;
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(
  command: string,
  args: string[],
  env: Record<string, string>,
  detached = false,
): Started {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PATH: binPath,
      LOCAL_STATE_DIR: stateDir,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`exited (${code ?? signal}) before ready:\n${output}`)),
    );
  });
  ready.catch(() => {});
  return { child, output: () => output, ready, exited };
}

async function ports() {
  return { http: await freePort(), dynamo: await freePort() };
}

describe('npm start', () => {
  it('serves health within 30 s, accepts npm run token, and stops cleanly on SIGINT', async () => {
    const port = await ports();
    const startedAt = Date.now();
    const stack = start(process.execPath, ['bin/local.ts'], {
      PORT: String(port.http),
      DYNAMODB_PORT: String(port.dynamo),
    });
    try {
      const url = await stack.ready;
      expect(url).toBe(`http://127.0.0.1:${port.http}${API_BASE_PATH}/`);
      const health = await fetch(`${url}health/`);
      expect(health.status).toBe(200);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(javaProcessesOnPort(port.dynamo)).toHaveLength(1);

      // A token from `npm run --silent token` (a separate process) is accepted by the running stack.
      const { stdout, stderr } = await run('npm', ['run', '--silent', 'token', '--', 'e2e-user'], {
        cwd: REPO_ROOT,
        env: { ...process.env, PATH: binPath, LOCAL_STATE_DIR: stateDir },
      });
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const authorized = await fetch(`${url}history/`, {
        headers: { authorization: `Bearer ${stdout.trim()}` },
      });
      expect(authorized.status).toBe(200);
      const anonymous = await fetch(`${url}history/`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      stack.child.kill('SIGINT');
    }
    const { code } = await stack.exited;
    expect(code).toBe(0);
    expect(javaProcessesOnPort(port.dynamo)).toEqual([]);
    expect(await isPortFree(port.http)).toBe(true);
    expect(await isPortFree(port.dynamo)).toBe(true);
  });

  it('a checkout, black-box: a merchant server’s token creates it, its page is French, a customer with no token pays it once, and the merchant endpoint gets a verified checkout.completed', async () => {
    const port = await ports();
    const simulatorPort = await freePort();
    const stack = start(process.execPath, ['bin/local.ts'], {
      PORT: String(port.http),
      DYNAMODB_PORT: String(port.dynamo),
      SIMULATOR_PORT: String(simulatorPort),
      FEEXPAY_SIMULATOR_DELAY_MS: '200',
    });
    try {
      const url = await stack.ready;
      const token = async (...args: string[]) =>
        (
          await run('npm', ['run', '--silent', 'token', '--', ...args], {
            cwd: REPO_ROOT,
            env: { ...process.env, PATH: binPath, LOCAL_STATE_DIR: stateDir },
          })
        ).stdout.trim();
      const merchant = await token('--scope', 'payments/merchant', 'shop-backend');
      const customer = await token('a-customer');
      const call = async (method: string, path: string, body?: unknown, bearer = '') => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
            ...(body
              ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() }
              : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: response.status, body: await response.json().catch(() => ({})) };
      };
      const order = { amount: 2500, currency: 'XOF', orderId: `A-${randomUUID().slice(0, 6)}` };

      expect((await call('POST', 'checkouts/', order, customer)).body.code).toBe(
        'insufficient_scope',
      );
      const created = await call('POST', 'checkouts/', { ...order, countries: ['BJ'] }, merchant);
      expect(created.status).toBe(201);
      const checkout = created.body as { id: string; url: string };
      const page = await fetch(checkout.url);
      const html = (await page.text()).replace(/[\u00a0\u202f]/g, ' ');
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('2 500 F CFA');

      const pay = (body: Record<string, unknown>) =>
        call('POST', `checkouts/${checkout.id}/pay/`, body);
      // An amount in the body changes nothing: refused, no attempt.
      expect((await pay({ network: 'mtn', phoneNumber: '0166000000', amount: 1 })).status).toBe(
        400,
      );
      // 20 at once start one attempt, and FeexPay is asked once.
      const stats = async () =>
        (await (await fetch(`http://127.0.0.1:${simulatorPort}/__simulator/stats`)).json()) as {
          requestToPay: number;
        };
      const before = (await stats()).requestToPay;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          pay({ network: 'mtn', phoneNumber: '+229 01 66 00 00 00' }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(19);
      expect((await stats()).requestToPay).toBe(before + 1);

      const paid = await waitFor(
        async () => {
          const read = await call('GET', `checkouts/${checkout.id}/`, undefined, merchant);
          return read.body.status === 'PAID' && read.body;
        },
        { timeoutMs: 20_000, message: 'checkout PAID' },
      );
      expect((await pay({ network: 'mtn', phoneNumber: '0166000000' })).body.code).toBe(
        'checkout_paid',
      );
      // The built-in merchant endpoint, verified as a merchant would (the local signing secret).
      const delivery = await waitFor(
        async () => {
          const sink = (await (await fetch(new URL('/_local/merchant-webhook', url))).json()) as {
            deliveries: { headers: Record<string, string>; body: string }[];
          };
          return sink.deliveries.find(
            (d) => d.headers['webhook-id'] === `evt_${checkout.id}_completed`,
          );
        },
        { timeoutMs: 20_000, message: 'checkout.completed delivered' },
      );
      const verified = new Webhook(loadSettings({}, {}).merchantWebhookSecret).verify(
        delivery.body,
        delivery.headers,
      ) as { type: string; data: { orderId: string; paidPaymentId: string } };
      expect(verified.type).toBe('checkout.completed');
      expect(verified.data.orderId).toBe(order.orderId);
      const byOrder = await call('GET', `payments/?orderId=${order.orderId}`, undefined, merchant);
      expect(byOrder.body.items.map((p: { id: string }) => p.id)).toEqual([paid.paidPaymentId]);

      // An expired checkout cannot be paid.
      const short = await call(
        'POST',
        'checkouts/',
        { ...order, orderId: `${order.orderId}-2`, expiresInSeconds: 5 },
        merchant,
      );
      await waitFor(
        async () =>
          (await call('GET', `checkouts/${short.body.id}/public/`)).body.status === 'EXPIRED',
        { timeoutMs: 15_000, intervalMs: 250, message: 'checkout EXPIRED' },
      );
      const late = await call('POST', `checkouts/${short.body.id}/pay/`, {
        network: 'mtn',
        phoneNumber: '0166000000',
      });
      expect(late.body.code).toBe('checkout_expired');
    } finally {
      stack.child.kill('SIGINT');
    }
    expect((await stack.exited).code).toBe(0);
  });

  it('leaves nothing behind after Ctrl-C on `npm start` (SIGINT to the whole process group)', async () => {
    const port = await ports();
    const stack = start(
      'npm',
      ['start'],
      { PORT: String(port.http), DYNAMODB_PORT: String(port.dynamo) },
      true,
    );
    const pid = stack.child.pid as number;
    try {
      await stack.ready;
      expect((await fetch(`http://127.0.0.1:${port.http}${API_BASE_PATH}/health`)).status).toBe(
        200,
      );
    } finally {
      process.kill(-pid, 'SIGINT'); // what the terminal does on Ctrl-C
    }
    const { code, signal } = await stack.exited;
    // npm re-raises the signal on itself; node underneath exits 0.
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    await waitFor(() => javaProcessesOnPort(port.dynamo).length === 0, { timeoutMs: 5_000 });
    await waitFor(async () => (await isPortFree(port.http)) && (await isPortFree(port.dynamo)), {
      timeoutMs: 5_000,
    });
    expect(isAlive(pid)).toBe(false);
  });

  it('stops on SIGTERM too', async () => {
    const port = await ports();
    const stack = start(process.execPath, ['bin/local.ts'], {
      PORT: String(port.http),
      DYNAMODB_PORT: String(port.dynamo),
    });
    await stack.ready;
    stack.child.kill('SIGTERM');
    expect((await stack.exited).code).toBe(0);
    expect(javaProcessesOnPort(port.dynamo)).toEqual([]);
    expect(await isPortFree(port.http)).toBe(true);
  });

  it('stops cleanly when SIGINT arrives while it is still starting', async () => {
    const port = await ports();
    const stack = start(process.execPath, ['bin/local.ts'], {
      PORT: String(port.http),
      DYNAMODB_PORT: String(port.dynamo),
    });
    // The JVM is up but the stack is not ready yet.
    await waitFor(() => javaProcessesOnPort(port.dynamo).length === 1, {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    stack.child.kill('SIGINT');
    expect((await stack.exited).code).toBe(0);
    expect(stack.output()).not.toContain('ready at');
    expect(javaProcessesOnPort(port.dynamo)).toEqual([]);
    expect(await isPortFree(port.http)).toBe(true);
    expect(await isPortFree(port.dynamo)).toBe(true);
  });

  // Linux: the JVM runs under `setpriv --pdeathsig KILL`, so even kill -9 leaves no JVM behind.
  it.runIf(process.platform === 'linux')(
    'takes the JVM along when it is killed outright',
    async () => {
      const port = await ports();
      const stack = start(process.execPath, ['bin/local.ts'], {
        PORT: String(port.http),
        DYNAMODB_PORT: String(port.dynamo),
      });
      await stack.ready;
      stack.child.kill('SIGKILL');
      await stack.exited;
      await waitFor(() => javaProcessesOnPort(port.dynamo).length === 0, { timeoutMs: 5_000 });
      await waitFor(async () => (await isPortFree(port.http)) && (await isPortFree(port.dynamo)), {
        timeoutMs: 5_000,
      });
    },
  );

  it('prints one clear line and exits 1 when Java is missing', async () => {
    const port = await ports();
    // PATH with node but without java.
    const stack = start(process.execPath, ['bin/local.ts'], {
      PATH: dirname(process.execPath),
      PORT: String(port.http),
    });
    const { code } = await stack.exited;
    expect(code).toBe(1);
    const lines = stack.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^DynamoDB Local needs Java 17 or newer on PATH \(java not found\): install it/,
    );
    expect(await isPortFree(port.http)).toBe(true);
  });

  it('prints the usage on stderr and exits 2 when npm run token gets no sub', async () => {
    const attempt = run('npm', ['run', '--silent', 'token'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: binPath, LOCAL_STATE_DIR: stateDir },
    });
    await expect(attempt).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('Usage:'),
    });
  });
});
