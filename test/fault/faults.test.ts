/**
 * Fault injection through the local stack (real DynamoDB Local, SQS emulator and FeexPay
 * simulator; the handlers run in this process, so SDK middleware on the shared clients can inject
 * faults exactly where a real outage or crash would hit):
 *
 * - DynamoDB throttling (absorbed by the SDK's retries, or seen as a retryable 5xx that a replay fixes);
 * - lost races (webhook processor and status refresh settling the same payment at once);
 * - FeexPay timeouts, 5xx (500: outcome unknown; 503: not taken) and junk bodies at initiation,
 *   and 5xx and junk on status reads;
 * - SQS redelivery (duplicate webhook and notification messages);
 * - a crash between storing a webhook and queueing it;
 * - a crash between FeexPay's answer and our write.
 *
 * Each case ends in a correct final state with nothing lost, and never a second request-to-pay.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as initiateFunction from '../../functions/payments-initiate.ts';
import { localClientConfig } from '../../local/aws.ts';
import type { LocalStack } from '../../local/stack.ts';
import * as dynamo from '../../shared/clients/dynamodb.ts';
import * as sqs from '../../shared/clients/sqs.ts';
import { overrideConfig } from '../../shared/config.ts';
import type { HttpResponse } from '../../shared/http/problem.ts';
import type { Payment } from '../../shared/payments/model.ts';
import * as status from '../../shared/payments/status.ts';
import * as payments from '../../shared/payments/store.ts';
import * as reconcile from '../../shared/reconcile/reconcile.ts';
import * as webhookProcess from '../../shared/webhooks/process.ts';
import { apiEvent } from '../support/api-event.ts';
import { countRequests, type RequestCounter } from '../support/aws-request-counter.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

const m = {
  dynamo,
  sqs,
  payments,
  status,
  process: webhookProcess,
  reconcile,
  initiate: initiateFunction,
};

let stack: LocalStack;
let token = '';
let sqsClient: SQSClient;
let sqsSends: RequestCounter;
const faultNames: string[] = [];

/**
 * An SDK middleware below the retry layer (so the SDK's own retries see the fault) that throws
 * `error()` for the next `times` commands matching `when`. Removed in afterEach.
 */
function injectSdkFault(
  // biome-ignore lint/suspicious/noExplicitAny: any client's stack
  client: { middlewareStack: any },
  when: (command: string, input: Record<string, unknown>) => boolean,
  times: number,
  error: () => Error,
): { hits: () => number } {
  const name = `fault-${randomUUID()}`;
  let left = times;
  let hits = 0;
  client.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: smithy middleware signature
    (next: any, context: any) => async (args: any) => {
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      if (left > 0 && when(command, args.input ?? {})) {
        left--;
        hits++;
        throw error();
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  faultNames.push(name);
  return { hits: () => hits };
}

function throttle(): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

function crash(): Error {
  return new Error('simulated crash (the Lambda died here)');
}

function body(ending: string, extra: Record<string, unknown> = {}) {
  return {
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: `22901660000${ending}`,
    ...extra,
  };
}

async function initiate(ending: string, key = randomUUID()) {
  return api(stack, 'POST', 'initiate', {
    token,
    headers: { 'idempotency-key': key },
    body: body(ending),
  });
}

const read = (id: string) => m.payments.get(id, { consistent: true });

function settledAs(id: string, status: Payment['status'], timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const p = await read(id);
      return p?.status === status ? p : undefined;
    },
    { timeoutMs, message: `payment ${id} to become ${status}` },
  );
}

/** The payment the simulator holds for our payment id (callback_info). */
const feexPayTxFor = (id: string) =>
  stack.simulator?.transactions().filter((t) => t.callbackInfo === id) ?? [];

const statusChanges = (p: Payment) => p.events.filter((e) => e.type === 'status_changed');

/** Notification messages handed to SQS for a payment (counted at the SQS client). */
const notificationsSent = new Map<string, number>();

