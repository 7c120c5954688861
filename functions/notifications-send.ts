/**
 * Notification queue consumer: signs and POSTs each merchant notification (Standard Webhooks),
 * schedules retries with SQS delays, and dead-letters the hopeless. A merchant's failures follow
 * the notification schedule (shared/notifications/schedule.ts); a failure of ours (the table, the
 * secret, SQS) makes the record come back after the queue retry budget's growing delays
 * (shared/retry-budget.ts). See docs/webhooks.md.
 */
import type { SQSRecord } from 'aws-lambda';
import * as config from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import {
  handleNotification,
  NotificationExhaustedError,
  parseQueuedNotification,
  type QueuedNotification,
} from '../shared/notifications/notifier.ts';
import { backoffSeconds, failingForSeconds } from '../shared/retry-budget.ts';
import { getFeexPaySecret } from '../shared/secrets.ts';
import { sqsBatchHandler } from '../shared/sqs-batch.ts';
import { retryAfter } from '../shared/webhooks/visibility.ts';

async function recordHandler(record: SQSRecord): Promise<void> {
  let message: QueuedNotification;
  try {
    message = parseQueuedNotification(record.body);
  } catch (error) {
    logger.error('Unreadable notification queue message; dead-lettering it', { error });
    await retryAfter(config.notificationQueueUrl(), record.receiptHandle, 0);
    throw error;
  }
  try {
    const secret = await getFeexPaySecret();
    await handleNotification(message, {
      queueUrl: config.notificationQueueUrl(),
      targetUrl: config.merchantWebhookUrl(),
      signingSecrets: [
        secret.merchantWebhookSecret,
        ...(secret.merchantWebhookSecretPrevious ? [secret.merchantWebhookSecretPrevious] : []),
      ],
      schedule: config.notificationScheduleSeconds(),
      allowPrivate: config.allowPrivateWebhookTargets(),
      now: new Date(),
    });
  } catch (error) {
    // Exhausted: come back at once, so the redrive policy dead-letters it within seconds.
    const delay =
      error instanceof NotificationExhaustedError ? 0 : backoffSeconds(failingForSeconds(record));
    if (delay > 0) {
      logger.warn('Notification not handled; SQS will retry', {
        webhookId: message.webhookId,
        retryInSeconds: delay,
        error,
      });
    }
    await retryAfter(config.notificationQueueUrl(), record.receiptHandle, delay);
    throw error;
  }
}

export const handler = sqsBatchHandler(recordHandler);
