/**
 * Payout faults through the local stack (DynamoDB Local, the SQS emulator, the FeexPay simulator
 * over HTTP, the pollers running), as for pay-ins: FeexPay timing out or answering 500 to a payout
 * POST leaves the payout PENDING with its outcome unknown, and FeexPay never receives a second
 * payout for it, whatever the replays and the reconciler do; FeexPay's webhook (tied by
 * callback_info) or its status reads settle it. A 503 sends nothing: FAILED, a refund's amount
 * freed. docs/refunds-and-payouts.md, "When FeexPay does not answer".
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as payoutsCreate from '../../functions/payouts-create.ts';
import type { LocalStack } from '../../local/stack.ts';
import type { HttpResponse } from '../../shared/http/problem.ts';
import type { Payout } from '../../shared/payouts/model.ts';
import * as payouts from '../../shared/payouts/store.ts';
import { reconcile } from '../../shared/reconcile/reconcile.ts';
import { apiEvent } from '../support/api-event.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
let merchantToken = '';

beforeAll(async () => {
  stack = await startTestStack({
    // FeexPay settles a payout 1.5 s after accepting it: after the 1 s wait of the timeout test.
    settings: { simulatorDelayMs: 1500, reconcileIntervalSeconds: 3600 },
    log: () => {},
  });
  merchantToken = await tokenFor('fault-shop', {
    claims: { scope: 'payments/merchant', client_id: 'fault-shop' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const body = (ending: string, amount = 2000) => ({
  amount,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: `22901660000${ending}`,
  motif: 'Paiement vendeur',
});

function createPayout(ending: string, key = randomUUID()) {
  return api(stack, 'POST', 'payouts', {
    token: merchantToken,
    body: body(ending),
    headers: { 'idempotency-key': key },
  });
}

/** Payout POSTs FeexPay received for our payout `id` (by its callback_info). */
const sentFor = (id: string) =>
  stack.simulator?.payouts().filter((p) => p.callbackInfo === id) ?? [];

const settledAs = (id: string, status: string) =>
  waitFor(
    async () => {
      const payout = await payouts.get(id, { consistent: true });
      return payout?.status === status && payout;
    },
    { timeoutMs: 15_000, message: `payout ${id} ${status}` },
  );

/** One reconciler run, `hours` ahead (each later run must be further ahead to find work due). */
const runReconciler = (hours = 1) =>
  reconcile({
    now: new Date(Date.now() + hours * 3600_000),
    deadline: Date.now() + 20_000,
    maxPendingSeconds: 86_400,
  });

describe('FeexPay faults on a payout', () => {
  it('timeout: PENDING with its outcome unknown, never re-sent; FeexPay’s webhook settles it', async () => {
    stack.simulator?.injectFault({ target: 'payout', kind: 'timeout', times: 1 });
    const key = randomUUID();
    const before = stack.simulator?.stats().payouts ?? 0;
    // In-process, with 4 s left: FeexPay's wait becomes 1 s (remaining − 3 s reserve).
    const event = apiEvent({
      method: 'POST',
      path: '/api/v1/payments/feexpay/payouts',
      headers: { 'idempotency-key': key },
      body: body('50'),
      sub: 'fault-shop',
    });
    const claims = (
      event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }
    ).authorizer.jwt.claims;
    claims.scope = 'payments/merchant';
    const context = {
      functionName: 'payouts-create',
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => 4_000,
    } as unknown as Context;
    const response = (await payoutsCreate.handler(event, context)) as HttpResponse;
    expect(response.statusCode).toBe(201);
    const created = JSON.parse(String(response.body));
    expect(created.status).toBe('PENDING');
    const stored = await payouts.get(created.id, { consistent: true });
    expect(stored?.initiationOutcome).toBe('unknown');
    expect(stored?.events.map((e) => e.type)).toContain('outcome_unknown');
    // FeexPay processed it: its webhook (callback_info = our id) links and settles it.
    const settled = (await settledAs(created.id, 'SUCCESSFUL')) as Payout;
    expect(settled.reference).toBe(sentFor(created.id)[0]?.reference);
    // The same key again, and the reconciler: never a second payout.
    const replay = await api(stack, 'POST', 'payouts', {
      token: merchantToken,
      body: body('50'),
      headers: { 'idempotency-key': key },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await runReconciler();
    expect(sentFor(created.id)).toHaveLength(1);
    expect(stack.simulator?.stats().payouts).toBe(before + 1);
  });

  it('HTTP 500 after FeexPay acted: PENDING (201), never re-sent, settled by the webhook', async () => {
    stack.simulator?.injectFault({ target: 'payout', kind: 'http500-processed', times: 1 });
    const created = await createPayout('50');
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PENDING');
    await settledAs(created.body.id, 'SUCCESSFUL');
    await runReconciler();
    expect(sentFor(created.body.id)).toHaveLength(1);
  });

  it('HTTP 500 before FeexPay acted: stays PENDING (nothing to settle it), never re-sent, even by the reconciler', async () => {
    stack.simulator?.injectFault({ target: 'payout', kind: 'http500', times: 1 });
    const key = randomUUID();
    const before = stack.simulator?.stats().payouts ?? 0;
    const created = await createPayout('50', key);
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PENDING');
    await runReconciler();
    await runReconciler();
    const replay = await createPayout('50', key);
    expect(replay.body.id).toBe(created.body.id);
    expect(stack.simulator?.stats().payouts).toBe(before + 1);
    expect((await payouts.get(created.body.id, { consistent: true }))?.status).toBe('PENDING');
    // It stays on the reconciler's list (and the stuck-payout alarm's age).
    const report = await runReconciler();
    expect(report.payoutsPending).toBeGreaterThanOrEqual(1);
    expect(report.oldestPendingPayoutAgeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('HTTP 503: FeexPay took nothing; FAILED provider_unavailable at once, and a new key may try again', async () => {
    stack.simulator?.injectFault({ target: 'payout', kind: 'http503', times: 1 });
    const created = await createPayout('50');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'FAILED', failureCode: 'provider_unavailable' });
    expect(sentFor(created.body.id)).toHaveLength(0);
    const again = await createPayout('50');
    expect(again.body.status).toBe('PENDING');
  });

  it('a lost payout webhook is settled by the reconciler, even when the first status reads fail', async () => {
    const created = await createPayout('53');
    await waitFor(() => sentFor(created.body.id)[0]?.status === 'SUCCESSFUL', {
      timeoutMs: 10_000,
    });
    // FeexPay's status reads fail for the whole first run: the payout waits for the next one.
    stack.simulator?.injectFault({ target: 'status', kind: 'http503', times: 50 });
    await runReconciler(1);
    expect((await payouts.get(created.body.id, { consistent: true }))?.status).toBe('PENDING');
    stack.simulator?.clearFaults();
    await runReconciler(2);
    await settledAs(created.body.id, 'SUCCESSFUL');
    expect(sentFor(created.body.id)).toHaveLength(1);
  });
});
