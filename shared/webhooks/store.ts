/**
 * The webhook event store: the only module that writes webhook event items (key in
 * shared/keys.ts). Each FeexPay delivery is kept as received (raw body, base64 flag) for audit and
 * replay, deduplicated by key, and expires after 30 days (TTL; code never relies on the deletion).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { applied, ddb, isConditionFailure, itemOfConditionFailure } from '../clients/dynamodb.ts';
import * as config from '../config.ts';
import { webhookEventKey } from '../keys.ts';
import type { WebhookClaim } from './payload.ts';

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

export type StoreResult = { stored: true } | { stored: false; existing: WebhookEvent };

/**
 * The stored events of these dedupe keys that exist (kept 30 days), in no particular order: one
 * BatchGetItem (the back office's timeline asks for a payment's few keys).
 */
export async function getWebhookEvents(dedupeKeys: readonly string[]): Promise<WebhookEvent[]> {
  if (dedupeKeys.length === 0) return [];
  const table = config.tableName();
  let keys: Record<string, unknown>[] | undefined = [...new Set(dedupeKeys)]
    .slice(0, 100)
    .map(webhookEventKey);
  const found: WebhookEvent[] = [];
  while (keys?.length) {
    const result: BatchGetCommandOutput = await ddb.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }),
    );
    for (const item of result.Responses?.[table] ?? []) found.push(item as WebhookEvent);
    keys = result.UnprocessedKeys?.[table]?.Keys;
  }
  return found;
}

/**
 * Stores a new event with one conditional write. On a duplicate the stored event comes back in
 * the same request (ReturnValuesOnConditionCheckFailure, no extra read), so the caller can tell
 * whether the first copy was already processed.
 */
export async function storeWebhookEvent(event: WebhookEvent, now: Date): Promise<StoreResult> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: config.tableName(),
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
    if (!isConditionFailure(error)) throw error;
    const item = (itemOfConditionFailure(error) ?? {}) as Partial<WebhookEvent>;
    return {
      stored: false,
      existing: {
        ...event,
        state: item.state ?? 'queued',
        processedAt: item.processedAt,
        receivedAt: item.receivedAt ?? event.receivedAt,
      },
    };
  }
}

/** Records the processor's conclusion (and the payment it linked the event to). */
export async function markWebhookEvent(
  dedupeKey: string,
  update: { state: WebhookEventState; outcome: string; paymentId?: string },
  now: Date,
): Promise<void> {
  // Not applied when the event expired (TTL) or was never stored: nothing to annotate then.
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
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
    ),
  );
}
