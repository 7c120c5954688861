/**
 * Sentry through the route handler wrapper: off (nothing loaded, captured or sent) without a DSN; with
 * one, an unexpected error becomes one event at a local HTTP sink, scrubbed of phone numbers, the
 * FeexPay key, tokens, request bodies and auth headers. Then as deployed: a handler bundled with
 * the stack's esbuild options loads the SDK's own file only on its first error, in a fresh
 * process, and has sent the event by the time it returns.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { esbuildOptions, SENTRY_SDK_FILE, sentrySdkBuildOptions } from '../../lib/bundling.ts';
import { overrideConfig, resetConfig } from '../../shared/config.ts';
import { ValidationError } from '../../shared/errors.ts';
import { rawRouteHandler } from '../../shared/http/handler.ts';
import { resetSentryForTests, scrubSentryEvent } from '../../shared/sentry.ts';
import { apiEvent, testRoute } from '../support/api-event.ts';

const seen = vi.hoisted(() => ({ captures: 0 }));

// The real SDK, with captureException counted (the DSN-less path must never reach it).
vi.mock('@sentry/aws-serverless', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@sentry/aws-serverless')>();
  return {
    ...actual,
    captureException: (...args: Parameters<typeof actual.captureException>) => {
      seen.captures++;
      return actual.captureException(...args);
    },
  };
});

const API_KEY = `fp_live_${'S3cr3t'.repeat(8)}`;
const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const PHONE = '22997123456';

let sink: Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  port = (sink.address() as AddressInfo).port;
});

afterAll(async () => {
  await resetSentryForTests();
  await new Promise((resolve) => sink.close(resolve));
});

beforeEach(async () => {
  received.length = 0;
  seen.captures = 0;
  await resetSentryForTests();
  resetConfig();
});

async function failingRoute(error: Error) {
  const handler = rawRouteHandler({ route: testRoute() }, async () => {
    throw error;
  });
  return handler(
    apiEvent({
      method: 'POST',
      path: '/api/v1/payments/feexpay/initiate',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'x-correlation-id': 'corr-sentry-1',
      },
      query: { token: TOKEN },
      body: { phoneNumber: PHONE, apiKey: API_KEY },
    }),
    {} as never,
  );
}

describe('Sentry', () => {
  it('without SENTRY_DSN: nothing is captured or sent, and the caller still gets the 500', async () => {
    const response = await failingRoute(new Error('boom'));
    expect(response.statusCode).toBe(500);
    expect(seen.captures).toBe(0);
    expect(received).toEqual([]);
  });

  it('with a DSN: one scrubbed event per unexpected error, tagged with the correlation id', async () => {
    overrideConfig({ sentryDsn: `http://publickey@127.0.0.1:${port}/1` });
    const response = await failingRoute(
      new Error(`FeexPay refused ${API_KEY} for ${PHONE} (token=${TOKEN})`),
    );
    expect(response.statusCode).toBe(500);
    expect(seen.captures).toBe(1);
    // reportError flushed before the handler answered: the event is already at the sink.
    const events = received.filter((body) => body.includes('"type":"event"'));
    expect(events).toHaveLength(1);
    const body = events[0] ?? '';
    expect(body).toContain('corr-sentry-1');
    expect(body).toContain('FeexPay refused fp_***');
    expect(body).not.toContain(PHONE);
    expect(body).not.toContain(API_KEY);
    expect(body).not.toContain(API_KEY.slice(3));
    expect(body).not.toContain(TOKEN);
  });

  it('with a DSN: expected 4xx answers are not reported', async () => {
    overrideConfig({ sentryDsn: `http://publickey@127.0.0.1:${port}/1` });
    const response = await failingRoute(new ValidationError('Fix these fields: amount.'));
    expect(response.statusCode).toBe(400);
    expect(seen.captures).toBe(0);
    expect(received).toEqual([]);
  });

  it('drops request bodies, headers, query strings and the user from events', async () => {
    const event = scrubSentryEvent({
      type: undefined,
      request: {
        method: 'POST',
        url: `https://api.test/api/v1/payments/feexpay/webhook/?token=${TOKEN}`,
        data: { phoneNumber: PHONE },
        headers: { authorization: `Bearer ${API_KEY}` },
        cookies: { session: 'abc' },
        query_string: `token=${TOKEN}`,
      },
      user: { ip_address: '203.0.113.9' },
      breadcrumbs: [{ message: `called ${PHONE}` }],
      extra: { apiKey: API_KEY, customer: { phone: Number(PHONE) } },
    });
    expect(event.request).toEqual({
      method: 'POST',
      url: 'https://api.test/api/v1/payments/feexpay/webhook/',
    });
    expect(event.user).toBeUndefined();
    expect(event.breadcrumbs).toBeUndefined();
    const text = JSON.stringify(event);
    for (const secret of [PHONE, API_KEY, TOKEN, '203.0.113.9']) expect(text).not.toContain(secret);
  });
});

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/sentry-reporting-handler.ts');

/** Bundles the fixture handler as the stack does for a stage with (or without) a DSN. */
async function bundled(sentry: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sentry-bundle-'));
  dirs.push(dir);
  await build({
    ...esbuildOptions(sentry),
    entryPoints: [FIXTURE],
    outfile: join(dir, 'index.mjs'),
    logLevel: 'error',
  });
  if (sentry) await build(sentrySdkBuildOptions(ROOT, join(dir, SENTRY_SDK_FILE)));
  return join(dir, 'index.mjs');
}
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A cold environment: a fresh Node process imports the bundle, runs one invocation and exits at
 * once (so anything not sent before the handler returned is lost). It prints the answer and every
 * module file it loaded (Node's built-ins aside).
 */
async function coldInvocation(file: string, event: object, env: Record<string, string> = {}) {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const answer = await handler(${JSON.stringify(event)});
    process.stdout.write(JSON.stringify({ answer, loaded }));
    process.exit(0);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    { env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'SILENT', ...env } },
  );
  const result = JSON.parse(stdout) as { answer: { statusCode: number }; loaded: string[] };
  const files = result.loaded.filter((url) => url.startsWith('file:'));
  return { ...result, loaded: files.map((url) => url.split('/').pop()) };
}

