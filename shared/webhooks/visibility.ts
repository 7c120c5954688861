/**
 * Backoff for SQS consumers without sleeping (docs/decisions.md, decision 6): before failing a
 * record, set its visibility timeout to the wait we want (shared/retry-budget.ts), so SQS hands it
 * back after that delay. After the queue's maxReceiveCount receives, SQS moves it to the DLQ.
 */
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs.ts';
import { logger } from '../logger.ts';

/** Largest visibility timeout SQS accepts, 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * Makes the record reappear after `seconds`. Best effort: if this call fails, the queue's own
 * visibility timeout applies, which is still a retry.
 */
export async function retryAfter(
  queueUrl: string,
  receiptHandle: string,
  seconds: number,
): Promise<void> {
  try {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.round(seconds))),
      }),
    );
  } catch (error) {
    logger.warn('Could not change the message visibility; the queue default applies', { error });
  }
}
