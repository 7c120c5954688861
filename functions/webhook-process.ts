/**
 * Webhook queue consumer: confirms each webhook with FeexPay's status endpoint and applies the
 * result through the transition function. FeexPay unavailable → the record fails and comes back
 * after an exponential delay (visibility timeout, no sleeping); after the queue's maxReceiveCount
 * it goes to the DLQ. See docs/webhooks.md.
 */
import type { SQSRecord } from 'aws-lambda';
import * as config from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { sqsBatchHandler } from '../shared/sqs-batch.ts';
import { processWebhook } from '../shared/webhooks/process.ts';
import { parseWebhookMessage } from '../shared/webhooks/queue.ts';
import { backoffSeconds, retryAfter } from '../shared/webhooks/visibility.ts';

async function recordHandler(record: SQSRecord): Promise<void> {
  const message = parseWebhookMessage(record.body);
  try {
    await processWebhook(message);
  } catch (error) {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1') || 1;
    // Doubles per receive: 10 s, 20 s, 40 s, 80 s with the default base.
    const delay = backoffSeconds(receiveCount, config.webhookRetryBaseSeconds());
    logger.warn('Webhook not processed; SQS will retry', {
      dedupeKey: message.dedupeKey,
      receiveCount,
      retryInSeconds: delay,
      error,
    });
    await retryAfter(config.webhookQueueUrl(), record.receiptHandle, delay);
    throw error;
  }
}

export const handler = sqsBatchHandler(recordHandler);
