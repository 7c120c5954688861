/**
 * Defects found by the payment-core review, each pinned by the behaviour a user would notice,
 * against DynamoDB Local and the FeexPay simulator (in-process handlers, payments-harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mtnBody, type PaymentsHarness, startPaymentsHarness } from './payments-harness.ts';

let h: PaymentsHarness;
let repo: typeof import('../../shared/payments/repository.ts');
let idempotency: typeof import('../../shared/payments/idempotency.ts');
let processWebhook: typeof import('../../shared/webhooks/process.ts')['processWebhook'];
let n = 0;
const key = () => `review-${Date.now()}-${++n}`;

beforeAll(async () => {
  // A short request-to-pay timeout: the timeout fault (unknown outcome) must end within the test.
  h = await startPaymentsHarness({ feexPayRequestTimeoutMs: 1_000 });
  [repo, idempotency, { processWebhook }] = await Promise.all([
    import('../../shared/payments/repository.ts'),
    import('../../shared/payments/idempotency.ts'),
    import('../../shared/webhooks/process.ts'),
  ]);
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
    const linked = await repo.getPayment(id, { consistent: true });
    expect(linked).toMatchObject({ status: 'PENDING', reference });
    expect(await repo.findPaymentIdByReference(reference)).toBe(id);

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
