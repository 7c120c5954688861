/**
 * The OTP step (POST {id}/otp/, shared/payments/otp.ts) and the two kinds of OTP network, against
 * DynamoDB Local, the SQS emulator and the FeexPay simulator over HTTP, with the handlers called
 * in-process so the DynamoDB requests can be counted (docs/payments.md, "The OTP step"):
 * Coris starts without a code and takes the one FeexPay sent; Orange Burkina takes the code the
 * customer made first; the step is idempotent, sent to FeexPay once, and its failures mean what
 * they mean for the money.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { overrideConfig } from '../../shared/config.ts';
import * as idempotency from '../../shared/payments/idempotency.ts';
import * as payments from '../../shared/payments/store.ts';
import { mtnBody, type PaymentsHarness, startPaymentsHarness } from './payments-harness.ts';

let h: PaymentsHarness;
let n = 0;
const key = () => `otp-${Date.now()}-${++n}`;

beforeAll(async () => {
  h = await startPaymentsHarness({ feexPayRequestTimeoutMs: 1_500 });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.simulator.clearFaults();
  h.dynamoRequests.reset();
});

function corisBody(ending = '00', extra: Record<string, unknown> = {}) {
  return {
    amount: 1500,
    currency: 'XOF',
    network: 'coris',
    phoneNumber: `22901660000${ending}`,
    description: 'Order 42',
    ...extra,
  };
}

/** Coris initiated for `user`: answered 201 PENDING, awaiting the code FeexPay sent. */
async function awaitingCode(user: string, ending = '00') {
  const started = await h.initiate(user, corisBody(ending), key());
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ status: 'PENDING', awaitingOtp: true, network: 'coris' });
  const id = String(started.body.id);
  const tx = h.simulator.transactions().find((t) => t.callbackInfo === id);
  expect(tx).toMatchObject({ awaitingOtp: true });
  return { id, code: tx?.otpSent ?? '', reference: tx?.reference ?? '' };
}

const requestsToPay = () => h.simulator.stats().requestToPay;

