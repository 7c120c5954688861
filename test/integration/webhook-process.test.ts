/**
 * The webhook processor (functions/webhook-process.ts, shared/webhooks/process.ts) against
 * DynamoDB Local, the SQS emulator and the FeexPay simulator. Webhooks come in through the real
 * receiver (the simulator's own deliveries, or posted here with the token); this file then feeds
 * the webhook queue to the processor batch by batch (no background pollers), so each batch's
 * partial failures and the queue state are visible.
 */
import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as webhookProcess } from '../../functions/webhook-process.ts';
import { localClientConfig } from '../../local/aws.ts';
import type { LocalStack } from '../../local/stack.ts';
import { ddb } from '../../shared/clients/dynamodb.ts';
import { overrideConfig } from '../../shared/config.ts';
import { feexPayClient } from '../../shared/feexpay/client.ts';
import { paymentKey, referenceEntry } from '../../shared/keys.ts';
import { paymentIdFor } from '../../shared/payments/idempotency.ts';
import type { Payment } from '../../shared/payments/model.ts';
import * as payments from '../../shared/payments/store.ts';
import { storedWebhookEvent } from '../support/dynamodb.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';
import { drain, processUntil, receive, runBatch, type SqsHandler } from './queue-driver.ts';

const RETRY_BASE_SECONDS = 1;

let stack: LocalStack;
let sqs: SQSClient;
const handler = webhookProcess as SqsHandler;
let token: string;
/** Every notification the processor queued, drained from the notification queue. */
const notified: Record<string, unknown>[] = [];

beforeAll(async () => {
  overrideConfig({ webhookRetryBaseSeconds: RETRY_BASE_SECONDS });
  stack = await startTestStack({
    settings: { simulatorDelayMs: 100 },
    // This file is the webhook queue's only consumer, and no reconciler competes with it.
    consumers: [],
    schedules: [],
    log: () => {},
  });
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
  token = await tokenFor('user-webhook-process');
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

beforeEach(() => {
  stack.simulator?.clearFaults();
});

const webhookQueue = () => stack.queues.webhook;

async function initiate(ending: string): Promise<Payment> {
  const res = await api(stack, 'POST', 'initiate', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: `22901660000${ending}` },
  });
  expect(res.status, res.text).toBe(201);
  return (await payments.get(res.body.id, { consistent: true })) as Payment;
}

