/**
 * Notification queue consumer: signs and POSTs each merchant notification (Standard Webhooks),
 * schedules retries with SQS delays, and dead-letters the hopeless. See docs/webhooks.md.
 */
import type { SQSRecord } from 'aws-lambda';
import * as config from '../shared/config.ts';
import {
  handleNotification,
  NotificationExhaustedError,
  parseQueuedNotification,
} from '../shared/notifications/notifier.ts';
import { getFeexPaySecret } from '../shared/secrets.ts';
import { sqsBatchHandler } from '../shared/sqs-batch.ts';
import { retryAfter } from '../shared/webhooks/visibility.ts';

async function recordHandler(record: SQSRecord): Promise<void> {
  const message = parseQueuedNotification(record.body);
  const secret = await getFeexPaySecret();
  try {
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
    // Exhausted: come back at once, so the redrive policy dead-letters it within a few receives.
    if (error instanceof NotificationExhaustedError)
      await retryAfter(config.notificationQueueUrl(), record.receiptHandle, 0);
    throw error;
  }
}

export const handler = sqsBatchHandler(recordHandler);