/**
 * A payment's merchant notifications handed to SQS. The send happens just after the state change
 * is written, so a caller that saw the new state awaits the first one before counting.
 */
async function notificationsFor(id: string): Promise<number> {
  await waitFor(() => (notificationsSent.get(id) ?? 0) > 0, {
    message: `a notification for ${id} sent to SQS`,
  });
  return notificationsSent.get(id) ?? 0;
}

beforeAll(async () => {
  overrideConfig({ webhookRetryBaseSeconds: 1 });
  stack = await startTestStack({
    log: () => {},
    visibilityTimeoutSeconds: 5,
    settings: { simulatorDelayMs: 300, paymentMaxPendingSeconds: 120 },
  });
  token = await tokenFor('fault-user');
  sqsSends = countRequests(m.sqs.sqs);
  // Count notification messages per payment as they leave for SQS.
  m.sqs.sqs.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: smithy middleware signature
    (next: any, context: any) => async (args: any) => {
      const result = await next(args);
      if (
        context.commandName === 'SendMessageCommand' &&
        args.input.QueueUrl === stack.queueUrls.notification
      ) {
        const id = String(JSON.parse(args.input.MessageBody).data?.id);
        notificationsSent.set(id, (notificationsSent.get(id) ?? 0) + 1);
      }
      return result;
    },
    { step: 'initialize', name: 'notificationCounter' },
  );
  sqsClient = new SQSClient(localClientConfig(stack.endpoints.sqs));
}, 120_000);

afterEach(() => {
  for (const name of faultNames.splice(0)) {
    m.dynamo.dynamoDbClient.middlewareStack.remove(name);
    m.sqs.sqs.middlewareStack.remove(name);
  }
  stack.simulator?.clearFaults();
});

afterAll(async () => {
  sqsSends?.detach();
  sqsClient?.destroy();
  await stack?.stop();
});

describe('DynamoDB throttling', () => {
  it('throttles the SDK absorbs: the user sees a plain 201, one payment, one request-to-pay', async () => {
    const fault = injectSdkFault(
      m.dynamo.dynamoDbClient,
      (c) => c === 'PutItem' || c === 'UpdateItem',
      2,
      throttle,
    );
    const res = await initiate('00');
    expect(res.status, res.text).toBe(201);
    expect(fault.hits()).toBe(2);
    const id = String(res.body.id);
    expect(feexPayTxFor(id)).toHaveLength(1);
    await settledAs(id, 'SUCCESSFUL');
  });

  it('throttling past the retries: a retryable 5xx problem, nothing charged; the replay with the same key succeeds once', async () => {
    const key = randomUUID();
    const before = stack.simulator?.stats().requestToPay ?? 0;
    injectSdkFault(
      m.dynamo.dynamoDbClient,
      // Only the payment's creation: background writes of earlier payments stay unaffected.
      (c, input) => {
        // Marshalled by now: { pk: { S: 'PAYMENT#…' } }.
        const pk = (input.Item as { pk?: { S?: string } } | undefined)?.pk?.S ?? '';
        return c === 'PutItem' && pk.startsWith('PAYMENT#');
      },
      10,
      throttle,
    );
    const failed = await initiate('00', key);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(failed.headers.get('content-type')).toBe('application/problem+json');
    expect(failed.body.correlationId).toBeTruthy();
    expect(stack.simulator?.stats().requestToPay).toBe(before);
    for (const name of faultNames.splice(0)) m.dynamo.dynamoDbClient.middlewareStack.remove(name);

    const replay = await initiate('00', key);
    expect(replay.status, replay.text).toBe(201);
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    await settledAs(String(replay.body.id), 'SUCCESSFUL');
  });
});