describe('Sentry as deployed (bundled, in a cold process)', () => {
  it('a stage with a DSN: the handler file holds no SDK; a cold start without an error never loads it', async () => {
    const file = await bundled(true);
    expect(readFileSync(file, 'utf8')).not.toContain('sentry_key');
    const dsn = `http://publickey@127.0.0.1:${port}/1`;
    const { answer, loaded } = await coldInvocation(file, {}, { SENTRY_DSN: dsn });
    expect(answer.statusCode).toBe(200);
    expect(loaded).toContain('index.mjs');
    expect(loaded).not.toContain(SENTRY_SDK_FILE);
    expect(received).toEqual([]);
  });

  it('a stage with a DSN: the first error of a cold environment loads the SDK file and is sent, scrubbed, before the handler returns', async () => {
    const file = await bundled(true);
    const dsn = `http://publickey@127.0.0.1:${port}/1`;
    const { answer, loaded } = await coldInvocation(
      file,
      { fail: `FeexPay refused ${API_KEY} for ${PHONE}`, correlationId: 'corr-cold-1' },
      { SENTRY_DSN: dsn },
    );
    expect(answer.statusCode).toBe(500);
    expect(loaded).toContain(SENTRY_SDK_FILE);
    // The process exited as soon as the handler returned: the event was flushed before that.
    const events = received.filter((body) => body.includes('"type":"event"'));
    expect(events).toHaveLength(1);
    expect(events[0]).toContain('corr-cold-1');
    expect(events[0]).toContain('FeexPay refused fp_***');
    expect(events[0]).not.toContain(PHONE);
    expect(events[0]).not.toContain(API_KEY);
  });

  it('a stage without a DSN ships no SDK at all: an error, even with SENTRY_DSN set, loads and sends nothing', async () => {
    const file = await bundled(false);
    expect(readFileSync(file, 'utf8')).not.toContain(SENTRY_SDK_FILE);
    const dsn = `http://publickey@127.0.0.1:${port}/1`;
    const { answer, loaded } = await coldInvocation(file, { fail: 'boom' }, { SENTRY_DSN: dsn });
    expect(answer.statusCode).toBe(500);
    expect(loaded).toEqual(['index.mjs']);
    expect(received).toEqual([]);
  });
});
