/**
 * The merchant notifier's decision for one queued notification: wait (re-queue hop), skip (already
 * delivered), deliver (signed POST), then record the attempt on the payment and either stop or
 * schedule the next attempt with an SQS delay. A notification problem never changes the payment's
 * status. Retry schedule and dedupe rules: docs/webhooks.md.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import type { NotificationAttempt, NotificationMessage } from '../payments/model.ts';
import type { OutboxTakeOver } from '../payments/store.ts';
import { type DeliveryResult, deliverNotification } from './deliver.ts';
import { MERCHANT_EVENTS } from './merchant-events.ts';
import { type NotifiedRecord, type NotifiedRecords, recordsOf } from './records.ts';
import { MAX_SQS_DELAY_SECONDS } from './schedule.ts';

/** A notification as it travels on the notification queue. */
export interface QueuedNotification extends NotificationMessage {
  /** Index (0-based) of the attempt this message is for. @default 0 */
  attempt?: number;
  /** ISO time before which the attempt must not be made (waits longer than SQS's 15 min). */
  notBefore?: string;
  /** Every attempt failed: the consumer fails it on purpose so SQS moves it to the DLQ. */
  exhausted?: boolean;
  /** Operator re-send: deliver even if this webhook-id was already delivered. */
  replay?: boolean;
}

/** Thrown for an exhausted notification so the record fails and SQS dead-letters it. */
export class NotificationExhaustedError extends Error {
  constructor(webhookId: string) {
    super(`Notification ${webhookId} exhausted its retries; failing it into the DLQ`);
    this.name = 'NotificationExhaustedError';
  }
}

export interface NotifierContext {
  queueUrl: string;
  targetUrl: string;
  /** The merchant signing secret, then (during a rotation) the previous one: both sign. */
  signingSecrets: readonly string[];
  schedule: readonly number[];
  allowPrivate: boolean;
  now: Date;
  timeoutMs?: number;
}

export type NotifyOutcome =
  | 'delivered'
  | 'already_delivered'
  | 'deferred'
  | 'retry_scheduled'
  | 'gone'
  | 'exhausted';

/** Parses a queue body; throws on anything that is not a notification (it goes to the DLQ). */
export function parseQueuedNotification(body: string): QueuedNotification {
  const value = JSON.parse(body) as Partial<QueuedNotification>;
  if (
    typeof value.webhookId !== 'string' ||
    !MERCHANT_EVENTS.some((event) => event.type === value.type) ||
    typeof value.data?.id !== 'string'
  ) {
    throw new Error('Notification message lacks webhookId, a merchant event type or data.id');
  }
  return value as QueuedNotification;
}

/** Sends a notification to the queue, delayed by up to SQS's 15-minute maximum. */
export async function enqueueNotification(
  queueUrl: string,
  message: QueuedNotification,
  delaySeconds = 0,
): Promise<void> {
  const delay = Math.max(0, Math.min(MAX_SQS_DELAY_SECONDS, Math.ceil(delaySeconds)));
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message),
      ...(delay > 0 ? { DelaySeconds: delay } : {}),
    }),
  );
}

/**
 * When the record (the payment, or the checkout) still holds this notification in its outbox (the
 * first attempt, or a re-flush by the reconciler), the notifier's write takes it over.
 */
function takeOverOf(
  records: NotifiedRecords,
  record: NotifiedRecord | undefined,
  message: QueuedNotification,
): OutboxTakeOver | undefined {
  if (!record || record.outbox?.webhookId !== message.webhookId) return undefined;
  return records.takeOverOf(record);
}

async function record(
  records: NotifiedRecords,
  id: string,
  attempt: NotificationAttempt,
  takeOver: OutboxTakeOver | undefined,
): Promise<void> {
  try {
    await records.recordAttempt(id, attempt, takeOver);
  } catch (error) {
    // Bookkeeping must not turn a delivered notification into a retried one.
    logger.warn('Could not record the notification attempt', { recordId: id, error });
  }
}

function describe(result: DeliveryResult): string | undefined {
  if (result.blocked) return `blocked: ${result.error ?? 'target not allowed'}`;
  if (result.gone) return 'merchant answered 410 Gone; no further retries';
  return result.error;
}

/** Handles one queued notification; throws only to make SQS retry or dead-letter the record. */
export async function handleNotification(
  message: QueuedNotification,
  ctx: NotifierContext,
): Promise<NotifyOutcome> {
  if (message.exhausted) throw new NotificationExhaustedError(message.webhookId);
  const index = message.attempt ?? 0;
  const id = message.data.id;
  const records = recordsOf(message.type);
  const log = { webhookId: message.webhookId, recordId: id, attempt: index + 1 };

  const waitMs = message.notBefore ? Date.parse(message.notBefore) - ctx.now.getTime() : 0;
  if (waitMs > 1000) {
    await enqueueNotification(ctx.queueUrl, message, waitMs / 1000);
    return 'deferred';
  }

  let takeOver: OutboxTakeOver | undefined;
  if (!message.replay) {
    // Strongly consistent: right after a transition, an eventually consistent read could miss
    // the outbox and leave it for the reconciler to send again.
    const current = await records.get(id);
    takeOver = takeOverOf(records, current, message);
    const done = current?.notifications?.some(
      (n) => n.webhookId === message.webhookId && n.outcome === 'delivered',
    );
    if (done) {
      logger.info('Notification already delivered; skipping', log);
      // A re-flush of a delivered notification: stop the reconciler sending it again.
      if (takeOver) await records.release(id, takeOver);
      return 'already_delivered';
    }
  }

  const result = await deliverNotification(ctx.targetUrl, ctx.signingSecrets, message, {
    allowPrivate: ctx.allowPrivate,
    now: ctx.now,
    timeoutMs: ctx.timeoutMs,
  });
  const error = describe(result);
  await record(
    records,
    id,
    {
      webhookId: message.webhookId,
      at: ctx.now.toISOString(),
      attempt: index + 1,
      outcome: result.delivered ? 'delivered' : 'failed',
      ...(result.httpStatus ? { httpStatus: result.httpStatus } : {}),
      ...(error ? { error } : {}),
    },
    takeOver,
  );

  if (result.delivered) {
    metrics.addMetric('NotificationDelivered', MetricUnit.Count, 1);
    logger.info('Notification delivered', { ...log, httpStatus: result.httpStatus });
    return 'delivered';
  }
  if (result.gone) {
    metrics.addMetric('NotificationFailed', MetricUnit.Count, 1);
    logger.warn('Merchant endpoint answered 410 Gone; giving up on this notification', log);
    return 'gone';
  }

  const next = index + 1;
  const delay = ctx.schedule[next];
  if (!result.blocked && delay !== undefined) {
    logger.info('Notification attempt failed; retry scheduled', {
      ...log,
      httpStatus: result.httpStatus,
      error: result.error,
      retryInSeconds: delay,
    });
    await enqueueNotification(
      ctx.queueUrl,
      {
        ...message,
        attempt: next,
        notBefore: new Date(ctx.now.getTime() + delay * 1000).toISOString(),
      },
      delay,
    );
    return 'retry_scheduled';
  }

  // Out of attempts (or a target that can never work): dead-letter it for the operator.
  metrics.addMetric('NotificationFailed', MetricUnit.Count, 1);
  logger.error('Notification failed for good; moving it to the DLQ', {
    ...log,
    httpStatus: result.httpStatus,
    error,
  });
  await enqueueNotification(ctx.queueUrl, { ...message, exhausted: true });
  return 'exhausted';
}
