/**
 * POST initiate/ and POST retry/{id}/ against DynamoDB Local, the SQS emulator and the FeexPay
 * simulator over HTTP (handlers in-process, so DynamoDB requests can be counted).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as payments from '../../shared/payments/store.ts';
import { applyProviderResult } from '../../shared/payments/transition.ts';
import {
  eventually,
  mtnBody,
  type PaymentsHarness,
  startPaymentsHarness,
} from './payments-harness.ts';

let h: PaymentsHarness;
let n = 0;
const key = () => `key-${Date.now()}-${++n}`;

beforeAll(async () => {
  h = await startPaymentsHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.dynamoRequests.reset();
});

describe('POST initiate/', () => {
  it('creates the payment before calling FeexPay and answers 201 with a masked phone, in 3 DynamoDB requests', async () => {
    const before = h.simulator.stats().requestToPay;
    // A user new to this execution environment: the rate limiter takes its first lease here.
    const res = await h.initiate(
      'user-new',
      mtnBody('00', { metadata: { orderId: 'A-1' } }),
      key(),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      amount: 1500,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: '229******0000',
      metadata: { orderId: 'A-1' },
    });
    expect(String(res.body.id)).toMatch(/^pay_[a-z2-7]{26}$/);
    expect(h.simulator.stats().requestToPay).toBe(before + 1);
    // Our payment id travels to FeexPay as callback_info.
    const sent = h.simulator.transactions().find((t) => t.callbackInfo === res.body.id);
    expect(sent).toBeDefined();
    // rate-limit lease (UpdateItem) + conditional Put + one UpdateItem with FeexPay's answer.
    expect(h.dynamoRequests.counts()).toEqual({ UpdateItem: 2, PutItem: 1 });
  });

  it('replays the stored answer for the same key and body, in 1 DynamoDB request and no FeexPay call', async () => {
    const k = key();
    // The first request takes the user's rate-limit lease; the replay spends a token of it.
    const first = await h.initiate('user-replay', mtnBody(), k);
    const calls = h.simulator.stats().requestToPay;
    h.dynamoRequests.reset();
    const again = await h.initiate('user-replay', mtnBody(), k);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(h.simulator.stats().requestToPay).toBe(calls);
    // One failed conditional Put that returns the stored item: no read, no limiter write.
    expect(h.dynamoRequests.counts()).toEqual({ PutItem: 1 });
  });

  it('a replay after the payment moved on (settled; or failed and retried) still returns the first answer byte for byte', async () => {
    // PENDING first answer, then FeexPay confirms the success.
    const k = key();
    const first = await h.initiate('user-moved', mtnBody('02'), k);
    expect(first.body.status).toBe('PENDING');
    const id = String(first.body.id);
    const stored = await payments.get(id, { consistent: true });
    const settled = await applyProviderResult(
      id,
      { reference: String(stored?.reference), status: 'SUCCESSFUL', amount: 1500 },
      'webhook',
    );
    expect(settled.payment.status).toBe('SUCCESSFUL');
    const again = await h.initiate('user-moved', mtnBody('02'), k);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));

    // FAILED in the first answer, then retried: the old payment gains `attempts`, its answer does not.
    const k2 = key();
    const failed = await h.initiate('user-moved', mtnBody('06'), k2);
    expect(failed.body.status).toBe('FAILED');
    const retried = await h.retry('user-moved', String(failed.body.id), key());
    expect(retried.status).toBe(201);
    const replayed = await h.initiate('user-moved', mtnBody('06'), k2);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(JSON.stringify(replayed.body)).toBe(JSON.stringify(failed.body));
    expect(replayed.body).not.toHaveProperty('attempts');
  });

  it('takes the phone number as people write it, and stores it as digits, country code first, and answers it masked as ever', async () => {
    const typed = [
      '+229 01 66 00 00 00',
      '+229-01-66-00-00-00',
      '(+229) 01.66.00.00.00',
      '00229 01 66 00 00 00',
      '01 66 00 00 00',
      '2290166000000',
    ];
    for (const phoneNumber of typed) {
      const res = await h.initiate('user-phone', { ...mtnBody(), phoneNumber }, key());
      expect(res.status, phoneNumber).toBe(201);
      // Answered masked, as every payment is (docs/payments.md), from the canonical digits.
      expect(res.body.phoneNumber, phoneNumber).toBe('229******0000');
      const stored = await payments.get(String(res.body.id), { consistent: true });
      expect(stored?.phoneNumber, phoneNumber).toBe('2290166000000');
    }
    // The same key with the same number written another way is the same request (a replay).
    const k = key();
    const first = await h.initiate(
      'user-phone',
      { ...mtnBody(), phoneNumber: '+229 01 66 00 00 00' },
      k,
    );
    const again = await h.initiate('user-phone', mtnBody(), k);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
  });

  it('answers 422 for the same key with another body, and 400 naming Idempotency-Key without one', async () => {
    const k = key();
    await h.initiate('user-a', mtnBody(), k);
    const other = await h.initiate('user-a', { ...mtnBody(), amount: 2000 }, k);
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toBe('application/problem+json');
    expect(other.body.code).toBe('idempotency_key_reused');

    const noKey = await h.initiate('user-a', mtnBody(), undefined);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('keys are per user: the same key from two users makes two payments', async () => {
    const k = key();
    const a = await h.initiate('user-a', mtnBody(), k);
    const b = await h.initiate('user-b', mtnBody(), k);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('20 concurrent requests with one key make one payment and one request-to-pay; the rest replay or 409', async () => {
    const k = key();
    const before = h.simulator.stats().requestToPay;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => h.initiate('user-c', mtnBody('00'), k)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id)).size).toBe(1);
    for (const conflict of answers.filter((a) => a.status === 409)) {
      expect(conflict.body.code).toBe('request_in_progress');
      expect(Number(conflict.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(h.simulator.stats().requestToPay).toBe(before + 1);
    const replayed = answers.filter((a) => a.headers['idempotent-replayed'] === 'true');
    expect(replayed.length + answers.filter((a) => a.status === 409).length).toBe(19);
  });

  describe('rejects invalid input with a 4xx naming the field, writes nothing and does not call FeexPay', () => {
    const cases: Array<[string, unknown, string]> = [
      ['amount as a string', { ...mtnBody(), amount: '1500' }, 'amount'],
      ['a float amount', { ...mtnBody(), amount: 1500.5 }, 'amount'],
      ['a negative amount', { ...mtnBody(), amount: -5 }, 'amount'],
      ['an amount below the minimum', { ...mtnBody(), amount: 50 }, 'amount'],
      ['an amount above the maximum', { ...mtnBody(), amount: 2_000_001 }, 'amount'],
      ['an unknown network', { ...mtnBody(), network: 'mtn_xx' }, 'network'],
      [
        'the currency of another country',
        { ...mtnBody(), network: 'mtn_cg', phoneNumber: '242066000000' },
        'currency',
      ],
      ['a malformed phone', { ...mtnBody(), phoneNumber: '+229 01 66 ab 00 00' }, 'phoneNumber'],
      ['a national number after +', { ...mtnBody(), phoneNumber: '+0166000000' }, 'phoneNumber'],
      ['a phone of another country', { ...mtnBody(), phoneNumber: '2250166000000' }, 'phoneNumber'],
      ['a phone of the wrong length', { ...mtnBody(), phoneNumber: '22901660000' }, 'phoneNumber'],
      ['a missing OTP', { ...mtnBody(), network: 'orange_bf', phoneNumber: '22670000000' }, 'otp'],
      ['an oversized description', { ...mtnBody(), description: 'a'.repeat(150) }, 'description'],
      ['an oversized first name', { ...mtnBody(), firstName: 'x'.repeat(51) }, 'firstName'],
      ['a bad email', { ...mtnBody(), email: 'not-an-email' }, 'email'],
      ['an http returnUrl', { ...mtnBody(), returnUrl: 'http://shop.example/back' }, 'returnUrl'],
      [
        'too many metadata keys',
        {
          ...mtnBody(),
          metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
        },
        'metadata',
      ],
      ['a nested metadata value', { ...mtnBody(), metadata: { a: { b: 1 } } }, 'metadata.a'],
      ['an unknown field', { ...mtnBody(), ammount: 1500 }, 'ammount'],
      [
        'a missing amount',
        { currency: 'XOF', network: 'mtn', phoneNumber: '2290166000000' },
        'amount',
      ],
    ];
    it.each(cases)('%s', async (_name, body, field) => {
      const calls = h.simulator.stats().requestToPay;
      const res = await h.initiate('user-v', body, key());
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json');
      const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
      expect(fields).toContain(field);
      expect(h.dynamoRequests.total()).toBe(0);
      expect(h.simulator.stats().requestToPay).toBe(calls);
    });

    it('malformed JSON → 400, a non-JSON content type → 415', async () => {
      const malformed = await h.initiate('user-v', '{"amount":', key(), true);
      expect(malformed.status).toBe(400);
      const text = await h.initiate('user-v', 'amount=1', key());
      expect(text.status).toBe(415);
      expect(h.dynamoRequests.total()).toBe(0);
    });
  });

  it('ending 06: FAILED in the first answer, with a reason, and a payment.failed notification', async () => {
    const res = await h.initiate('user-d', mtnBody('06'), key());
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('FAILED');
    expect(res.body.failureReason).toBeTruthy();
    const message = await eventually(async () =>
      (await h.notifications()).find((m) => (m.data as { id: string }).id === res.body.id),
    );
    expect(message).toMatchObject({
      type: 'payment.failed',
      webhookId: `evt_${res.body.id}_failed`,
    });
  });

  it('ending 05: a 503 problem with Retry-After naming the payment, which is FAILED and retryable', async () => {
    const k = key();
    const res = await h.initiate('user-e', mtnBody('05'), k);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.code).toBe('provider_unavailable');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const id = /pay_[a-z2-7]{26}/.exec(String(res.body.detail))?.[0] as string;
    expect(id).toBeDefined();

    // The answer is the stored idempotent response.
    const replay = await h.initiate('user-e', mtnBody('05'), k);
    expect(replay.status).toBe(503);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const status = await h.status('user-e', id);
    expect(status.body).toMatchObject({ status: 'FAILED', failureReason: 'PROVIDER_UNAVAILABLE' });
  });
});

describe('POST retry/{id}/', () => {
  it('retries a FAILED payment as a new payment linked both ways; replays; 409 for PENDING; 404 for others', async () => {
    const failed = await h.initiate('user-r', mtnBody('06'), key());
    expect(failed.body.status).toBe('FAILED');
    const id = String(failed.body.id);

    const retryKey = key();
    const retried = await h.retry('user-r', id, retryKey);
    expect(retried.status).toBe(201);
    expect(retried.body.id).not.toBe(id);
    expect(retried.body.retryOf).toBe(id);
    const replay = await h.retry('user-r', id, retryKey);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retried.body.id);

    const original = await h.status('user-r', id);
    expect(original.body.attempts).toEqual([retried.body.id]);

    const noKey = await h.retry('user-r', id, undefined);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);

    const pending = await h.initiate('user-r', mtnBody('02'), key());
    const notRetryable = await h.retry('user-r', String(pending.body.id), key());
    expect(notRetryable.status).toBe(409);
    expect(notRetryable.body.code).toBe('payment_not_retryable');

    const foreign = await h.retry('user-intruder', id, key());
    expect(foreign.status).toBe(404);
    const missing = await h.retry('user-r', 'pay_doesnotexist', key());
    expect(missing.status).toBe(404);
    expect(foreign.body.detail).toBe(String(missing.body.detail).replace('pay_doesnotexist', id));
  });
});
