/**
 * End to end through the local stack (its API Gateway, JWT, real handlers, DynamoDB Local, SQS
 * emulator, FeexPay simulator with its webhooks and our consumers): what a merchant frontend sees
 * through the API for the simulator's endings 00, 01, 05 and 06.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';

let stack: LocalStack;
let token: string;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: {
      port: 0,
      simulatorDelayMs: 100,
      tableName: `e2e-payments-${randomUUID().slice(0, 8)}`,
      logLevel: 'ERROR',
    },
    queuePrefix: `e2e-pay-${randomUUID().slice(0, 8)}-`,
    visibilityTimeoutSeconds: 5,
    log: () => {},
  });
  token = await stack.issuer.sign('user-payments-e2e');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function api(
  method: string,
  path: string,
  options: { body?: unknown; key?: string; bearer?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${stack.apiUrl}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.bearer ?? token}`,
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

const initiate = (ending: string) =>
  api('POST', 'initiate/', {
    key: randomUUID(),
    body: { amount: 2500, currency: 'XOF', network: 'mtn', phoneNumber: `22901970000${ending}` },
  });

/** Reads the status route until it shows `status` (each read may refresh from FeexPay). */
async function statusBecomes(id: string, status: string, timeoutMs = 20_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', `${id}/status/`);
    if (res.body.status === status) return res;
    if (Date.now() > deadline)
      throw new Error(`payment ${id} is ${String(res.body.status)}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('payments through the local stack', () => {
  it('rejects a request without a token (401) before any handler runs', async () => {
    const res = await api('GET', 'history/', { bearer: 'not-a-jwt' });
    expect(res.status).toBe(401);
  });

  it('ending 00: PENDING at first, then SUCCESSFUL through GET status', async () => {
    const created = await initiate('00');
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PENDING');
    const settled = await statusBecomes(String(created.body.id), 'SUCCESSFUL');
    expect(settled.body).toMatchObject({
      amount: 2500,
      currency: 'XOF',
      phoneNumber: '229******0000',
    });
  });

  it('ending 01: FAILED with a reason', async () => {
    const created = await initiate('01');
    expect(created.status).toBe(201);
    const failed = await statusBecomes(String(created.body.id), 'FAILED');
    expect(failed.body.failureReason).toBeTruthy();
  });

  it('ending 06: FAILED in the first answer', async () => {
    const created = await initiate('06');
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('FAILED');
    expect(created.body.failureReason).toBeTruthy();
  });

  it('ending 05: a 503 problem for the user, and a FAILED payment the retry route accepts', async () => {
    const created = await initiate('05');
    expect(created.status).toBe(503);
    expect(created.headers.get('content-type')).toBe('application/problem+json');
    expect(created.headers.get('retry-after')).toBeTruthy();
    expect(created.body.code).toBe('provider_unavailable');
    const id = /pay_[a-z2-7]{26}/.exec(String(created.body.detail))?.[0] as string;
    const stored = await api('GET', `${id}/status/`);
    expect(stored.body).toMatchObject({ status: 'FAILED', failureReason: 'PROVIDER_UNAVAILABLE' });

    // FeexPay is still "down" for this number, but the retry is a new, linked attempt.
    const retried = await api('POST', `retry/${id}/`, { key: randomUUID() });
    expect(retried.status).toBe(503);
    const history = await api('GET', 'history/?status=FAILED&limit=100');
    const items = history.body.items as Array<{
      id: string;
      retryOf?: string;
      attempts?: string[];
    }>;
    const attempt = items.find((p) => p.retryOf === id);
    expect(attempt).toBeDefined();
    expect(items.find((p) => p.id === id)?.attempts).toEqual([attempt?.id]);
  });
});
