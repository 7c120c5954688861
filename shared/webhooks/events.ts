/**
 * Webhook events in the single table: `pk=WEBHOOK#<dedupeKey>`, `sk=WEBHOOK`. Each FeexPay delivery
 * is kept as received (raw body, base64 flag) for audit and replay, deduplicated by key, and
 * expires after 30 days (TTL; code never relies on the deletion).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.ts';
import { requireEnv } from '../env.ts';
import type { WebhookClaim } from './payload.ts';

const TABLE_NAME = requireEnv('TABLE_NAME');

/** How long webhook events are kept. */
export const WEBHOOK_EVENT_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Where an event stands. `queued`: sent to the webhook queue, not yet processed. `unmatched`: no
 * payment of ours matched it. `unconfirmed`: it claimed an outcome FeexPay's status endpoint did not
 * (yet) confirm. Only `processed` makes a redelivery a no-op; the others queue it again.
 */
export type WebhookEventState = 'queued' | 'processed' | 'unmatched' | 'unconfirmed';

export interface WebhookEvent {
  dedupeKey: string;
  reference: string;
  claimedStatus: WebhookClaim['claimedStatus'];
  rawStatus?: string;
  amount?: number;
  callbackInfo?: string;
  reason?: string;
  network?: string;
  /** The body exactly as API Gateway delivered it (base64 text when `isBase64Encoded`). */
  rawBody: string;
  isBase64Encoded: boolean;
  receivedAt: string;
  state: WebhookEventState;
  /** Our payment, once the processor has linked the event to one. */
  paymentId?: string;
  processedAt?: string;
  /** What the processor concluded (e.g. `transitioned`, `no_change`, `still_pending`). */
  outcome?: string;
}

export function webhookEventKey(dedupeKey: string): { pk: string; sk: string } {
  return { pk: `WEBHOOK#${dedupeKey}`, sk: 'WEBHOOK' };
}

export type StoreResult = { stored: true } | { stored: false; existing: WebhookEvent };

/**
 * Stores a new event with one conditional write. On a duplicate the stored event comes back in
 * the same request (ReturnValuesOnConditionCheckFailure, no extra read), so the caller can tell
 * whether the first copy was already processed.
 */
export async function storeWebhookEvent(event: WebhookEvent, now: Date): Promise<StoreResult> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...webhookEventKey(event.dedupeKey),
          entity: 'WEBHOOK',
          ...event,
          expiresAt: Math.floor(now.getTime() / 1000) + WEBHOOK_EVENT_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { stored: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      const item = (error.Item ?? {}) as Record<string, { S?: string; BOOL?: boolean }>;
      // The low-level exception carries marshalled attributes; only a few are needed here.
      return {
        stored: false,
        existing: {
          ...event,
          state: (item.state?.S as WebhookEventState | undefined) ?? 'queued',
          processedAt: item.processedAt?.S,
          receivedAt: item.receivedAt?.S ?? event.receivedAt,
        },
      };
    }
    throw error;
  }
}

/** Records the processor's conclusion (and the payment it linked the event to). */
export async function markWebhookEvent(
  dedupeKey: string,
  update: { state: WebhookEventState; outcome: string; paymentId?: string },
  now: Date,
): Promise<void> {
  await ddb
    .send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: webhookEventKey(dedupeKey),
        UpdateExpression:
          'SET #state = :state, outcome = :outcome, processedAt = :now' +
          (update.paymentId ? ', paymentId = :paymentId' : ''),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': update.state,
          ':outcome': update.outcome,
          ':now': now.toISOString(),
          ...(update.paymentId ? { ':paymentId': update.paymentId } : {}),
        },
      }),
    )
    .catch((error: unknown) => {
      // The event expired (TTL) or was never stored: nothing to annotate.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    });
}
