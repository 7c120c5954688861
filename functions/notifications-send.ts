/**
 * Notification queue consumer: signs and POSTs each merchant notification (Standard Webhooks),
 * schedules retries with SQS delays, and dead-letters the hopeless. See docs/webhooks.md.
 */
import type { SQSRecord } from 'aws-lambda';
import { optionalEnv, requireEnv } from '../shared/env.ts';
import {
  handleNotification,
  NotificationExhaustedError,
  parseQueuedNotification,
} from '../shared/notifications/notifier.ts';
import { retryScheduleFrom } from '../shared/notifications/schedule.ts';
import { getFeexPaySecret } from '../shared/secrets.ts';
import { sqsBatchHandler } from '../shared/sqs-batch.ts';
import { retryAfter } from '../shared/webhooks/visibility.ts';

const QUEUE_URL = requireEnv('NOTIFICATION_QUEUE_URL');
const TARGET_URL = requireEnv('MERCHANT_WEBHOOK_URL');
const ALLOW_PRIVATE = optionalEnv('ALLOW_PRIVATE_WEBHOOK_TARGETS', 'false') === 'true';
const SCHEDULE = retryScheduleFrom(process.env.NOTIFICATION_RETRY_SCHEDULE_SECONDS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const message = parseQueuedNotification(record.body);
  const secret = await getFeexPaySecret();
  try {
    await handleNotification(message, {
      queueUrl: QUEUE_URL,
      targetUrl: TARGET_URL,
      signingSecret: secret.merchantWebhookSecret,
      schedule: SCHEDULE,
      allowPrivate: ALLOW_PRIVATE,
      now: new Date(),
    });
  } catch (error) {
    // Exhausted: come back at once, so the redrive policy dead-letters it within a few receives.
    if (error instanceof NotificationExhaustedError)
      await retryAfter(QUEUE_URL, record.receiptHandle, 0);
    throw error;
  }
}

export const handler = sqsBatchHandler(recordHandler);
