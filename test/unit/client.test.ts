/**
 * The typed client against a scripted fake fetch (no network): idempotency keys kept across its own
 * retries, 409 in flight, 429 with Retry-After, typed problem errors, polling and abort.
 */
import { describe, expect, it } from 'vitest';
import {
  createPaymentsClient,
  failureMessage,
  PaymentsConflictError,
  PaymentsNetworkError,
  PaymentsProviderError,
  PaymentsRateLimitError,
  PaymentsValidationError,
  payoutFailureMessage,
} from '../../client/src/index.ts';
import { PAYOUT_FAILURE_CODES } from '../../shared/payouts/failure-codes.ts';
import { order, payment } from '../support/client.ts';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Step = Response | Error | ((call: Call, signal?: AbortSignal) => Promise<Response>);

/** A fetch that answers each call with the next step and records what it was sent. */
function scriptedFetch(steps: Step[]) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const call: Call = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    };
    calls.push(call);
    const step = steps.shift();
    if (!step) throw new Error(`unexpected call ${call.method} ${call.url}`);
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(call, init.signal ?? undefined);
    return step;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const ok = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const problem = (status: number, code: string, headers: Record<string, string> = {}, extra = {}) =>
  new Response(
    JSON.stringify({
      type: `urn:feexpay-serverless:problem:${code}`,
      title: 't',
      status,
      code,
      detail: `detail of ${code}`,
      correlationId: 'corr-1',
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  );

function clientWith(steps: Step[], extra = {}) {
  const scripted = scriptedFetch(steps);
  let n = 0;
  const client = createPaymentsClient({
    baseUrl: 'http://api.test/',
    getToken: () => 'tok',
    fetch: scripted.fetch,
    retryBaseMs: 1,
    newIdempotencyKey: () => `key-${++n}`,
    ...extra,
  });
  return { client, calls: scripted.calls };
}

describe('cards', () => {
  it('status(id, { ref }) passes on the ref FeexPay added to the return URL', async () => {
    const { client, calls } = clientWith([ok(payment('SUCCESSFUL', { network: 'card' }))]);
    const result = await client.status('pay_1', { ref: 'a1b2-c3' });
    expect(result.network).toBe('card');
    expect(calls[0]?.url).toBe('http://api.test/api/v1/payments/feexpay/pay_1/status?ref=a1b2-c3');
  });
});

describe('two-step OTP networks and failure codes', () => {
  it('confirmOtp POSTs the code to {id}/otp with its own Idempotency-Key', async () => {
    const { client, calls } = clientWith([ok(payment('SUCCESSFUL', { network: 'coris' }))]);

    const result = await client.confirmOtp('pay_1', { otp: '482913' });

    expect(result.status).toBe('SUCCESSFUL');
    expect(calls[0]).toMatchObject({
      url: 'http://api.test/api/v1/payments/feexpay/pay_1/otp',
      method: 'POST',
      body: JSON.stringify({ otp: '482913' }),
    });
    expect(calls[0]?.headers['idempotency-key']).toBe('key-1');
  });

  it('a provider problem carries the payment and its failure code; failureMessage gives the payer’s text', async () => {
    const { client } = clientWith([
      problem(502, 'provider_rejected', {}, { paymentId: 'pay_9', failureCode: 'invalid_number' }),
    ]);

    const error = await client.initiate(order).catch((e) => e);

    expect(error).toBeInstanceOf(PaymentsProviderError);
    expect(error).toMatchObject({ paymentId: 'pay_9', failureCode: 'invalid_number' });
    expect(failureMessage(error.failureCode, 'fr')).toMatch(/^Ce numéro/);
    expect(failureMessage(error.failureCode, 'en')).toMatch(/^This number/);
    // French by default; a code this client does not know reads as unknown, never as nothing.
    expect(failureMessage('invalid_number')).toBe(failureMessage('invalid_number', 'fr'));
    expect(failureMessage('a_future_code', 'en')).toBe(failureMessage('unknown', 'en'));
    expect(failureMessage('toString', 'en')).toBe(failureMessage('unknown', 'en'));
  });
});

describe('client requests', () => {
  it('sends the token, JSON body and a fresh Idempotency-Key to initiate', async () => {
    const { client, calls } = clientWith([ok(payment('PENDING'), 201)]);
    const result = await client.initiate(order);
    expect(result.status).toBe('PENDING');
    expect(calls[0]).toMatchObject({
      url: 'http://api.test/api/v1/payments/feexpay/initiate',
      method: 'POST',
      headers: {
        authorization: 'Bearer tok',
        'content-type': 'application/json',
        'idempotency-key': 'key-1',
      },
    });
    expect(JSON.parse(String(calls[0]?.body))).toEqual(order);
  });

  it('retries after a network error with the same Idempotency-Key, and gets one payment', async () => {
    const { client, calls } = clientWith([
      new TypeError('fetch failed'),
      ok(payment('PENDING'), 201),
    ]);
    const result = await client.initiate(order);
    expect(result.id).toBe('pay_1');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers['idempotency-key']).toBe(calls[0]?.headers['idempotency-key']);
    // A second logical payment gets another key.
    const second = clientWith([ok(payment('PENDING'), 201)]);
    await second.client.initiate(order, { idempotencyKey: 'mine' });
    expect(second.calls[0]?.headers['idempotency-key']).toBe('mine');
  });

  it('gives up after its attempts with a PaymentsNetworkError that carries the key', async () => {
    const { client, calls } = clientWith(
      [new TypeError('down'), new TypeError('down'), new TypeError('down')],
      { maxAttempts: 3 },
    );
    const error = await client.initiate(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentsNetworkError);
    expect((error as PaymentsNetworkError).idempotencyKey).toBe('key-1');
    expect(calls).toHaveLength(3);
  });

  it('waits out a 409 request_in_progress (Retry-After) and replays with the same key', async () => {
    const { client, calls } = clientWith([
      problem(409, 'request_in_progress', { 'retry-after': '0' }),
      ok(payment('SUCCESSFUL'), 201),
    ]);
    const result = await client.initiate(order);
    expect(result.status).toBe('SUCCESSFUL');
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
  });

  it('does not retry a 409 payment_not_retryable', async () => {
    const { client, calls } = clientWith([problem(409, 'payment_not_retryable')]);
    const error = await client.retry('pay_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentsConflictError);
    expect((error as PaymentsConflictError).code).toBe('payment_not_retryable');
    expect(calls).toHaveLength(1);
  });

  it('honours Retry-After on 429 and succeeds', async () => {
    const { client, calls } = clientWith([
      problem(429, 'rate_limited', { 'retry-after': '1' }),
      ok({ items: [], nextCursor: null }),
    ]);
    const started = Date.now();
    const page = await client.history({ limit: 5, status: 'FAILED' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(page.items).toEqual([]);
    expect(calls[1]?.url).toBe(
      'http://api.test/api/v1/payments/feexpay/history?limit=5&status=FAILED',
    );
  });

  it('surfaces a 429 whose Retry-After is longer than it will wait, with retryAfterSeconds', async () => {
    const { client, calls } = clientWith([problem(429, 'rate_limited', { 'retry-after': '42' })]);
    const error = await client.history().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentsRateLimitError);
    expect((error as PaymentsRateLimitError).retryAfterSeconds).toBe(42);
    expect(calls).toHaveLength(1);
  });

  it('turns problem+json into a typed error naming the fields', async () => {
    const { client } = clientWith([
      problem(
        400,
        'validation_failed',
        {},
        { errors: [{ field: 'amount', message: 'Too small' }] },
      ),
    ]);
    const error = (await client
      .initiate(order)
      .catch((e: unknown) => e)) as PaymentsValidationError;
    expect(error).toBeInstanceOf(PaymentsValidationError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      correlationId: 'corr-1',
      fields: [{ field: 'amount', message: 'Too small' }],
    });
    expect(error.message).toBe('detail of validation_failed');
  });
});

describe('the merchant server’s methods', () => {
  it('creates a checkout with a key, reads and cancels it, reads and lists payments', async () => {
    const checkout = { id: 'chk_x', status: 'OPEN', url: 'http://api.test/pay/chk_x' };
    const { client, calls } = clientWith([
      ok(checkout, 201),
      ok(checkout),
      ok({ ...checkout, status: 'CANCELED' }),
      ok(payment('SUCCESSFUL')),
      ok({ items: [], nextCursor: null }),
    ]);
    const body = { amount: 2500, currency: 'XOF' as const, orderId: '1042' };
    expect((await client.createCheckout(body)).url).toBe(checkout.url);
    await client.checkout('chk_x');
    expect((await client.cancelCheckout('chk_x')).status).toBe('CANCELED');
    await client.payment('pay_1');
    await client.payments({ orderId: 'A 1/2', status: 'SUCCESSFUL', limit: 5 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST http://api.test/api/v1/payments/feexpay/checkouts',
      'GET http://api.test/api/v1/payments/feexpay/checkouts/chk_x',
      'POST http://api.test/api/v1/payments/feexpay/checkouts/chk_x/cancel',
      'GET http://api.test/api/v1/payments/feexpay/payments/pay_1',
      'GET http://api.test/api/v1/payments/feexpay/payments?orderId=A+1%2F2&status=SUCCESSFUL&limit=5',
    ]);
    expect(calls[0]?.headers).toMatchObject({
      authorization: 'Bearer tok',
      'idempotency-key': 'key-1',
    });
    expect(JSON.parse(String(calls[0]?.body))).toEqual(body);
  });

  it('refunds a payment with a key, lists its refunds, pays out, reads and lists payouts', async () => {
    const refund = { id: 'rf_x', purpose: 'refund', status: 'PENDING', amount: 700 };
    const { client, calls } = clientWith([
      ok(refund, 201),
      ok({ items: [refund] }),
      ok({ ...refund, id: 'po_x', purpose: 'payout' }, 201),
      ok({ ...refund, id: 'po_x', purpose: 'payout' }),
      ok({ items: [], nextCursor: null }),
    ]);
    expect((await client.refund('pay_1', { amount: 700, reason: 'Annulée' })).id).toBe('rf_x');
    await client.refunds('pay_1');
    const payout = {
      amount: 1500,
      currency: 'XOF' as const,
      network: 'mtn',
      phoneNumber: '2290166000050',
      motif: 'Vendeur 118',
    };
    expect((await client.createPayout(payout, { idempotencyKey: 'mine' })).purpose).toBe('payout');
    await client.payout('po_x');
    await client.payouts({ limit: 5 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST http://api.test/api/v1/payments/feexpay/payments/pay_1/refunds',
      'GET http://api.test/api/v1/payments/feexpay/payments/pay_1/refunds',
      'POST http://api.test/api/v1/payments/feexpay/payouts',
      'GET http://api.test/api/v1/payments/feexpay/payouts/po_x',
      'GET http://api.test/api/v1/payments/feexpay/payouts?limit=5',
    ]);
    expect(calls[0]?.headers).toMatchObject({ 'idempotency-key': expect.any(String) });
    expect(calls[2]?.headers).toMatchObject({ 'idempotency-key': 'mine' });
    expect(JSON.parse(String(calls[2]?.body))).toEqual(payout);
  });

  it('a customer’s token on a merchant route is a PaymentsAuthError; an order with an OPEN checkout a conflict naming it', async () => {
    const { client } = clientWith([
      problem(403, 'insufficient_scope'),
      problem(409, 'checkout_exists', {}, { checkoutId: 'chk_open' }),
    ]);
    const body = { amount: 2500, currency: 'XOF' as const, orderId: '1042' };
    await expect(client.createCheckout(body)).rejects.toMatchObject({
      name: 'PaymentsAuthError',
      status: 403,
      code: 'insufficient_scope',
    });
    const conflict = await client.createCheckout(body).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(PaymentsConflictError);
    expect((conflict as PaymentsConflictError).problem.checkoutId).toBe('chk_open');
  });
});

describe('polling and abort', () => {
  it('waitForFinal polls until the payment settles and reports each state', async () => {
    const { client } = clientWith([
      ok(payment('PENDING')),
      ok(payment('PENDING')),
      ok(payment('FAILED', { failureReason: 'DECLINED' })),
    ]);
    const seen: string[] = [];
    const final = await client.waitForFinal('pay_1', {
      intervalMs: 1,
      onUpdate: (p) => seen.push(p.status),
    });
    expect(final.failureReason).toBe('DECLINED');
    expect(seen).toEqual(['PENDING', 'PENDING', 'FAILED']);
  });

  it('abort during a backoff wait rejects at once with an AbortError', async () => {
    const controller = new AbortController();
    const { client, calls } = clientWith([problem(429, 'rate_limited', { 'retry-after': '5' })]);
    const pending = client.history({}, { signal: controller.signal });
    // Abort once the first answer has been handled (the client is now waiting 5 s).
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(calls).toHaveLength(1);
  });

  it('abort during a request reaches fetch and is not retried', async () => {
    const controller = new AbortController();
    let fetchStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      fetchStarted = resolve;
    });
    const { client, calls } = clientWith([
      (_call, signal) =>
        new Promise<Response>((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          fetchStarted();
        }),
    ]);
    const pending = client.waitForFinal('pay_1', { signal: controller.signal });
    await started;
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(calls).toHaveLength(1);
  });

  it('payoutFailureMessage gives a FAILED payout’s or refund’s text, French first, for every code', () => {
    for (const code of PAYOUT_FAILURE_CODES) {
      expect(payoutFailureMessage(code), code).toBe(payoutFailureMessage(code, 'fr'));
      expect(payoutFailureMessage(code, 'fr'), code).not.toBe(payoutFailureMessage(code, 'en'));
    }
    expect(payoutFailureMessage('insufficient_balance')).toMatch(/^Solde FeexPay insuffisant/);
    expect(payoutFailureMessage('insufficient_balance', 'en')).toMatch(/^The FeexPay balance/);
    expect(payoutFailureMessage('a_future_code', 'en')).toBe(payoutFailureMessage('unknown', 'en'));
    expect(payoutFailureMessage('toString')).toBe(payoutFailureMessage('unknown'));
  });
});
