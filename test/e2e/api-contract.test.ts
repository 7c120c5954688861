/**
 * The published contract against the running system: real answers of the local stack parse with
 * the response schemas the OpenAPI document is generated from, GET openapi.json serves the
 * committed document with an ETag, and the demo's token endpoint works. If a handler starts
 * answering something the document does not describe, this fails.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { LocalStack } from '../../local/stack.ts';
import * as responses from '../../shared/api/responses.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ settings: { simulatorDelayMs: 100 }, log: () => {} });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Parses strictly: an undocumented field in an answer is drift too. */
function expectMatches(schema: z.ZodObject, body: unknown) {
  const result = schema.strict().safeParse(body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

describe('answers match the documented schemas', () => {
  it('GET openapi.json serves the committed document, cacheable with an ETag', async () => {
    const committed = JSON.parse(
      await readFile(resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'),
    );
    const res = await api(stack, 'GET', 'openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(committed);
    const etag = res.headers.get('etag') as string;
    expect(etag).toMatch(/^".+"$/);
    expect(res.headers.get('cache-control')).toContain('public');
    const again = await api(stack, 'GET', 'openapi.json', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('providers and health', async () => {
    const providers = await api(stack, 'GET', 'providers/');
    expect(providers.status).toBe(200);
    expectMatches(responses.providersCatalogSchema, providers.body);
    const health = await api(stack, 'GET', 'health');
    expect(health.status).toBe(200);
    expectMatches(responses.healthReportSchema, health.body);
  });

  it('a payment through initiate, status (redirect network: paymentUrl) and history', async () => {
    const token = await tokenFor(`contract-${randomUUID().slice(0, 8)}`);
    const created = await api(stack, 'POST', 'initiate/', {
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        amount: 1500,
        currency: 'XOF',
        network: 'wave_ci',
        phoneNumber: '2250700000000',
        description: 'Contract test',
        metadata: { orderId: 'c-1' },
      },
    });
    expect(created.status).toBe(201);
    expectMatches(responses.publicPaymentSchema, created.body);
    expect(created.body.paymentUrl).toBeTruthy();
    const status = await api(stack, 'GET', `${created.body.id}/status`, { token });
    expectMatches(responses.publicPaymentSchema, status.body);
    const history = await api(stack, 'GET', 'history?limit=5', { token });
    expectMatches(responses.historyPageSchema, history.body);
    expect(history.body.items).toHaveLength(1);
    // The header policy (shared/http/headers.ts), as a client receives it: authenticated answers
    // are never stored; every answer is HTTPS-only and never sniffed.
    for (const answer of [created, status, history]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const providers = await api(stack, 'GET', 'providers');
    expect(providers.headers.get('cache-control')).toBe('public, max-age=60');
    expect(providers.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a checkout: created, read, paid, listed, as documented; its 409s name their ids', async () => {
    const merchant = await tokenFor('contract-shop', { claims: { scope: 'payments/merchant' } });
    const orderId = `contract-${randomUUID().slice(0, 8)}`;
    const created = await api(stack, 'POST', 'checkouts/', {
      token: merchant,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        amount: 1500,
        currency: 'XOF',
        orderId,
        description: 'Contract test',
        customer: { phoneNumber: '0700000000', firstName: 'Awa', email: 'awa@example.com' },
        countries: ['CI'],
        returnUrl: 'https://shop.example.com/back',
        locale: 'fr',
        metadata: { cart: 'c-1' },
      },
    });
    expect(created.status).toBe(201);
    expectMatches(responses.checkoutSchema, created.body);
    const id = created.body.id;
    const attempt = await api(stack, 'POST', `checkouts/${id}/pay/`, {
      headers: { 'idempotency-key': randomUUID() },
      body: { network: 'wave_ci', phoneNumber: '+225 07 00 00 00 02' },
    });
    expect(attempt.status).toBe(201);
    expectMatches(responses.checkoutAttemptSchema, attempt.body);
    expect(attempt.body.paymentUrl).toBeTruthy();
    const view = await api(stack, 'GET', `checkouts/${id}/public/`);
    expectMatches(responses.publicCheckoutSchema, view.body);
    const read = await api(stack, 'GET', `checkouts/${id}`, { token: merchant });
    expectMatches(responses.checkoutSchema, read.body);
    const payment = await api(stack, 'GET', `payments/${attempt.body.id}`, { token: merchant });
    expectMatches(responses.publicPaymentSchema, payment.body);
    const list = await api(stack, 'GET', `payments?orderId=${orderId}`, { token: merchant });
    expectMatches(responses.paymentsPageSchema, list.body);
    const busy = await api(stack, 'POST', `checkouts/${id}/pay`, {
      headers: { 'idempotency-key': randomUUID() },
      body: { network: 'wave_ci', phoneNumber: '0700000000' },
    });
    expectMatches(responses.problemSchema, busy.body);
    expect(busy.body).toMatchObject({ code: 'attempt_in_progress', paymentId: attempt.body.id });
    // A checkout's attempt is no customer's payment.
    const customer = await tokenFor('contract-customer');
    expect((await api(stack, 'GET', `${attempt.body.id}/status`, { token: customer })).status).toBe(
      404,
    );
  });

  it('errors are problem+json as documented', async () => {
    const token = await tokenFor('contract-errors');
    const invalid = await api(stack, 'POST', 'initiate', {
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 'ten' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/problem+json');
    expectMatches(responses.problemSchema, invalid.body);
    const missing = await api(stack, 'GET', 'pay_doesnotexist/status', { token });
    expect(missing.status).toBe(404);
    expectMatches(responses.problemSchema, missing.body);
  });
});

describe('demo token endpoint (local only)', () => {
  it('mints a token the API accepts, and refuses a bad subject', async () => {
    const res = await fetch(`${stack.baseUrl}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'demo-contract' }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const history = await api(stack, 'GET', 'history', { token });
    expect(history.status).toBe(200);
    const bad = await fetch(`${stack.baseUrl}/_local/token`, {
      method: 'POST',
      body: JSON.stringify({ sub: 'no spaces allowed' }),
    });
    expect(bad.status).toBe(400);
  });

  it('mints a merchant server’s token (the merchant scope) for the demo', async () => {
    const res = await fetch(`${stack.baseUrl}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'demo-shop', merchant: true }),
    });
    const { token } = (await res.json()) as { token: string };
    expect((await api(stack, 'GET', 'payments', { token })).status).toBe(200);
  });

  it('serves the demo page and its bundled script', async () => {
    const page = await fetch(`${stack.baseUrl}/demo/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    const script = await fetch(`${stack.baseUrl}/demo/app.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('createCheckout');
    const bare = await fetch(`${stack.baseUrl}/demo`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
  });
});
