/**
 * Idempotent replays after races (docs/payments.md, "Replays after a race"), against DynamoDB
 * Local and the FeexPay simulator:
 * - FeexPay's webhook settles a payment while initiation still waits for FeexPay's answer: the
 *   first answer and every replay show the settled payment, not a stale PENDING snapshot;
 * - a webhook links FeexPay's reference while initiation concludes FeexPay was unavailable: the
 *   payment is not failed with that reference stored, and its success wins later;
 * - a retry whose original later turned SUCCESSFUL (late success) still replays for its key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as idempotency from '../../shared/payments/idempotency.ts';
import * as payments from '../../shared/payments/store.ts';
import * as transition from '../../shared/payments/transition.ts';
import { processWebhook } from '../../shared/webhooks/process.ts';
import {
  eventually,
  mtnBody,
  type PaymentsHarness,
  startPaymentsHarness,
} from './payments-harness.ts';

let h: PaymentsHarness;
let n = 0;
const key = () => `race-${Date.now()}-${++n}`;

beforeAll(async () => {
  // A short request-to-pay timeout: the timeout fault must end within the test.
  h = await startPaymentsHarness({ feexPayRequestTimeoutMs: 1_500 });
});
afterAll(async () => {
  await h?.stop();
});

describe('replays after a race', () => {
  it('a webhook settles the payment before initiation records its outcome: the first answer and the replays say SUCCESSFUL', async () => {
    const k = key();
    const id = idempotency.paymentIdFor('race-user', k);
    h.simulator.injectFault({ target: 'requestToPay', kind: 'timeout', times: 1 });
    const first = h.initiate('race-user', mtnBody('00'), k);
    // FeexPay took the request (and will never answer it); the customer approves meanwhile.
    const tx = await eventually(async () =>
      h.simulator.transactions().find((t) => t.callbackInfo === id && t.status === 'SUCCESSFUL'),
    );
    // FeexPay's webhook, processed while initiate still waits.
    const outcome = await processWebhook({
      dedupeKey: `${tx.reference}#SUCCESSFUL`,
      reference: tx.reference,
      claimedStatus: 'SUCCESSFUL',
      callbackInfo: id,
    });
    expect(outcome).toBe('transitioned');

    const answer = await first;
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id, status: 'SUCCESSFUL' });
    const replay = await h.initiate('race-user', mtnBody('00'), k);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(answer.body);

    const stored = await payments.get(id, { consistent: true });
    expect(stored?.status).toBe('SUCCESSFUL');
    expect(stored?.reference).toBe(tx.reference);
    // The audit trail keeps both facts, in the order they were written.
    expect(stored?.events.map((e) => e.type)).toEqual([
      'created',
      'status_changed',
      'outcome_unknown',
    ]);
    expect(h.simulator.transactions().filter((t) => t.callbackInfo === id)).toHaveLength(1);
  });

  it('a webhook links FeexPay’s reference while initiation concludes FeexPay was unavailable: no FAILED with that reference, and the success wins', async () => {
    const k = key();
    const id = idempotency.paymentIdFor('race-user', k);
    // FeexPay answers 503 late; meanwhile its webhook (tied by callback_info) links a reference.
    h.simulator.injectFault({ target: 'requestToPay', kind: 'http503', times: 1, delayMs: 800 });
    const first = h.initiate('race-user', mtnBody('00'), k);
    await eventually(() => payments.get(id, { consistent: true }));
    expect(
      await payments.linkReference(id, 'ref-linked-1', 'webhook', new Date().toISOString()),
    ).toBe(true);

    const answer = await first;

    // The payment as it now stands: PENDING, followed by the linked reference.
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id, status: 'PENDING' });
    expect(answer.body).not.toHaveProperty('failureCode');
    const stored = await payments.get(id, { consistent: true });
    expect(stored).toMatchObject({ status: 'PENDING', reference: 'ref-linked-1' });
    expect(stored?.failureReason).toBeUndefined();
    const replay = await h.initiate('race-user', mtnBody('00'), k);
    expect(replay.body).toEqual(answer.body);
    // FeexPay's confirmation, in its own letter case, settles it (it would have been refused
    // from a FAILED that FeexPay "reported" with a reference stored).
    const result = await transition.applyProviderResult(
      id,
      { reference: 'REF-LINKED-1', status: 'SUCCESSFUL', amount: 1500 },
      'webhook',
    );
    expect(result).toMatchObject({ changed: true, payment: { status: 'SUCCESSFUL' } });
    expect(result.lateSuccess).toBeUndefined();
  });

  it('the store’s local-failure write holds only while no reference is linked', async () => {
    const plan = {
      from: 'PENDING' as const,
      to: 'FAILED' as const,
      source: 'initiate' as const,
      failureReason: 'PROVIDER_UNAVAILABLE',
      failureCode: 'provider_unavailable' as const,
    };
    const response = { status: 503, body: { code: 'provider_unavailable' } };
    const fresh = async () => {
      const now = new Date().toISOString();
      const payment = {
        id: idempotency.paymentIdFor('race-store', key()),
        ownerId: 'race-store',
        status: 'PENDING' as const,
        amount: 1500,
        currency: 'XOF' as const,
        network: 'mtn',
        phoneNumber: '2290166000002',
        createdAt: now,
        updatedAt: now,
        events: [{ at: now, type: 'created' as const, source: 'initiate' as const }],
      };
      expect((await payments.create(payment)).created).toBe(true);
      return payment;
    };
    const linked = await fresh();
    const plain = await fresh();
    const now = new Date().toISOString();
    expect(await payments.linkReference(linked.id, 'ref-linked-2', 'webhook', now)).toBe(true);

    expect(await payments.recordLocalFailure(linked, plan, response, now)).toBeUndefined();
    expect(await payments.recordLocalFailure(plain, plan, response, now)).toMatchObject({
      status: 'FAILED',
      failureCode: 'provider_unavailable',
    });
    expect(await payments.get(linked.id, { consistent: true })).toMatchObject({
      status: 'PENDING',
      reference: 'ref-linked-2',
    });
  });

  it('a retry replays for its key after the original turned SUCCESSFUL late; a new key gets 409', async () => {
    const created = await h.initiate('late-user', mtnBody('02'), key());
    const originalId = String(created.body.id);
    const original = await payments.get(originalId, { consistent: true });
    expect((await transition.expirePayment(originalId, new Date())).changed).toBe(true);

    const k = key();
    const retried = await h.retry('late-user', originalId, k);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ retryOf: originalId, status: 'PENDING' });

    // FeexPay confirms the original after all: a late success.
    expect(h.simulator.settle(original?.reference as string, 'SUCCESSFUL')).toBe(true);
    const late = await transition.applyProviderResult(
      originalId,
      { reference: original?.reference as string, status: 'SUCCESSFUL', amount: 1500 },
      'reconciler',
    );
    expect(late).toMatchObject({ changed: true, lateSuccess: true });

    const requests = h.simulator.stats().requestToPay;
    const replay = await h.retry('late-user', originalId, k);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retried.body);
    expect(h.simulator.stats().requestToPay).toBe(requests);

    const fresh = await h.retry('late-user', originalId, key());
    expect(fresh.status).toBe(409);
    expect(fresh.body.code).toBe('payment_not_retryable');
  });
});
