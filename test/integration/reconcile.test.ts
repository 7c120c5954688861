/**
 * The reconciler against DynamoDB Local, the SQS emulator and the FeexPay simulator (the local
 * stack with no pollers and no schedule, so this file drives each run itself).
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { ddb } from '../../shared/clients/dynamodb.ts';
import { type FeexPayClient, feexPayClient } from '../../shared/feexpay/client.ts';
import { paymentKey, referenceEntry } from '../../shared/keys.ts';
import type { Payment } from '../../shared/payments/model.ts';
import * as payments from '../../shared/payments/store.ts';
import { expirePayment } from '../../shared/payments/transition.ts';
import { reconcile } from '../../shared/reconcile/reconcile.ts';

let stack: LocalStack;
let sqs: SQSClient;
let client: FeexPayClient;

const MAX_PENDING = 300;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: {
      port: 0,
      simulatorDelayMs: 50,
      tableName: `it-reconcile-${randomUUID().slice(0, 8)}`,
      logLevel: 'ERROR',
    },
    queuePrefix: `it-rec-${randomUUID().slice(0, 8)}-`,
    consumers: [],
    schedules: [],
    log: () => {},
  });
  // No webhooks: only the reconciler may settle payments here.
  stack.simulator?.setWebhookUrl(undefined);
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
  client = await feexPayClient();
}, 120_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

/** A PENDING payment `ageSeconds` old whose FeexPay transaction follows `ending`'s scenario. */
async function pendingPayment(
  ending: string,
  ageSeconds: number,
  withReference = true,
): Promise<Payment> {
  const id = `pay_it_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const phoneNumber = `22901660000${ending}`;
  const tx = await client.requestToPay({
    network: 'mtn',
    phoneNumber,
    amount: 1500,
    callbackInfo: id,
  });
  const createdAt = new Date(Date.now() - ageSeconds * 1000).toISOString();
  const payment: Payment = {
    id,
    ownerId: 'user-it',
    status: 'PENDING',
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber,
    createdAt,
    updatedAt: createdAt,
    events: [{ at: createdAt, type: 'created', source: 'initiate' }],
    ...(withReference ? { reference: tx.reference } : { initiationOutcome: 'unknown' }),
  };
  await payments.create(payment);
  if (withReference) {
    // create() stores no reference index entry; the initiate flow does it in its own write.
    const entry = referenceEntry(tx.reference);
    await ddb.send(
      new UpdateCommand({
        TableName: stack.settings.tableName,
        Key: paymentKey(id),
        UpdateExpression: 'SET gsi2pk = :r, gsi2sk = :s',
        ExpressionAttributeValues: { ':r': entry.gsi2pk, ':s': entry.gsi2sk },
      }),
    );
  }
  return payment;
}

async function waitSettled(reference: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const tx = await client.getStatus(reference);
    if (tx.status !== 'PENDING') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`simulator never settled ${reference}`);
}

async function notificationsQueued(): Promise<string[]> {
  const types: string[] = [];
  for (;;) {
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.queueUrls.notification,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (!result.Messages?.length) return types;
    for (const m of result.Messages) types.push(`${JSON.parse(m.Body ?? '{}').webhookId}`);
  }
}

const run = (now = new Date()) =>
  reconcile({ now, maxPendingSeconds: MAX_PENDING, deadline: Date.now() + 30_000 });

describe('reconciler', () => {
  it('settles a payment whose webhook never came (03), queues its notification once', async () => {
    const p = await pendingPayment('03', 120);
    await waitSettled(p.reference as string);
    const report = await run();
    expect(report.fixed).toBeGreaterThanOrEqual(1);
    const after = await payments.get(p.id, { consistent: true });
    expect(after?.status).toBe('SUCCESSFUL');
    expect(after?.events.at(-1)).toMatchObject({ to: 'SUCCESSFUL', source: 'reconciler' });
    expect(await notificationsQueued()).toContain(`evt_${p.id}_succeeded`);
  });

  it('re-sends an outbox the notifier never took over, only once its grace period has passed', async () => {
    const p = await pendingPayment('03', 120);
    await waitSettled(p.reference as string);
    await run();
    const webhookId = `evt_${p.id}_succeeded`;
    expect(await notificationsQueued()).toContain(webhookId);
    // No notifier runs here, so the outbox stays; within the grace period nothing is re-sent.
    await run(new Date(Date.now() + 60_000));
    expect(await notificationsQueued()).not.toContain(webhookId);
    expect((await payments.get(p.id, { consistent: true }))?.outbox?.webhookId).toBe(webhookId);
    const later = await run(new Date(Date.now() + (payments.OUTBOX_GRACE_SECONDS + 60) * 1000));
    expect(later.outboxFlushed).toBeGreaterThanOrEqual(1);
    expect(await notificationsQueued()).toContain(webhookId);
    expect((await payments.get(p.id, { consistent: true }))?.outbox).toBeUndefined();
  });

  it('reschedules a young PENDING payment with backoff instead of expiring it', async () => {
    const p = await pendingPayment('02', 90);
    await run();
    const after = await payments.get(p.id, { consistent: true });
    expect(after?.status).toBe('PENDING');
    expect(after?.checkAttempts).toBe(1);
    // Not due again right away: a second run does not re-check it.
    const again = await run();
    expect(again.checked).toBe(0);
  });

  it('expires a payment PENDING past the max age, then records a late success FeexPay confirms', async () => {
    const p = await pendingPayment('02', MAX_PENDING + 60);
    await run();
    const expired = await payments.get(p.id, { consistent: true });
    expect(expired?.status).toBe('EXPIRED');
    expect(await notificationsQueued()).toContain(`evt_${p.id}_expired`);

    // FeexPay confirms the payment after all; the late-success watch finds it.
    expect(stack.simulator?.settle(p.reference as string, 'SUCCESSFUL')).toBe(true);
    const report = await run(new Date(Date.now() + 10 * 60 * 1000));
    expect(report.lateSuccess).toBe(1);
    const late = await payments.get(p.id, { consistent: true });
    expect(late).toMatchObject({ status: 'SUCCESSFUL', lateSuccess: true });
    expect(await notificationsQueued()).toContain(`evt_${p.id}_succeeded`);
  });

  it('expires a payment with no reference (unknown initiation outcome) only once it is too old', async () => {
    const young = await pendingPayment('02', 90, false);
    const old = await pendingPayment('02', MAX_PENDING + 60, false);
    await run();
    expect((await payments.get(young.id, { consistent: true }))?.status).toBe('PENDING');
    expect((await payments.get(old.id, { consistent: true }))?.status).toBe('EXPIRED');
  });

  it('reports the oldest PENDING payment even when it is not due this run', async () => {
    // Old, but its next check is an hour away (backoff): this run does not look at it.
    const old = await pendingPayment('02', 5_000);
    await payments.scheduleNextCheck(old.id, new Date(Date.now() + 3_600_000), 5, old.createdAt);
    const report = await run();
    expect(report.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(5_000);
    expect(report.oldestPendingAgeSeconds).toBeLessThan(5_000 + 60);
    expect(report.pendingPastMaxAge).toBeGreaterThanOrEqual(1);
    expect(report.pending).toBeGreaterThanOrEqual(1);
    expect((await payments.get(old.id, { consistent: true }))?.status).toBe('PENDING');
    // Once it leaves PENDING it no longer counts.
    await expirePayment(old.id, new Date());
    expect((await run()).oldestPendingAgeSeconds).toBeLessThan(5_000);
  });

  it('a reference FeexPay does not know (404) expires on schedule, stays on the late-success watch, and a later success wins', async () => {
    // Ending 15: FeexPay answers 404 for the reference it issued.
    const young = await pendingPayment('15', 90);
    const p = await pendingPayment('15', MAX_PENDING + 60);
    const reference = p.reference as string;

    const first = await run();

    expect((await payments.get(young.id, { consistent: true }))?.status).toBe('PENDING');
    expect((await payments.get(p.id, { consistent: true }))?.status).toBe('EXPIRED');
    expect(first.errors).toBe(0);
    // The expiry's notification is taken over (no notifier here: the reconciler's re-send after
    // the grace), which puts the payment on the watch; its first re-check, still unknown, moves
    // it along instead of failing every run.
    await run(new Date(Date.now() + (payments.OUTBOX_GRACE_SECONDS + 60) * 1000));
    const watched = await run(new Date(Date.now() + 20 * 60 * 1000));
    expect(watched.errors).toBe(0);
    expect((await payments.get(p.id, { consistent: true }))?.recheckAttempts).toBe(1);

    expect(stack.simulator?.forget(reference, false)).toBe(true);
    expect(stack.simulator?.settle(reference, 'SUCCESSFUL')).toBe(true);
    const report = await run(new Date(Date.now() + 2 * 3600 * 1000));
    expect(report.lateSuccess).toBe(1);
    expect(await payments.get(p.id, { consistent: true })).toMatchObject({
      status: 'SUCCESSFUL',
      lateSuccess: true,
    });
  });

  it('a payment nobody can confirm expires after the unconfirmed expiry, not the max age', async () => {
    const unconfirmed = await pendingPayment('02', 90, false);

    const early = await reconcile({
      now: new Date(),
      maxPendingSeconds: MAX_PENDING,
      unconfirmedExpirySeconds: 120,
      deadline: Date.now() + 30_000,
    });
    expect(early.expired).toBe(0);
    const due = await reconcile({
      now: new Date(Date.now() + 31_000),
      maxPendingSeconds: MAX_PENDING,
      unconfirmedExpirySeconds: 120,
      deadline: Date.now() + 30_000,
    });

    expect(due.expired).toBeGreaterThanOrEqual(1);
    expect((await payments.get(unconfirmed.id, { consistent: true }))?.status).toBe('EXPIRED');
  });

  it('does not expire on a guess while FeexPay is down', async () => {
    const p = await pendingPayment('02', MAX_PENDING + 60);
    stack.simulator?.injectFault({ target: 'status', kind: 'http503', times: 3 });
    await run();
    expect((await payments.get(p.id, { consistent: true }))?.status).toBe('PENDING');
    stack.simulator?.clearFaults();
  });
});