describe('lost races', () => {
  it('webhook processor and status refresh settle the same payment at once: one event, one notification', async () => {
    const ids = await Promise.all(
      Array.from({ length: 4 }, async () => String((await initiate('02')).body.id)),
    );
    for (const id of ids) {
      const payment = await read(id);
      const reference = payment?.reference as string;
      // FeexPay settles; its own webhook is one more racer (the processor via the queue).
      expect(stack.simulator?.settle(reference, 'SUCCESSFUL')).toBe(true);
      const later = new Date(Date.now() + 60_000); // past the status route's refresh threshold
      const outcomes = await Promise.all([
        m.process.processWebhook({
          dedupeKey: `race-${id}`,
          reference,
          claimedStatus: 'SUCCESSFUL',
          callbackInfo: id,
        }),
        m.status.getPaymentStatus('fault-user', id, later),
        m.process.processWebhook({
          dedupeKey: `race2-${id}`,
          reference,
          claimedStatus: 'SUCCESSFUL',
          callbackInfo: id,
        }),
      ]);
      expect(outcomes[1].status).toMatch(/PENDING|SUCCESSFUL/);
    }
    for (const id of ids) {
      const settled = await settledAs(id, 'SUCCESSFUL');
      // Let the simulator's webhook be processed too, then count.
      await waitFor(
        async () => (await m.payments.get(id, { consistent: true }))?.outbox === undefined,
      );
      expect(statusChanges(settled)).toHaveLength(1);
      expect(await notificationsFor(id)).toBe(1);
    }
  });
});

