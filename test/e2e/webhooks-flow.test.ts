/**
 * End to end through the local stack: the FeexPay simulator pays (or not) by phone ending and
 * sends its unsigned webhooks to our real receiver; the processor, reconciler and notifier run as
 * the stack's pollers and schedule; a test merchant verifies each notification with
 * `standardwebhooks`. Payment state is read from the table, never through the status route, so
 * a user's status read is never what settles a payment here.
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { redrive } from '../../scripts/redrive-dlq.ts';
import { notificationFor } from '../../scripts/resend-notifications.ts';
import { overrideConfig } from '../../shared/config.ts';
import { enqueueNotification } from '../../shared/notifications/notifier.ts';
import { toPublicPayment } from '../../shared/payments/model.ts';
import * as payments from '../../shared/payments/store.ts';
import { storedWebhookEvent } from '../support/dynamodb.ts';
import { startTestMerchant, type TestMerchant, waitFor } from './webhooks-merchant.ts';

const SECRET = `whsec_${Buffer.from('e2e-merchant-signing-secret-0001').toString('base64')}`;
const MAX_PENDING_SECONDS = 5;

let stack: LocalStack;
let merchant: TestMerchant;
let token: string;
let sqs: SQSClient;

beforeAll(async () => {
  merchant = await startTestMerchant(SECRET);
  // Short schedules so retries and expiry happen within the test.
  overrideConfig({ notificationScheduleSeconds: [0, 1, 1, 1, 1], webhookRetryBaseSeconds: 1 });
  stack = await startLocalStack({
    settings: {
      port: 0,
      simulatorDelayMs: 100,
      merchantWebhookUrl: merchant.url,
      merchantWebhookSecret: SECRET,
      paymentMaxPendingSeconds: MAX_PENDING_SECONDS,
      // The reconciler first looks at a payment just past the max pending age (not 60 s later):
      // ending 03 settles and ending 02 expires on that first check, while the webhook still has
      // the head start it has in production for the other endings.
      paymentFirstCheckDelaySeconds: MAX_PENDING_SECONDS + 1,
      reconcileIntervalSeconds: 2,
      tableName: `e2e-webhooks-${randomUUID().slice(0, 8)}`,
      logLevel: 'ERROR',
    },
    queuePrefix: `e2e-wh-${randomUUID().slice(0, 8)}-`,
    visibilityTimeoutSeconds: 5,
    log: () => {},
  });
  token = await stack.issuer.sign('user-webhooks-e2e');
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
}, 120_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  await merchant?.close();
});

async function initiate(ending: string, merchantMode = 'ok'): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/initiate/`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({
      amount: 1500,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: `22901660000${ending}`,
      metadata: { merchantMode },
    }),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBeLessThan(300);
  return body.id;
}

const payment = (id: string) => payments.get(id, { consistent: true });

function statusIs(id: string, status: string, timeoutMs = 20_000) {
  return waitFor(
    `payment ${id} to be ${status}`,
    async () => {
      const p = await payment(id);
      return p?.status === status ? p : undefined;
    },
    timeoutMs,
  );
}

async function postWebhook(body: unknown, tokenValue?: string) {
  const query = tokenValue === undefined ? '' : `?token=${encodeURIComponent(tokenValue)}`;
  return fetch(`${stack.apiUrl}/webhook/${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const webhookEvent = (reference: string, status: string) =>
  storedWebhookEvent(stack.settings.tableName, reference, status);

async function dlqDepth(queue: 'webhook' | 'notification'): Promise<number> {
  const result = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: stack.queues[queue].dlqUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
    }),
  );
  return result.Messages?.length ?? 0;
}

const ids: Record<string, string> = {};

describe('webhooks, reconciler and merchant notifications through the local stack', () => {
  beforeAll(async () => {
    // Started together: the reconciler-driven cases (02, 03) need the max pending age to pass.
    const started = await Promise.all([
      initiate('00'),
      initiate('01'),
      initiate('02'),
      initiate('03'),
      initiate('04'),
      initiate('00', 'fail3'),
      initiate('00', 'always500'),
    ]);
    [ids.ok, ids.declined, ids.silent, ids.noWebhook, ids.repeated, ids.fail3, ids.always500] =
      started;
  }, 30_000);

  it('ending 00: SUCCESSFUL by the webhook, notified once with a verified signature', async () => {
    const p = await statusIs(ids.ok as string, 'SUCCESSFUL');
    expect(p.events.some((e) => e.type === 'status_changed' && e.source === 'webhook')).toBe(true);
    await waitFor('the notification', () => merchant.accepted(ids.ok as string).length === 1);
    const [delivery] = merchant.accepted(ids.ok as string);
    expect(delivery).toMatchObject({
      verified: true,
      type: 'payment.succeeded',
      webhookId: `evt_${ids.ok}_succeeded`,
      status: 'SUCCESSFUL',
    });
    expect(Object.keys(delivery?.body ?? {}).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(delivery?.body.data.phoneNumber).not.toContain('0166000000');
  });

  it('ending 01: FAILED with its reason by the webhook, notified once', async () => {
    const p = await statusIs(ids.declined as string, 'FAILED');
    expect(p.failureReason).toBe('APPROVAL_REJECTED');
    expect(p.events.some((e) => e.to === 'FAILED' && e.source === 'webhook')).toBe(true);
    await waitFor('the notification', () => merchant.accepted(ids.declined as string).length === 1);
    expect(merchant.accepted(ids.declined as string)[0]).toMatchObject({
      verified: true,
      type: 'payment.failed',
    });
  });

  it('ending 04 (webhook delivered several times): one transition, one notification', async () => {
    const id = ids.repeated as string;
    const p = await statusIs(id, 'SUCCESSFUL');
    await waitFor(
      'all copies of the webhook',
      () => (stack.simulator?.stats().webhooksDelivered ?? 0) >= 5,
    );
    await waitFor('the notification', () => merchant.accepted(id).length === 1);
    // Give any duplicate the time to show up: wait until the queues are idle.
    await waitFor('webhook event processed', async () => {
      const event = await webhookEvent(p.reference as string, 'SUCCESSFUL');
      return event?.state === 'processed';
    });
    const after = await payment(id);
    expect(after?.events.filter((e) => e.type === 'status_changed')).toHaveLength(1);
    expect(merchant.deliveries.filter((d) => d.paymentId === id)).toHaveLength(1);
  });

  it('a valid-token webhook claiming SUCCESSFUL while FeexPay reports PENDING changes nothing', async () => {
    // A fresh ending-02 payment: the shared one may already be past the (short) max pending age.
    const id = await initiate('02');
    const pending = await payment(id);
    expect(pending?.status).toBe('PENDING');
    const reference = pending?.reference as string;
    const res = await postWebhook(
      { reference, status: 'SUCCESSFUL', amount: 1500, callback_info: id },
      stack.settings.feexPayWebhookToken,
    );
    expect(res.status).toBe(200);
    await waitFor('the forged webhook to be checked', async () => {
      const event = await webhookEvent(reference, 'SUCCESSFUL');
      return event?.outcome === 'still_pending';
    });
    expect((await payment(id))?.status).toBe('PENDING');
  });

  it('a missing or wrong token answers 401 and stores nothing', async () => {
    const reference = randomUUID();
    for (const value of [undefined, 'wrong-token-wrong-token']) {
      const res = await postWebhook({ reference, status: 'SUCCESSFUL', amount: 1 }, value);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await webhookEvent(reference, 'SUCCESSFUL')).toBeUndefined();
  });

  it('FAILED arriving after SUCCESSFUL leaves the payment SUCCESSFUL and notifies nothing new', async () => {
    const id = ids.ok as string;
    const done = await statusIs(id, 'SUCCESSFUL');
    const res = await postWebhook(
      { reference: done.reference, status: 'FAILED', reason: 'PAYER_NOT_FOUND', callback_info: id },
      stack.settings.feexPayWebhookToken,
    );
    expect(res.status).toBe(200);
    await waitFor('the late FAILED webhook to be processed', async () => {
      const event = await webhookEvent(done.reference as string, 'FAILED');
      return event?.state === 'processed';
    });
    expect((await payment(id))?.status).toBe('SUCCESSFUL');
    expect(merchant.deliveries.filter((d) => d.paymentId === id)).toHaveLength(1);
  });

  it('a merchant failing three times then answering 200: delivered, every attempt recorded', async () => {
    const id = ids.fail3 as string;
    await statusIs(id, 'SUCCESSFUL');
    await waitFor(
      'delivery after three failures',
      () => merchant.accepted(id).length === 1,
      30_000,
    );
    const attempts = await waitFor('the attempts on the payment', async () => {
      const p = await payment(id);
      return (p?.notifications?.length ?? 0) >= 4 ? p?.notifications : undefined;
    });
    expect(attempts?.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'failed', 500],
      [4, 'delivered', 200],
    ]);
    expect(
      new Set(merchant.deliveries.filter((d) => d.paymentId === id).map((d) => d.webhookId)),
    ).toEqual(new Set([`evt_${id}_succeeded`]));
  });

  it('a merchant that always fails: the notification ends in the DLQ; the payment is unaffected', async () => {
    const id = ids.always500 as string;
    await statusIs(id, 'SUCCESSFUL');
    await waitFor(
      'the notification DLQ',
      async () => (await dlqDepth('notification')) >= 1,
      40_000,
    );
    const p = await payment(id);
    expect(p?.status).toBe('SUCCESSFUL');
    expect(p?.notifications?.map((a) => a.outcome)).toEqual(Array(5).fill('failed'));
  });

  it('ending 03 (no webhook): SUCCESSFUL through the reconciler', async () => {
    const p = await statusIs(ids.noWebhook as string, 'SUCCESSFUL', 100_000);
    expect(p.events.some((e) => e.to === 'SUCCESSFUL' && e.source === 'reconciler')).toBe(true);
    await waitFor(
      'the notification',
      () => merchant.accepted(ids.noWebhook as string).length === 1,
    );
  }, 120_000);

  it('ending 02: PENDING while young, EXPIRED past the max age, payment.expired notified', async () => {
    const id = ids.silent as string;
    const p = await statusIs(id, 'EXPIRED', 100_000);
    expect(Date.parse(p.updatedAt) - Date.parse(p.createdAt)).toBeGreaterThan(
      MAX_PENDING_SECONDS * 1000,
    );
    await waitFor('the expiry notification', () => merchant.accepted(id).length === 1);
    expect(merchant.accepted(id)[0]).toMatchObject({ type: 'payment.expired', verified: true });
  }, 120_000);

  it('FeexPay status failing while a webhook is processed: retried, right final state, DLQ empty', async () => {
    stack.simulator?.injectFault({ target: 'status', kind: 'http503', times: 4 });
    const id = await initiate('00');
    await statusIs(id, 'SUCCESSFUL', 30_000);
    expect(await dlqDepth('webhook')).toBe(0);
    await waitFor('the notification', () => merchant.accepted(id).length === 1);
  }, 60_000);
});

describe('operator tools', () => {
  it('redrive moves a dead notification back and the notifier tries it again', async () => {
    const id = ids.always500 as string;
    await waitFor(
      'the notification DLQ',
      async () => (await dlqDepth('notification')) >= 1,
      40_000,
    );
    const before = (await payment(id))?.notifications?.length ?? 0;
    const moved = await redrive(
      sqs,
      stack.queues.notification.dlqUrl,
      stack.queueUrls.notification,
      10,
    );
    expect(moved).toBeGreaterThanOrEqual(1);
    await waitFor('a fresh round of attempts', async () => {
      return ((await payment(id))?.notifications?.length ?? 0) > before;
    });
  }, 60_000);

  it('resend-notifications re-delivers a final state with the same webhook-id', async () => {
    const id = ids.declined as string;
    const p = await statusIs(id, 'FAILED');
    await enqueueNotification(stack.queueUrls.notification, notificationFor(p, toPublicPayment));
    await waitFor('the re-sent notification', () => merchant.accepted(id).length === 2);
    expect(new Set(merchant.accepted(id).map((d) => d.webhookId))).toEqual(
      new Set([`evt_${id}_failed`]),
    );
  });
});
