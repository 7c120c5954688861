/**
 * Webhook queue consumer: confirms each webhook with FeexPay's status endpoint and applies the
 * result through the transition function. FeexPay unavailable → the record fails and comes back
 * after an exponential delay (visibility timeout, no sleeping); after the queue's maxReceiveCount
 * it goes to the DLQ. See docs/webhooks.md.
 */
import type { SQSRecord } from 'aws-lambda';
import { intEnv, requireEnv } from '../shared/env.ts';
import { logger } from '../shared/logger.ts';
import { sqsBatchHandler } from '../shared/sqs-batch.ts';
import { processWebhook } from '../shared/webhooks/process.ts';
import { parseWebhookMessage } from '../shared/webhooks/queue.ts';
import { backoffSeconds, retryAfter } from '../shared/webhooks/visibility.ts';

const QUEUE_URL = requireEnv('WEBHOOK_QUEUE_URL');
/** First retry delay; doubles per receive (10 s, 20 s, 40 s, 80 s with the default). */
const RETRY_BASE_SECONDS = intEnv('WEBHOOK_RETRY_BASE_SECONDS', 10);

async function recordHandler(record: SQSRecord): Promise<void> {
  const message = parseWebhookMessage(record.body);
  try {
    await processWebhook(message);
  } catch (error) {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1') || 1;
    const delay = backoffSeconds(receiveCount, RETRY_BASE_SECONDS);
    logger.warn('Webhook not processed; SQS will retry', {
      dedupeKey: message.dedupeKey,
      receiveCount,
      retryInSeconds: delay,
      error,
    });
    await retryAfter(QUEUE_URL, record.receiptHandle, delay);
    throw error;
  }
}

export const handler = sqsBatchHandler(recordHandler);