describe('FeexPay faults at initiation', () => {
  it('timeout: the payment stays PENDING (outcome unknown), is never re-sent, and FeexPay’s webhook settles it through callback_info', async () => {
    stack.simulator?.injectFault({ target: 'requestToPay', kind: 'timeout', times: 1 });
    const key = randomUUID();
    const before = stack.simulator?.stats().requestToPay ?? 0;
    // In-process, with 4 s left: the FeexPay timeout becomes 1 s (remaining − 3 s reserve).
    const event = apiEvent({
      method: 'POST',
      path: `/api/v1/payments/feexpay/initiate`,
      headers: { 'idempotency-key': key },
      body: body('00'),
      sub: 'fault-user',
    });
    const context = {
      functionName: 'initiate',
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => 4_000,
    } as unknown as Context;
    const response = (await m.initiate.handler(event, context)) as HttpResponse;
    expect(response.statusCode).toBe(201);
    const id = String(JSON.parse(String(response.body)).id);
    // PENDING, or already SUCCESSFUL when FeexPay's webhook beat our timeout (it does here: the
    // simulated customer answers in 300 ms, our wait is 1 s).
    expect(['PENDING', 'SUCCESSFUL']).toContain(JSON.parse(String(response.body)).status);
    expect((await read(id))?.events.map((e) => e.type)).toContain('outcome_unknown');
    const settled = await settledAs(id, 'SUCCESSFUL');
    expect(settled.reference).toBe(feexPayTxFor(id)[0]?.reference);
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    // A replay answers from the table and never rings the phone again.
    const replay = await initiate('00', key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    expect(await notificationsFor(id)).toBe(1);
  });

  it('HTTP 500 before FeexPay acted: outcome unknown (PENDING, no reference, 201), never re-sent and not retryable while PENDING; with no webhook the reconciler expires it', async () => {
    stack.simulator?.injectFault({ target: 'requestToPay', kind: 'http500', times: 1 });
    const key = randomUUID();
    const before = stack.simulator?.stats().requestToPay ?? 0;
    const res = await initiate('00', key);
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('PENDING');
    const id = String(res.body.id);
    const stored = await read(id);
    expect(stored).toMatchObject({ status: 'PENDING', initiationOutcome: 'unknown' });
    expect(stored?.reference).toBeUndefined();
    expect(stored?.failureReason).toBeUndefined();
    expect(stored?.events.map((e) => e.type)).toEqual(['created', 'outcome_unknown']);
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    // A replay answers the stored 201 PENDING and never rings the phone again.
    const replay = await initiate('00', key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.status).toBe('PENDING');
    // Nor may a retry: FeexPay may have created the transaction.
    const retry = await api(stack, 'POST', `retry/${id}`, {
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('payment_not_retryable');
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    unknownPaymentIds.push(id);
  });

  it('HTTP 500 after FeexPay created the transaction: PENDING (outcome unknown), then FeexPay’s webhook settles it through callback_info; one request-to-pay, one notification', async () => {
    stack.simulator?.injectFault({ target: 'requestToPay', kind: 'http500-processed', times: 1 });
    const before = stack.simulator?.stats().requestToPay ?? 0;
    const res = await initiate('00');
    expect(res.status, res.text).toBe(201);
    // PENDING, or already SUCCESSFUL if FeexPay's webhook was processed before our answer.
    expect(['PENDING', 'SUCCESSFUL']).toContain(res.body.status);
    const id = String(res.body.id);
    expect((await read(id))?.events.map((e) => e.type)).toContain('outcome_unknown');
    const tx = feexPayTxFor(id);
    expect(tx).toHaveLength(1);
    const settled = await settledAs(id, 'SUCCESSFUL');
    expect(settled.reference).toBe(tx[0]?.reference);
    expect(settled.failureReason).toBeUndefined();
    expect(statusChanges(settled)).toHaveLength(1);
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    await waitFor(() => notificationsSent.get(id) === 1, { message: 'payment.succeeded queued' });
  });

  it('HTTP 503 (FeexPay down): FAILED PROVIDER_UNAVAILABLE with a retryable 503 problem, nobody charged; retry/{id} then succeeds', async () => {
    stack.simulator?.injectFault({ target: 'requestToPay', kind: 'http503', times: 1 });
    const res = await initiate('00');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('provider_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const id = String(res.body.detail).match(/pay_[a-z2-7]+/)?.[0] as string;
    expect((await read(id))?.status).toBe('FAILED');
    expect((await read(id))?.failureReason).toBe('PROVIDER_UNAVAILABLE');
    expect(stack.simulator?.transactions().filter((t) => t.callbackInfo === id)).toHaveLength(0);
    const retry = await api(stack, 'POST', `retry/${id}`, {
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(retry.status, retry.text).toBe(201);
    await settledAs(String(retry.body.id), 'SUCCESSFUL');
  });

  it('a junk body: outcome unknown, PENDING, no second request-to-pay; with no webhook, the reconciler expires it (last test: it runs in the future)', async () => {
    stack.simulator?.injectFault({ target: 'requestToPay', kind: 'junk', times: 1 });
    const before = stack.simulator?.stats().requestToPay ?? 0;
    const res = await initiate('00');
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('PENDING');
    const id = String(res.body.id);
    const stored = await read(id);
    expect(stored?.initiationOutcome).toBe('unknown');
    expect(stored?.reference).toBeUndefined();
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    unknownPaymentIds.push(id);
  });
});

/** Payments left PENDING with an unknown outcome and no webhook: the last test expires them. */
const unknownPaymentIds: string[] = [];

describe('FeexPay faults on status reads and SQS redelivery', () => {
  it('status reads failing (5xx, junk) make SQS redeliver the webhook until it is confirmed', async () => {
    const res = await initiate('00');
    const id = String(res.body.id);
    // The processor's client retries 5xx/timeouts itself; junk fails the record at once.
    stack.simulator?.injectFault({ target: 'status', kind: 'junk', times: 1 });
    stack.simulator?.injectFault({ target: 'status', kind: 'http503', times: 3 });
    const settled = await settledAs(id, 'SUCCESSFUL', 30_000);
    expect(statusChanges(settled)).toHaveLength(1);
    expect(await notificationsFor(id)).toBe(1);
  });

  it('duplicate webhook and notification messages change nothing and notify the merchant once', async () => {
    const res = await initiate('00');
    const id = String(res.body.id);
    const settled = await settledAs(id, 'SUCCESSFUL');
    const reference = settled.reference as string;
    const message = JSON.stringify({
      dedupeKey: `${reference}#SUCCESSFUL`,
      reference,
      claimedStatus: 'SUCCESSFUL',
      callbackInfo: id,
    });
    const webhookId = `evt_${id}_succeeded`;
    const delivered = () =>
      stack.merchantDeliveries.filter((d) => d.headers['webhook-id'] === webhookId);
    await waitFor(() => delivered().length === 1, { message: 'first merchant delivery' });
    const notification = JSON.stringify({
      webhookId,
      type: 'payment.succeeded',
      timestamp: new Date().toISOString(),
      data: { ...settled, id },
    });
    for (let i = 0; i < 3; i++) {
      await sqsClient.send(
        new SendMessageCommand({ QueueUrl: stack.queueUrls.webhook, MessageBody: message }),
      );
      await sqsClient.send(
        new SendMessageCommand({
          QueueUrl: stack.queueUrls.notification,
          MessageBody: notification,
        }),
      );
    }
    // Wait until the queues are drained (the pollers consumed all six copies).
    await waitFor(
      async () => {
        const depth = await Promise.all(
          (['webhook', 'notification'] as const).map(async (q) => {
            const attrs = await sqsClient.send(
              new GetQueueAttributesCommand({
                QueueUrl: stack.queueUrls[q],
                AttributeNames: ['All'],
              }),
            );
            return (
              Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0) +
              Number(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
            );
          }),
        );
        return depth.every((d) => d === 0);
      },
      { timeoutMs: 20_000, message: 'queues drained' },
    );
    const after = await read(id);
    expect(statusChanges(after as Payment)).toHaveLength(1);
    expect(delivered()).toHaveLength(1);
  });
});

describe('crashes between two steps', () => {
  it('between storing a webhook and queueing it: the receiver answers 5xx, FeexPay redelivers, the duplicate is re-queued and settles the payment', async () => {
    const fault = injectSdkFault(
      m.sqs.sqs,
      (c, input) => c === 'SendMessage' && input.QueueUrl === stack.queueUrls.webhook,
      1,
      crash,
    );
    const sentBefore = stack.simulator?.stats().webhooksSent ?? 0;
    const res = await initiate('00');
    const id = String(res.body.id);
    const settled = await settledAs(id, 'SUCCESSFUL');
    expect(fault.hits()).toBe(1);
    expect((stack.simulator?.stats().webhooksSent ?? 0) - sentBefore).toBeGreaterThanOrEqual(2);
    expect(statusChanges(settled)).toHaveLength(1);
    expect(await notificationsFor(id)).toBe(1);
  });

  it('between FeexPay’s answer and our write: PENDING without a reference, settled by the webhook via callback_info; never a second request-to-pay', async () => {
    const fault = injectSdkFault(
      m.dynamo.dynamoDbClient,
      (c, input) => {
        const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
        return c === 'UpdateItem' && ':response' in values && ':reference' in values;
      },
      1,
      crash,
    );
    const key = randomUUID();
    const before = stack.simulator?.stats().requestToPay ?? 0;
    const res = await initiate('00', key);
    expect(fault.hits()).toBe(1);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const tx = stack.simulator?.transactions().at(-1);
    const id = String(tx?.callbackInfo);
    const settled = await settledAs(id, 'SUCCESSFUL');
    expect(settled.reference).toBe(tx?.reference);
    // The client retries with the same key: an answer from the table, no new request-to-pay.
    const replay = await initiate('00', key);
    expect([201, 409]).toContain(replay.status);
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    expect(await notificationsFor(id)).toBe(1);
  });
});

describe('expiry of a payment FeexPay never settled', () => {
  it('the junk-answer and HTTP 500 payments are expired by the reconciler once past their age, notified once', async () => {
    expect(unknownPaymentIds).toHaveLength(2);
    const future = new Date(Date.now() + 24 * 3600 * 1000);
    await m.reconcile.reconcile({
      now: future,
      deadline: Date.now() + 20_000,
      maxPendingSeconds: 3600,
    });
    for (const id of unknownPaymentIds) {
      const expired = await read(id);
      expect(expired?.status).toBe('EXPIRED');
      expect(statusChanges(expired as Payment)).toHaveLength(1);
      expect(notificationsSent.get(id)).toBe(1);
    }
  });
});
