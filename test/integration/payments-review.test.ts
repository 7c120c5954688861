/**
 * Defects found by the payment-core review, each pinned by the behaviour a user would notice,
 * against DynamoDB Local and the FeexPay simulator (in-process handlers, payments-harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as idempotency from '../../shared/payments/idempotency.ts';
import * as payments from '../../shared/payments/store.ts';
import { applyProviderResult, expirePayment } from '../../shared/payments/transition.ts';
import { processWebhook } from '../../shared/webhooks/process.ts';
import { mtnBody, type PaymentsHarness, startPaymentsHarness } from './payments-harness.ts';

let h: PaymentsHarness;
let n = 0;
const key = () => `review-${Date.now()}-${++n}`;

beforeAll(async () => {
  // A short request-to-pay timeout: the timeout fault (unknown outcome) must end within the test.
  h = await startPaymentsHarness({ feexPayRequestTimeoutMs: 1_000 });
});
afterAll(async () => {
  await h?.stop();
});

describe('unknown initiation outcome, linked by a webhook while FeexPay still says PENDING', () => {
  it('keeps the reference FeexPay confirmed, so the success that follows is not lost', async () => {
    const k = key();
    const id = idempotency.paymentIdFor('link-user', k);
    h.simulator.injectFault({ target: 'requestToPay', kind: 'timeout', times: 1 });
    // Ending 02: the customer has not approved yet; FeexPay never answered the request-to-pay.
    const first = await h.initiate('link-user', mtnBody('02'), k);
    expect(first.body).toMatchObject({ id, status: 'PENDING' });
    const tx = h.simulator.transactions().find((t) => t.callbackInfo === id);
    expect(tx).toBeDefined();
    const reference = tx?.reference as string;

    // A webhook (e.g. FeexPay's, ahead of its own status endpoint) names our payment; FeexPay's
    // status answer ties the reference to it (callback_info) but still says PENDING.
    const outcome = await processWebhook({
      dedupeKey: `${reference}#SUCCESSFUL`,
      reference,
      claimedStatus: 'SUCCESSFUL',
      callbackInfo: id,
    });
    expect(outcome).toBe('still_pending');
    const linked = await payments.get(id, { consistent: true });
    expect(linked).toMatchObject({ status: 'PENDING', reference });
    expect(await payments.findByReference(reference)).toBe(id);

    // The customer approves; FeexPay sends no further webhook. The status route can now ask.
    expect(h.simulator.settle(reference, 'SUCCESSFUL')).toBe(true);
    const status = await h.status('link-user', id);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id, status: 'SUCCESSFUL' });
    expect(h.simulator.transactions().filter((t) => t.callbackInfo === id)).toHaveLength(1);
  });
});

describe('webhook callback_info', () => {
  it('a callback_info that is no payment id of ours (here longer than a DynamoDB key) is ignored, not a failing record bound for the DLQ', async () => {
    const outcome = await processWebhook({
      dedupeKey: 'no-such-ref#SUCCESSFUL',
      reference: 'no-such-ref',
      claimedStatus: 'SUCCESSFUL',
      callbackInfo: `pay_${'x'.repeat(3000)}`,
    });
    expect(outcome).toBe('unmatched');
  });
});

describe('one live retry per payment', () => {
  /** An EXPIRED payment whose retries stay PENDING at FeexPay (ending 02). */
  async function expiredPayment(user: string) {
    const created = await h.initiate(user, mtnBody('02'), key());
    const id = String(created.body.id);
    expect((await expirePayment(id, new Date())).changed).toBe(true);
    return id;
  }

  it('a double tap (two keys at once) starts one attempt: the other gets 409 retry_in_progress naming it; the first key still replays', async () => {
    const id = await expiredPayment('tap-user');
    const before = h.simulator.stats().requestToPay;
    const [a, b] = await Promise.all([
      h.retry('tap-user', id, key()),
      h.retry('tap-user', id, key()),
    ]);
    const won = [a, b].find((r) => r.status === 201);
    const lost = [a, b].find((r) => r.status !== 201);
    expect(won?.body).toMatchObject({ retryOf: id, status: 'PENDING' });
    expect(lost?.status).toBe(409);
    expect(lost?.headers['content-type']).toBe('application/problem+json');
    expect(lost?.body.code).toBe('retry_in_progress');
    expect(String(lost?.body.detail)).toContain(String(won?.body.id));
    expect(h.simulator.stats().requestToPay).toBe(before + 1);
    const original = await payments.get(id, { consistent: true });
    expect(original?.attempts).toEqual([won?.body.id]);
  });

  it('while an attempt is live a new key gets 409 and its own key replays; once it is final, a new retry starts; a paid attempt ends the retries', async () => {
    const id = await expiredPayment('live-user');
    const k1 = key();
    const first = await h.retry('live-user', id, k1);
    expect(first.status).toBe(201);
    const firstId = String(first.body.id);

    const second = await h.retry('live-user', id, key());
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('retry_in_progress');
    expect(String(second.body.detail)).toContain(firstId);
    const replay = await h.retry('live-user', id, k1);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);

    // The live attempt ends (expired): the original may be retried again.
    expect((await expirePayment(firstId, new Date())).changed).toBe(true);
    const third = await h.retry('live-user', id, key());
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    const thirdId = String(third.body.id);
    expect((await payments.get(id, { consistent: true }))?.attempts).toEqual([firstId, thirdId]);
    // The old key still replays its own attempt.
    expect((await h.retry('live-user', id, k1)).body).toEqual(first.body);

    // That attempt is paid: nothing left to retry.
    const paid = await payments.get(thirdId, { consistent: true });
    expect(h.simulator.settle(paid?.reference as string, 'SUCCESSFUL')).toBe(true);
    const settled = await applyProviderResult(
      thirdId,
      { reference: paid?.reference as string, status: 'SUCCESSFUL', amount: 1500 },
      'webhook',
    );
    expect(settled.changed).toBe(true);
    const after = await h.retry('live-user', id, key());
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('payment_not_retryable');
    expect(String(after.body.detail)).toContain(thirdId);
  });

  it('a three-deep chain has one root: once its third attempt paid, retrying the first (or the second) rings no phone', async () => {
    const root = await expiredPayment('chain-user');
    const second = await h.retry('chain-user', root, key());
    const secondId = String(second.body.id);
    expect((await expirePayment(secondId, new Date())).changed).toBe(true);
    // A retry of the retry: the root holds the claim, and lists the whole chain.
    const third = await h.retry('chain-user', secondId, key());
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    const thirdId = String(third.body.id);
    expect(third.body.retryOf).toBe(secondId);
    expect((await payments.get(root, { consistent: true }))?.attempts).toEqual([secondId, thirdId]);
    // While the third is live, neither the first nor the second may start another.
    for (const retried of [root, secondId]) {
      const busy = await h.retry('chain-user', retried, key());
      expect(busy.body.code).toBe('retry_in_progress');
      expect(String(busy.body.detail)).toContain(thirdId);
      // The ids to act on are fields: the payment asked for, and the live attempt to follow.
      expect(busy.body.paymentId).toBe(root);
      expect(busy.body.activeAttempt).toBe(thirdId);
    }

    const paid = await payments.get(thirdId, { consistent: true });
    expect(h.simulator.settle(paid?.reference as string, 'SUCCESSFUL')).toBe(true);
    await applyProviderResult(
      thirdId,
      { reference: paid?.reference as string, status: 'SUCCESSFUL', amount: 1500 },
      'webhook',
    );
    const before = h.simulator.stats().requestToPay;
    for (const retried of [root, secondId]) {
      const refused = await h.retry('chain-user', retried, key());
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('payment_not_retryable');
      expect(refused.body.paymentId).toBe(root);
      expect(String(refused.body.detail)).toContain(thirdId);
    }
    expect(h.simulator.stats().requestToPay).toBe(before);
  });

  it('a key already used for another request gets 422 and claims nothing on the original', async () => {
    const id = await expiredPayment('reuse-user');
    const used = key();
    expect((await h.initiate('reuse-user', mtnBody('02'), used)).status).toBe(201);
    const reused = await h.retry('reuse-user', id, used);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    const original = await payments.get(id, { consistent: true });
    expect(original?.attempts).toBeUndefined();
    const retry = await h.retry('reuse-user', id, key());
    expect(retry.status).toBe(201);
  });
});
