/**
 * Webhook queue consumer: confirms each webhook with FeexPay's status endpoint and applies the
 * result through the transition function. FeexPay unavailable → the record fails and comes back
 * after a growing delay (visibility timeout, no sleeping: as long as it has been failing, 10 s to
 * 15 min, for about 6 hours, shared/retry-budget.ts); only then does the queue's redrive policy dead-letter it.
 * A message that is not ours cannot improve with time: it comes back at once, and reaches the DLQ
 * within seconds. See docs/webhooks.md.
 */
import type { SQSRecord } from 'aws-lambda';
import * as config from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { backoffSeconds, failingForSeconds } from '../shared/retry-budget.ts';
import { sqsBatchHandler } from '../shared/sqs-batch.ts';
import { processWebhook } from '../shared/webhooks/process.ts';
import { parseWebhookMessage, type WebhookMessage } from '../shared/webhooks/queue.ts';
import { retryAfter } from '../shared/webhooks/visibility.ts';

async function recordHandler(record: SQSRecord): Promise<void> {
  let message: WebhookMessage;
  try {
    message = parseWebhookMessage(record.body);
  } catch (error) {
    logger.error('Unreadable webhook queue message; dead-lettering it', { error });
    await retryAfter(config.webhookQueueUrl(), record.receiptHandle, 0);
    throw error;
  }
  try {
    await processWebhook(message);
  } catch (error) {
    const failingFor = failingForSeconds(record);
    const delay = backoffSeconds(failingFor, {
      baseSeconds: config.webhookRetryBaseSeconds(),
      capSeconds: config.webhookRetryCapSeconds(),
    });
    logger.warn('Webhook not processed; SQS will retry', {
      dedupeKey: message.dedupeKey,
      receiveCount: Number(record.attributes?.ApproximateReceiveCount),
      failingForSeconds: Math.round(failingFor),
      retryInSeconds: delay,
      error,
    });
    await retryAfter(config.webhookQueueUrl(), record.receiptHandle, delay);
    throw error;
  }
}

export const handler = sqsBatchHandler(recordHandler);