async function postWebhook(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(
    `${stack.apiUrl}/webhook/?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  expect(res.status).toBe(200);
}

/** Processes the webhook queue until a message about `reference` has gone through the handler. */
function processFor(reference: string, timeoutMs?: number) {
  return processUntil(
    sqs,
    webhookQueue(),
    handler,
    (bodies) => bodies.some((b) => b.includes(reference)),
    timeoutMs,
  );
}

const webhookEvent = (reference: string, status: string) =>
  storedWebhookEvent(stack.settings.tableName, reference, status);

async function notificationsFor(paymentId: string): Promise<string[]> {
  notified.push(...(await drain(sqs, stack.queueUrls.notification)));
  return notified
    .filter((n) => (n.data as { id?: string } | undefined)?.id === paymentId)
    .map((n) => String(n.webhookId));
}

const stored = (id: string) => payments.get(id, { consistent: true });

describe('webhook processor', () => {
  it('applies a success FeexPay confirms: SUCCESSFUL, event processed, one notification queued', async () => {
    const p = await initiate('00');
    await processFor(p.reference as string);
    const after = await stored(p.id);
    expect(after?.status).toBe('SUCCESSFUL');
    expect(after?.events.at(-1)).toMatchObject({ source: 'webhook', to: 'SUCCESSFUL' });
    expect(await webhookEvent(p.reference as string, 'SUCCESSFUL')).toMatchObject({
      state: 'processed',
      outcome: 'transitioned',
      paymentId: p.id,
    });
    expect(await notificationsFor(p.id)).toEqual([`evt_${p.id}_succeeded`]);
  });

  it('a FAILED webhook after SUCCESSFUL changes nothing and queues nothing', async () => {
    const p = await initiate('00');
    await processFor(p.reference as string);
    expect((await stored(p.id))?.status).toBe('SUCCESSFUL');
    await postWebhook({ reference: p.reference, status: 'FAILED', reason: 'PAYER_NOT_FOUND' });
    await processFor(p.reference as string);
    expect(await webhookEvent(p.reference as string, 'FAILED')).toMatchObject({
      state: 'processed',
      outcome: 'no_change',
    });
    const after = await stored(p.id);
    expect(after?.status).toBe('SUCCESSFUL');
    expect(after?.events.filter((e) => e.type === 'status_changed')).toHaveLength(1);
    expect(await notificationsFor(p.id)).toEqual([`evt_${p.id}_succeeded`]);
  });

  it('a claimed success FeexPay still reports PENDING is not applied (unconfirmed)', async () => {
    const p = await initiate('02');
    await postWebhook({ reference: p.reference, status: 'SUCCESSFUL', amount: 1500 });
    await processFor(p.reference as string);
    expect((await stored(p.id))?.status).toBe('PENDING');
    expect(await webhookEvent(p.reference as string, 'SUCCESSFUL')).toMatchObject({
      state: 'unconfirmed',
      outcome: 'still_pending',
    });
    expect(await notificationsFor(p.id)).toEqual([]);
  });

  it('rejects a success whose amount is not ours: the payment stays PENDING', async () => {
    // FeexPay's transaction is for 1500 (ending 03: SUCCESSFUL, no webhook of its own) …
    const tx = await (await feexPayClient()).requestToPay({
      network: 'mtn',
      phoneNumber: '2290166000003',
      amount: 1500,
      callbackInfo: 'pay_amount_mismatch',
    });
    // … while our payment, linked to it, says 2000.
    const now = new Date().toISOString();
    const id = `pay_mismatch_${randomUUID().slice(0, 8)}`;
    await payments.create({
      id,
      ownerId: 'user-webhook-process',
      status: 'PENDING',
      amount: 2000,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: '2290166000003',
      reference: tx.reference,
      createdAt: now,
      updatedAt: now,
      events: [{ at: now, type: 'created', source: 'initiate' }],
    });
    await ddb.send(
      new UpdateCommand({
        TableName: stack.settings.tableName,
        Key: paymentKey(id),
        UpdateExpression: 'SET gsi2pk = :r, gsi2sk = :s',
        ExpressionAttributeValues: {
          ':r': referenceEntry(tx.reference).gsi2pk,
          ':s': referenceEntry(tx.reference).gsi2sk,
        },
      }),
    );
    await waitFor(
      () =>
        stack.simulator
          ?.transactions()
          .find((t) => t.reference === tx.reference && t.status === 'SUCCESSFUL'),
      { message: 'FeexPay settled the transaction' },
    );
    await postWebhook({ reference: tx.reference, status: 'SUCCESSFUL', amount: 2000 });
    await processFor(tx.reference);
    expect((await stored(id))?.status).toBe('PENDING');
    expect(await webhookEvent(tx.reference, 'SUCCESSFUL')).toMatchObject({
      state: 'processed',
      outcome: 'rejected',
      paymentId: id,
    });
    expect(await notificationsFor(id)).toEqual([]);
  });

  /**
   * A payment we concluded FAILED ourselves at initiation (no reference stored), while FeexPay did
   * create the transaction (ending 02: it waits for the test to settle it). `reason` is what we
   * stored; `withReference` makes it a failure FeexPay itself reported instead.
   */
  async function failedButCreatedAtFeexPay(reason: string, withReference = false) {
    const id = paymentIdFor('user-webhook-process', randomUUID());
    const tx = await (await feexPayClient()).requestToPay({
      network: 'mtn',
      phoneNumber: '2290166000002',
      amount: 1500,
      callbackInfo: id,
    });
    const now = new Date().toISOString();
    await payments.create({
      id,
      ownerId: 'user-webhook-process',
      status: 'FAILED',
      failureReason: reason,
      amount: 1500,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: '2290166000002',
      ...(withReference ? { reference: tx.reference } : {}),
      createdAt: now,
      updatedAt: now,
      events: [
        { at: now, type: 'created', source: 'initiate' },
        { at: now, type: 'status_changed', source: 'initiate', from: 'PENDING', to: 'FAILED' },
      ],
    });
    await ddb.send(
      new UpdateCommand({
        TableName: stack.settings.tableName,
        Key: paymentKey(id),
        UpdateExpression: withReference
          ? 'SET gsi2pk = :r, gsi2sk = :s REMOVE gsi3pk, gsi3sk'
          : 'REMOVE gsi3pk, gsi3sk',
        ...(withReference
          ? {
              ExpressionAttributeValues: {
                ':r': referenceEntry(tx.reference).gsi2pk,
                ':s': referenceEntry(tx.reference).gsi2sk,
              },
            }
          : {}),
      }),
    );
    return { id, reference: tx.reference };
  }

  it('a success FeexPay confirms for a payment we failed ourselves (FeexPay unavailable, no reference) wins: FAILED → SUCCESSFUL as a late success, notified', async () => {
    const { id, reference } = await failedButCreatedAtFeexPay('PROVIDER_UNAVAILABLE');
    // FeexPay's customer approves; its webhook carries our id in callback_info.
    expect(stack.simulator?.settle(reference, 'SUCCESSFUL')).toBe(true);
    await processFor(reference);
    const after = await stored(id);
    expect(after).toMatchObject({ status: 'SUCCESSFUL', reference, lateSuccess: true });
    expect(after?.events.at(-1)).toMatchObject({
      type: 'status_changed',
      source: 'webhook',
      from: 'FAILED',
      to: 'SUCCESSFUL',
      reference,
    });
    expect(await payments.findByReference(reference)).toBe(id);
    expect(await webhookEvent(reference, 'SUCCESSFUL')).toMatchObject({
      outcome: 'transitioned',
      paymentId: id,
    });
    expect(await notificationsFor(id)).toEqual([`evt_${id}_succeeded`]);
  });

  it('a FAILED that FeexPay itself reported stays final, even if FeexPay later reports a success', async () => {
    const { id, reference } = await failedButCreatedAtFeexPay('PAYER_DECLINED', true);
    expect(stack.simulator?.settle(reference, 'SUCCESSFUL')).toBe(true);
    await processFor(reference);
    const after = await stored(id);
    expect(after?.status).toBe('FAILED');
    expect(after?.lateSuccess).toBeUndefined();
    expect(await webhookEvent(reference, 'SUCCESSFUL')).toMatchObject({ outcome: 'no_change' });
    expect(await notificationsFor(id)).toEqual([]);
  });

  it('FeexPay’s failure reason is stored, answered and notified with phone numbers masked', async () => {
    const p = await initiate('02');
    const reference = p.reference as string;
    expect(
      stack.simulator?.settle(reference, 'FAILED', 'Numero 2290166000002 injoignable (0166000002)'),
    ).toBe(true);
    await processFor(reference);
    const masked = 'Numero 229******0002 injoignable (016***0002)';
    expect(await stored(p.id)).toMatchObject({ status: 'FAILED', failureReason: masked });
    const status = await api(stack, 'GET', `${p.id}/status`, { token });
    expect(status.body.failureReason).toBe(masked);
    await notificationsFor(p.id);
    const notification = notified.find((n) => (n.data as { id?: string } | undefined)?.id === p.id);
    expect((notification?.data as { failureReason?: string } | undefined)?.failureReason).toBe(
      masked,
    );
  });

  it('keeps a webhook for an unknown reference as unmatched, without failing the record', async () => {
    const reference = randomUUID();
    await postWebhook({ reference, status: 'SUCCESSFUL', amount: 1500 });
    const runs = await processFor(reference);
    expect(runs.flatMap((r) => r.failed)).toEqual([]);
    expect(await webhookEvent(reference, 'SUCCESSFUL')).toMatchObject({
      state: 'unmatched',
      outcome: 'unmatched',
    });
    // A redelivery is queued again (the first copy is not processed), and still unmatched.
    await postWebhook({ reference, status: 'SUCCESSFUL', amount: 1500 });
    await processFor(reference);
    expect((await webhookEvent(reference, 'SUCCESSFUL'))?.state).toBe('unmatched');
  });

  it('FeexPay down: the record fails alone, comes back after the backoff, then settles the payment', async () => {
    const p = await initiate('03'); // SUCCESSFUL at FeexPay, no webhook of its own
    await waitFor(
      () =>
        stack.simulator
          ?.transactions()
          .find((t) => t.reference === p.reference && t.status === 'SUCCESSFUL'),
      { message: 'FeexPay settled the transaction' },
    );
    await postWebhook({ reference: p.reference, status: 'SUCCESSFUL', amount: 1500 });
    // Every status read of the first delivery fails (the client makes 3 attempts).
    stack.simulator?.injectFault({ target: 'status', kind: 'http503', times: 3 });
    const [run] = await processFor(p.reference as string);
    expect(run?.failed).toHaveLength(1);
    const failedAt = Date.now();
    expect((await stored(p.id))?.status).toBe('PENDING');
    // Hidden for the backoff (visibility timeout), not redelivered at once.
    expect((await receive(sqs, webhookQueue().url)).map((m) => m.Body)).not.toContainEqual(
      expect.stringContaining(p.reference as string),
    );
    // Back after the backoff, received a second time, and processed.
    const again = await waitFor(
      async () => {
        const messages = await receive(sqs, webhookQueue().url);
        const mine = messages.filter((m) => m.Body?.includes(p.reference as string));
        if (messages.length > 0) await runBatch(sqs, webhookQueue(), handler, messages);
        return mine[0];
      },
      { timeoutMs: 15_000, message: 'the webhook back on the queue' },
    );
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(RETRY_BASE_SECONDS * 1000 - 200);
    expect(Number(again.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(2);
    expect((await stored(p.id))?.status).toBe('SUCCESSFUL');
    expect(await receive(sqs, webhookQueue().dlqUrl)).toEqual([]);
  });

  it('the same event twice (or in one batch): one transition, one notification', async () => {
    const p = await initiate('00');
    // Wait for the simulator's own webhook to be on the queue, then add a copy of it.
    const [original] = await waitFor(
      async () => {
        const messages = await receive(sqs, webhookQueue().url);
        const mine = messages.filter((m) => m.Body?.includes(p.reference as string));
        const others = messages.filter((m) => !mine.includes(m));
        if (others.length > 0) await runBatch(sqs, webhookQueue(), handler, others);
        // Ours goes back on the queue untouched, to be processed with its copy below.
        for (const m of mine) {
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: webhookQueue().url,
              ReceiptHandle: m.ReceiptHandle ?? '',
              VisibilityTimeout: 0,
            }),
          );
        }
        return mine.length > 0 ? mine : undefined;
      },
      { message: 'the simulator’s webhook on the queue' },
    );
    await sqs.send(
      new SendMessageCommand({ QueueUrl: webhookQueue().url, MessageBody: original?.Body ?? '' }),
    );
    await processUntil(
      sqs,
      webhookQueue(),
      handler,
      (bodies) => bodies.filter((b) => b.includes(p.reference as string)).length >= 2,
    );
    const after = await stored(p.id);
    expect(after?.status).toBe('SUCCESSFUL');
    expect(after?.events.filter((e) => e.type === 'status_changed')).toHaveLength(1);
    expect(await notificationsFor(p.id)).toEqual([`evt_${p.id}_succeeded`]);
  });
});

describe('references in another letter case (docs/feexpay-api.md §14.4)', () => {
  it('Moov’s upper-case answer, a lower-case webhook without callback_info: found by the byReference index, settled by the webhook', async () => {
    const res = await api(stack, 'POST', 'initiate', {
      token,
      headers: { 'idempotency-key': randomUUID() },
      // Moov Benin answers in upper case; ending 20 sends the webhook with callback_info "".
      body: { amount: 1500, currency: 'XOF', network: 'moov', phoneNumber: '2290166000020' },
    });
    const p = (await stored(res.body.id)) as Payment;
    const reference = p.reference as string;
    expect(reference).toBe(reference.toUpperCase());

    await processFor(reference.toLowerCase());

    const after = await stored(p.id);
    expect(after?.status).toBe('SUCCESSFUL');
    expect(after?.events.at(-1)).toMatchObject({ source: 'webhook', to: 'SUCCESSFUL' });
    const event = await webhookEvent(reference, 'SUCCESSFUL');
    expect(event).toMatchObject({
      state: 'processed',
      outcome: 'transitioned',
      paymentId: p.id,
      reference: reference.toLowerCase(),
    });
    // FeexPay sent `callback_info: ""`: only the index could link it.
    expect(event?.callbackInfo).toBeUndefined();
    expect(JSON.parse(String(event?.rawBody)).callback_info).toBe('');
  });

  it('a payment stored before references were keyed in lower case is still found', async () => {
    const p = await initiate('02');
    const reference = p.reference as string;
    // What an older version wrote for a Moov payment: the index key in FeexPay's upper case.
    await ddb.send(
      new UpdateCommand({
        TableName: stack.settings.tableName,
        Key: paymentKey(p.id),
        UpdateExpression: 'SET gsi2pk = :r, #reference = :upper',
        ExpressionAttributeNames: { '#reference': 'reference' },
        ExpressionAttributeValues: {
          ':r': `REF#${reference.toUpperCase()}`,
          ':upper': reference.toUpperCase(),
        },
      }),
    );

    expect(await payments.findByReference(reference.toLowerCase())).toBe(p.id);
    expect(await payments.findByReference(reference.toUpperCase())).toBe(p.id);
    expect(stack.simulator?.settle(reference, 'SUCCESSFUL')).toBe(true);
    await processFor(reference);
    expect((await stored(p.id))?.status).toBe('SUCCESSFUL');
  });

  it('one transaction’s webhook in two spellings is one event', async () => {
    const reference = randomUUID();
    const post = async (spelling: string) => {
      const res = await fetch(
        `${stack.apiUrl}/webhook/?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reference: spelling, status: 'SUCCESSFUL', amount: 1500 }),
        },
      );
      return (await res.json()) as { duplicate: boolean };
    };

    const first = await post(reference.toUpperCase());
    const second = await post(reference);

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    await processFor(reference.toUpperCase());
  });
});
