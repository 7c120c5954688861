/**
 * The merchant notifier (functions/notifications-send.ts, shared/notifications/) against DynamoDB
 * Local and the SQS emulator, delivering to a local merchant endpoint that verifies every request
 * with the public `standardwebhooks` package, as a merchant would. This file feeds the
 * notification queue to the handler batch by batch (no background pollers).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as notificationsSend } from '../../functions/notifications-send.ts';
import { localClientConfig } from '../../local/aws.ts';
import type { LocalStack } from '../../local/stack.ts';
import { overrideConfig } from '../../shared/config.ts';
import { paymentKey } from '../../shared/keys.ts';
import * as notifier from '../../shared/notifications/notifier.ts';
import type { NotificationMessage, Payment } from '../../shared/payments/model.ts';
import * as model from '../../shared/payments/model.ts';
import * as payments from '../../shared/payments/store.ts';
import { applyProviderResult, expirePayment } from '../../shared/payments/transition.ts';
import { storedItem } from '../support/dynamodb.ts';
import { startTestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';
import { receive, runBatch, type SqsHandler } from './queue-driver.ts';

const SECRET = `whsec_${Buffer.from('integration-merchant-secret-0001').toString('base64')}`;
/** Three attempts: at once, then 1 s, then 1 s. */
const SCHEDULE = [0, 1, 1];

interface Delivery {
  paymentId: string;
  webhookId: string;
  webhookTimestamp: string;
  verified: boolean;
  body: { type: string; timestamp: string; data: { id: string; status: string } };
  answered: number;
}

/** How the merchant answers, per payment: a list of status codes (the last one repeats). */
const answers = new Map<string, number[]>();
const deliveries: Delivery[] = [];
let merchant: Server;
let merchantUrl: string;
let stack: LocalStack;
let sqs: SQSClient;
const handler = notificationsSend as SqsHandler;

beforeAll(async () => {
  const verifier = new Webhook(SECRET);
  merchant = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let verified = true;
    let body: Delivery['body'];
    try {
      body = verifier.verify(raw, req.headers as Record<string, string>) as Delivery['body'];
    } catch {
      verified = false;
      body = JSON.parse(raw);
    }
    const paymentId = body.data.id;
    const planned = answers.get(paymentId) ?? [200];
    const seen = deliveries.filter((d) => d.paymentId === paymentId).length;
    const answer = verified ? (planned[Math.min(seen, planned.length - 1)] ?? 200) : 401;
    deliveries.push({
      paymentId,
      webhookId: String(req.headers['webhook-id']),
      webhookTimestamp: String(req.headers['webhook-timestamp']),
      verified,
      body,
      answered: answer,
    });
    res.writeHead(answer).end();
  });
  await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/hooks`;

  overrideConfig({ notificationScheduleSeconds: SCHEDULE });
  stack = await startTestStack({
    settings: { merchantWebhookUrl: merchantUrl, merchantWebhookSecret: SECRET },
    consumers: [],
    schedules: [],
    // An exhausted notification reaches the DLQ on its second receive.
    maxReceiveCount: 2,
    log: () => {},
  });
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  await new Promise<void>((resolve) => {
    merchant?.close(() => resolve());
    merchant?.closeAllConnections();
  });
});

const queue = () => stack.queues.notification;

/** A SUCCESSFUL payment in the table and its notification on the queue. */
async function queuedNotification(plan: number[] = [200]): Promise<NotificationMessage> {
  const now = new Date().toISOString();
  const payment: Payment = {
    id: `pay_notify_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    ownerId: 'user-notify',
    status: 'SUCCESSFUL',
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '2290166000000',
    metadata: { orderId: 'A-1' },
    createdAt: now,
    updatedAt: now,
    events: [],
  };
  await payments.create(payment);
  answers.set(payment.id, plan);
  const message: NotificationMessage = {
    webhookId: `evt_${payment.id}_succeeded`,
    type: 'payment.succeeded',
    timestamp: now,
    data: model.toPublicPayment(payment),
  };
  await notifier.enqueueNotification(queue().url, message);
  return message;
}

/** Feeds the queue to the notifier until `done()` holds. */
function processUntil<T>(done: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const messages = await receive(sqs, queue().url);
      if (messages.length > 0) await runBatch(sqs, queue(), handler, messages);
      return done();
    },
    { timeoutMs, message: 'the notifier to get there' },
  );
}

const deliveriesOf = (paymentId: string) => deliveries.filter((d) => d.paymentId === paymentId);
const attemptsOf = async (paymentId: string) =>
  (await payments.get(paymentId, { consistent: true }))?.notifications ?? [];