describe('Coris: two steps', () => {
  it('starts without a code, then the code FeexPay sent settles it: 2 + 3 DynamoDB requests', async () => {
    await h.initiate('coris-warm', mtnBody(), key()); // the user's first rate-limit lease
    h.dynamoRequests.reset();
    const { id, code, reference } = await awaitingCode('coris-warm');
    // Initiate as for any network: the Put and the write recording FeexPay's answer.
    expect(h.dynamoRequests.counts()).toEqual({ PutItem: 1, UpdateItem: 1 });
    const first = h.simulator.requests().at(-1);
    expect(first?.body).not.toHaveProperty('otp');
    await h.notifications(); // drain

    h.dynamoRequests.reset();
    const confirmed = await h.otp('coris-warm', id, key(), { otp: code });

    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id, status: 'SUCCESSFUL' });
    expect(confirmed.body).not.toHaveProperty('awaitingOtp');
    // The consistent read of the payment, the step's claim, the write of FeexPay's answer.
    expect(h.dynamoRequests.counts()).toEqual({ GetItem: 1, UpdateItem: 2 });
    const second = h.simulator.requests().at(-1);
    expect(second?.body).toMatchObject({ otp: code, reference, callback_info: id, amount: 1500 });
    const stored = await payments.get(id, { consistent: true });
    expect(stored).toMatchObject({ status: 'SUCCESSFUL', reference });
    expect(stored?.awaitingOtp).toBeUndefined();
    expect(stored?.events.map((e) => e.type)).toEqual([
      'created',
      'provider_accepted',
      'otp_submitted',
      'status_changed',
    ]);
    const notes = await h.notifications();
    expect(notes.map((m) => m.type)).toContain('payment.succeeded');
  });

  it('is idempotent: the same key and code replay the answer without calling FeexPay; another code is 422, another key 409', async () => {
    const { id, code } = await awaitingCode('coris-idem');
    const k = key();
    const first = await h.otp('coris-idem', id, k, { otp: code });
    const calls = requestsToPay();

    const replay = await h.otp('coris-idem', id, k, { otp: code });
    const otherCode = await h.otp('coris-idem', id, k, { otp: '999999' });
    const otherKey = await h.otp('coris-idem', id, key(), { otp: code });

    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(otherCode.status).toBe(422);
    expect(otherCode.body.code).toBe('idempotency_key_reused');
    expect(otherKey.status).toBe(409);
    expect(otherKey.body.code).toBe('otp_already_submitted');
    expect(requestsToPay()).toBe(calls);
  });

  it('a wrong code: FeexPay answers FAILED, the payment FAILS with otp_invalid, and a retry starts over', async () => {
    const { id } = await awaitingCode('coris-wrong');

    const answer = await h.otp('coris-wrong', id, key(), { otp: '000000' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'FAILED', failureCode: 'otp_invalid' });
    const retried = await h.retry('coris-wrong', id, key());
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ retryOf: id, status: 'PENDING', awaitingOtp: true });
  });

  it('FeexPay unavailable: 503 with the failure code, nothing kept; the code can be sent again', async () => {
    const { id, code } = await awaitingCode('coris-down');
    const k = key();
    h.simulator.injectFault({ target: 'requestToPay', kind: 'http503', times: 1 });

    const down = await h.otp('coris-down', id, k, { otp: code });

    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      code: 'provider_unavailable',
      paymentId: id,
      failureCode: 'provider_unavailable',
    });
    expect(down.headers['retry-after']).toBe('30');
    expect(await payments.get(id, { consistent: true })).toMatchObject({
      status: 'PENDING',
      awaitingOtp: true,
    });
    const again = await h.otp('coris-down', id, k, { otp: code });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'SUCCESSFUL' });
  });

  it('no answer to the code: PENDING, never sent again, followed by its reference', async () => {
    const { id, code } = await awaitingCode('coris-lost');
    h.simulator.injectFault({ target: 'requestToPay', kind: 'timeout', times: 1 });
    const calls = requestsToPay();

    const lost = await h.otp('coris-lost', id, key(), { otp: code });

    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({ status: 'PENDING' });
    expect(lost.body).not.toHaveProperty('awaitingOtp');
    expect(requestsToPay()).toBe(calls + 1);
    // FeexPay took the code (the fault processed it): the status route's next refresh finds the
    // success.
    overrideConfig({ paymentStatusRefreshSeconds: 0 });
    try {
      const read = await h.status('coris-lost', id);
      expect(read.body).toMatchObject({ status: 'SUCCESSFUL' });
    } finally {
      overrideConfig({ paymentStatusRefreshSeconds: 5 });
    }
  });

  it('the code goes only with the second step, and only to a payment waiting for one', async () => {
    const withCode = await h.initiate('coris-rules', corisBody('00', { otp: '123456' }), key());
    const mtn = await h.initiate('coris-rules', mtnBody('02'), key());
    const notCoris = await h.otp('coris-rules', String(mtn.body.id), key(), { otp: '123456' });
    const { id, code } = await awaitingCode('coris-rules');
    await h.otp('coris-rules', id, key(), { otp: code });
    const settled = await h.otp('coris-rules', id, key(), { otp: code });
    const stranger = await h.otp('someone-else', id, key(), { otp: code });

    expect(withCode.status).toBe(400);
    expect(withCode.body.errors).toEqual([expect.objectContaining({ field: 'otp' })]);
    expect(notCoris.status).toBe(409);
    expect(notCoris.body.code).toBe('otp_not_expected');
    expect(settled.status).toBe(409);
    expect(settled.body.code).toBe('otp_already_submitted');
    expect(stranger.status).toBe(404);
  });

  it('a code never sent: the payment expires after PAYMENT_UNCONFIRMED_EXPIRY_SECONDS, then it can be retried', async () => {
    overrideConfig({ paymentUnconfirmedExpirySeconds: 1, paymentStatusRefreshSeconds: 0 });
    try {
      const { id } = await awaitingCode('coris-late', '02');
      const early = await h.retry('coris-late', id, key());
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/code/);
      await new Promise((resolve) => setTimeout(resolve, 1_200));

      const read = await h.status('coris-late', id);

      expect(read.body).toMatchObject({ status: 'EXPIRED' });
      expect(read.body).not.toHaveProperty('awaitingOtp');
      const retried = await h.retry('coris-late', id, key());
      expect(retried.status).toBe(201);
    } finally {
      overrideConfig({ paymentUnconfirmedExpirySeconds: 300, paymentStatusRefreshSeconds: 5 });
    }
  });
});

describe('Orange Burkina: the code first', () => {
  const orangeBody = (otp?: string) => ({
    amount: 1500,
    currency: 'XOF',
    network: 'orange_bf',
    phoneNumber: '22670000000',
    ...(otp ? { otp } : {}),
  });

  it('the code the customer made goes with the request-to-pay; no OTP step', async () => {
    const missing = await h.initiate('orange-user', orangeBody(), key());
    const paid = await h.initiate('orange-user', orangeBody('482913'), key());

    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'otp', message: expect.stringContaining('*144*4*6*#') },
    ]);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: 'PENDING' });
    expect(paid.body).not.toHaveProperty('awaitingOtp');
    expect(h.simulator.requests().at(-1)?.body).toMatchObject({ otp: '482913' });
    const step = await h.otp('orange-user', String(paid.body.id), key(), { otp: '482913' });
    expect(step.status).toBe(409);
    expect(step.body.code).toBe('otp_not_expected');
  });

  it('a wrong code: FAILED at once with otp_invalid; a retry needs a fresh code', async () => {
    const wrong = await h.initiate('orange-wrong', orangeBody('000000'), key());
    const id = String(wrong.body.id);

    expect(wrong.body).toMatchObject({ status: 'FAILED', failureCode: 'otp_invalid' });
    const noCode = await h.retry('orange-wrong', id, key());
    expect(noCode.status).toBe(400);
    const fresh = await h.retry('orange-wrong', id, key(), { otp: '482913' });
    expect(fresh.status).toBe(201);
  });
});

describe('a push network takes no code', () => {
  it('otp on MTN is refused, naming the field', async () => {
    const answer = await h.initiate('mtn-otp', mtnBody('00', { otp: '123456' }), key());

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'otp', message: expect.stringContaining('takes no payment code') },
    ]);
    expect(idempotency.isPaymentId(String(answer.body.id ?? 'none'))).toBe(false);
  });
});
