/**
 * `npm start` as a user runs it: a separate process that prints its URL when ready, answers health,
 * accepts a token from `npm run token`, and leaves no process and no bound port behind after
 * Ctrl-C. Also: the one-line error when Java is missing.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { API_BASE_PATH } from '../../lib/routes.ts';
import { REPO_ROOT } from '../../local/lambda.ts';
import { freePort, isPortFree } from '../../local/ports.ts';
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