/** Messages left on a queue: visible, in flight or delayed. */
async function depth(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

describe('merchant notifier', () => {
  it('delivers a notification the merchant verifies with standardwebhooks, and records the attempt', async () => {
    const message = await queuedNotification();
    const id = message.data.id;
    await processUntil(() => deliveriesOf(id).length === 1);
    const [delivery] = deliveriesOf(id);
    expect(delivery).toMatchObject({ verified: true, answered: 200, webhookId: message.webhookId });
    expect(delivery?.body).toEqual({
      type: 'payment.succeeded',
      timestamp: message.timestamp,
      data: message.data,
    });
    expect(delivery?.body.data).toMatchObject({ phoneNumber: '229******0000' });
    expect(await attemptsOf(id)).toEqual([
      expect.objectContaining({
        webhookId: message.webhookId,
        attempt: 1,
        outcome: 'delivered',
        httpStatus: 200,
      }),
    ]);
    expect(await depth(queue().url)).toBe(0);
  });

  it('takes the transactional outbox over in the write that records the first attempt; an expiry joins the late-success watch', async () => {
    const rawItem = async (id: string) =>
      (await storedItem(stack.settings.tableName, paymentKey(id))) ?? {};
    const pending = async () => {
      const now = new Date().toISOString();
      const payment: Payment = {
        id: `pay_outbox_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        ownerId: 'user-notify',
        status: 'PENDING',
        amount: 1500,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290166000000',
        reference: `ref-${randomUUID()}`,
        createdAt: now,
        updatedAt: now,
        events: [],
      };
      await payments.create(payment);
      return payment;
    };

    // A success: the transition writes the outbox (due after the grace period) and queues it.
    const paid = await pending();
    const settled = await applyProviderResult(
      paid.id,
      { reference: String(paid.reference), status: 'SUCCESSFUL', amount: 1500 },
      'webhook',
      { current: paid },
    );
    expect(settled.changed).toBe(true);
    const written = await rawItem(paid.id);
    expect(written.outbox).toEqual({
      webhookId: `evt_${paid.id}_succeeded`,
      type: 'payment.succeeded',
      timestamp: settled.payment.updatedAt,
    });
    expect(String(written.gsi3pk)).toMatch(/^OUTBOX#\d$/);
    expect(Date.parse(String(written.gsi3sk)) - Date.parse(settled.payment.updatedAt)).toBe(
      payments.OUTBOX_GRACE_SECONDS * 1000,
    );
    await processUntil(() => deliveriesOf(paid.id).length === 1 || undefined);
    // The delivered notification is the item as the transition left it.
    expect(deliveriesOf(paid.id)[0]?.body.data).toMatchObject({
      id: paid.id,
      status: 'SUCCESSFUL',
    });
    const taken = await waitFor(async () => {
      const item = await rawItem(paid.id);
      return item.outbox === undefined && (item.notifications as unknown[])?.length
        ? item
        : undefined;
    });
    expect(taken.gsi3pk).toBeUndefined();
    expect(taken.gsi3sk).toBeUndefined();

    // An expiry: the same write moves the index entry to the late-success watch, 5 min after expiry.
    const lost = await pending();
    const expired = await expirePayment(lost.id, new Date());
    expect(expired.changed).toBe(true);
    await processUntil(() => deliveriesOf(lost.id).length === 1 || undefined);
    const watched = await waitFor(async () => {
      const item = await rawItem(lost.id);
      return item.outbox === undefined ? item : undefined;
    });
    expect(String(watched.gsi3pk)).toMatch(/^RECHECK#\d$/);
    expect(Date.parse(String(watched.gsi3sk)) - Date.parse(expired.payment.updatedAt)).toBe(
      300_000,
    );
    expect(deliveriesOf(lost.id)[0]?.body).toMatchObject({
      type: 'payment.expired',
      data: { status: 'EXPIRED' },
    });
  });

  it('skips a notification already delivered (a duplicate message)', async () => {
    const message = await queuedNotification();
    const id = message.data.id;
    await processUntil(() => deliveriesOf(id).length === 1);
    await notifier.enqueueNotification(queue().url, message);
    await processUntil(async () => ((await depth(queue().url)) === 0 ? true : undefined));
    expect(deliveriesOf(id)).toHaveLength(1);
    expect(await attemptsOf(id)).toHaveLength(1);
  });

  it('retries a failing merchant with the same webhook-id, recording every attempt', async () => {
    const message = await queuedNotification([500, 503, 200]);
    const id = message.data.id;
    await processUntil(() => deliveriesOf(id).some((d) => d.answered === 200));
    const seen = deliveriesOf(id);
    expect(seen.map((d) => d.answered)).toEqual([500, 503, 200]);
    expect(new Set(seen.map((d) => d.webhookId))).toEqual(new Set([message.webhookId]));
    expect(seen.every((d) => d.verified && d.body.timestamp === message.timestamp)).toBe(true);
    expect((await attemptsOf(id)).map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 503],
      [3, 'delivered', 200],
    ]);
  });

  it('stops at 410 Gone: no retry, nothing dead-lettered', async () => {
    const message = await queuedNotification([410]);
    const id = message.data.id;
    await processUntil(() => deliveriesOf(id).length === 1);
    expect(await depth(queue().url)).toBe(0);
    expect(await depth(queue().dlqUrl)).toBe(0);
    expect(await attemptsOf(id)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', httpStatus: 410 }),
    ]);
  });

  it('dead-letters a notification once every attempt failed; the payment is untouched', async () => {
    const message = await queuedNotification([500]);
    const id = message.data.id;
    const dead = await processUntil(async () => {
      const messages = await receive(sqs, queue().dlqUrl);
      return messages.length > 0 ? messages : undefined;
    }, 20_000);
    expect(JSON.parse(dead[0]?.Body ?? '{}')).toMatchObject({
      webhookId: message.webhookId,
      exhausted: true,
    });
    expect(deliveriesOf(id).map((d) => d.answered)).toEqual([500, 500, 500]);
    expect((await attemptsOf(id)).map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect((await payments.get(id, { consistent: true }))?.status).toBe('SUCCESSFUL');
  });
});
