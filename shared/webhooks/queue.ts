/**
 * The webhook queue's message: what the processor needs to act on one stored webhook event.
 * The event itself stays in the table (raw body included); the message only points at it.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs.ts';
import type { ClaimedStatus } from './payload.ts';

export interface WebhookMessage {
  dedupeKey: string;
  reference: string;
  claimedStatus: ClaimedStatus;
  callbackInfo?: string;
  /** The webhook's `order_id` when it differs from the reference (a second key for a status read). */
  orderId?: string;
}

/** Sends one message to the webhook queue (`WEBHOOK_QUEUE_URL`). */
export async function enqueueWebhook(
  queueUrl: string,
  message: WebhookMessage,
  delaySeconds = 0,
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message),
      ...(delaySeconds > 0 ? { DelaySeconds: Math.min(900, Math.ceil(delaySeconds)) } : {}),
    }),
  );
}

/** Reads a message body back; throws on anything that is not one of ours (it goes to the DLQ). */
export function parseWebhookMessage(body: string): WebhookMessage {
  const value = JSON.parse(body) as Partial<WebhookMessage>;
  if (typeof value.dedupeKey !== 'string' || typeof value.reference !== 'string') {
    throw new Error('Webhook queue message lacks dedupeKey or reference');
  }
  return {
    dedupeKey: value.dedupeKey,
    reference: value.reference,
    claimedStatus: value.claimedStatus ?? 'PENDING',
    callbackInfo: typeof value.callbackInfo === 'string' ? value.callbackInfo : undefined,
    ...(typeof value.orderId === 'string' ? { orderId: value.orderId } : {}),
  };
}
