/**
 * Sentry through the route handler wrapper: off (nothing loaded, captured or sent) without a DSN; with
 * one, an unexpected error becomes one event at a local HTTP sink, scrubbed of phone numbers, the
 * FeexPay key, tokens, request bodies and auth headers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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
