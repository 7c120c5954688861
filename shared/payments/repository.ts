/**
 * Data access for payments: every read and write of a payment item goes through this module (the
 * transition's conditional update lives in transition.ts). Each function serves one access pattern
 * listed in docs/payments.md; none scans.
 */
import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
// A dependency of lib-dynamodb: the DocumentClient leaves exception payloads marshalled.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ddb } from '../clients/dynamodb.ts';
import { intEnv, requireEnv } from '../env.ts';
import {
  createdAtOfPendingKey,
  dueBound,
  fromItem,
  type NotificationAttempt,
  ownerPk,
  PAYMENT_SK,
  type Payment,
  type PaymentStatus,
  paymentPk,
  pendingPk,
  pendingSortKey,
  recheckPk,
  SHARDS,
} from './model.ts';

export const TABLE_NAME = requireEnv('TABLE_NAME');

/**
 * The reconciler's first look at a new payment, in seconds after creation
 * (`PAYMENT_FIRST_CHECK_DELAY_SECONDS`, default 60): the webhook usually settles it well before.
 * The local stack's tests shorten it so the no-webhook cases settle in seconds.
 */
export const FIRST_CHECK_DELAY_SECONDS = intEnv('PAYMENT_FIRST_CHECK_DELAY_SECONDS', 60);
if (FIRST_CHECK_DELAY_SECONDS < 0) {
  throw new Error('PAYMENT_FIRST_CHECK_DELAY_SECONDS must not be negative');
}

/** A payment by id (1 GetItem, eventually consistent unless `consistent`). */
export async function getPayment(
  id: string,
  options: { consistent?: boolean } = {},
): Promise<Payment | undefined> {
  const result = await ddb.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: { pk: paymentPk(id), sk: PAYMENT_SK },
      ConsistentRead: options.consistent ?? false,
    }),
  );
  return result.Item ? fromItem(result.Item) : undefined;
}

/** Our payment id for a FeexPay reference (byReference index, 1 Query). */
export async function findPaymentIdByReference(reference: string): Promise<string | undefined> {
  const result = await ddb.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'byReference',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
      ExpressionAttributeValues: { ':pk': `REF#${reference}`, ':sk': PAYMENT_SK },
      Limit: 1,
    }),
  );
  const pk = result.Items?.[0]?.pk;
  return typeof pk === 'string' ? pk.slice('PAYMENT#'.length) : undefined;
}

/**
 * Payment ids whose `byPendingCheck` entry under `<prefix>#0..9` is due at `now`: ten small Queries
 * (one per shard), never a Scan.
 */
export async function listDue(
  prefix: 'PENDING' | 'OUTBOX' | 'RECHECK',
  now: Date,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  // Ten small Queries (one per shard); stop as soon as the batch is full.
  for (let shard = 0; shard < SHARDS && ids.length < limit; shard++) {
    const result = await ddb.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'byPendingCheck',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':pk': `${prefix}#${shard}`, ':now': dueBound(now) },
        Limit: limit - ids.length,
      }),
    );
    for (const item of result.Items ?? []) {
      if (typeof item.pk === 'string') ids.push(item.pk.slice('PAYMENT#'.length));
    }
  }
  return ids;
}

/** PENDING payments whose next check is due (byPendingCheck, `PENDING#0..9`), oldest due first per shard. */
export function listPendingDue(now: Date, limit: number): Promise<string[]> {
  return listDue('PENDING', now, limit);
}

/** Payments with a notification written but not yet handed to SQS (`OUTBOX#0..9`). */
export function listOutboxDue(now: Date, limit: number): Promise<string[]> {
  return listDue('OUTBOX', now, limit);
}

/** What the PENDING index says about every PENDING payment (see `summarisePending`). */
export interface PendingSummary {
  /** PENDING payments in the index. */
  pending: number;
  /** Creation time of the oldest one; undefined when none. */
  oldestCreatedAt: string | undefined;
  /** How many were created before `olderThan`. */
  olderThan: number;
}

/**
 * Reads the keys of every PENDING index entry (`PENDING#0..9`, KEYS_ONLY, paged) and summarises
 * their ages from the creation time in the sort key: no item is read. Cost: about 0.5 read unit
 * per 4 KB of keys, i.e. ~1 unit per 70 PENDING payments, per call. Throws if `deadline` (epoch ms)
 * passes before the last page: a partial answer would understate the oldest age.
 */
export async function summarisePending(
  olderThan: Date,
  deadline = Number.POSITIVE_INFINITY,
): Promise<PendingSummary> {
  const summary: PendingSummary = { pending: 0, oldestCreatedAt: undefined, olderThan: 0 };
  const threshold = olderThan.toISOString();
  for (let shard = 0; shard < SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      if (Date.now() > deadline) throw new Error('PENDING summary ran out of time');
      const page = await ddb.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          IndexName: 'byPendingCheck',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': `PENDING#${shard}` },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const createdAt =
          typeof item.gsi3sk === 'string' ? createdAtOfPendingKey(item.gsi3sk) : undefined;
        summary.pending++;
        if (!createdAt) continue;
        if (createdAt < threshold) summary.olderThan++;
        if (!summary.oldestCreatedAt || createdAt < summary.oldestCreatedAt) {
          summary.oldestCreatedAt = createdAt;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return summary;
}

/** True when `error` is DynamoDB's ConditionalCheckFailedException. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * Moves a PENDING payment's next reconciler check to `nextCheckAt` (backoff). No effect once the
 * payment has left PENDING.
 */
export async function scheduleNextCheck(
  id: string,
  nextCheckAt: Date,
  attempt: number,
  createdAt: string,
): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: paymentPk(id), sk: PAYMENT_SK },
        UpdateExpression: 'SET gsi3sk = :next, checkAttempts = :attempt',
        ConditionExpression: '#status = :pending AND gsi3pk = :shard',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': pendingSortKey(nextCheckAt, createdAt),
          ':attempt': attempt,
          ':pending': 'PENDING',
          ':shard': pendingPk(id),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The notifier taking over the transactional outbox it was handed: the same write that records its
 * attempt removes the outbox and its `OUTBOX#` index entry, or, for an expiry, moves that entry
 * to the late-success watch (`RECHECK#`, due `recheckAt`). From then on SQS (retries, DLQ) owns
 * the notification. Conditional on the outbox still holding `webhookId`: a newer transition's
 * outbox is never taken.
 */
export interface OutboxPickup {
  webhookId: string;
  /** For an EXPIRED payment: when the late-success watch first re-checks it. */
  recheckAt?: Date;
}

function pickupExpression(id: string, pickup: OutboxPickup) {
  return pickup.recheckAt
    ? {
        set: ['gsi3pk = :recheckPk', 'gsi3sk = :recheckAt', 'recheckAttempts = :zero'],
        remove: ['outbox'],
        values: {
          ':recheckPk': recheckPk(id),
          ':recheckAt': pickup.recheckAt.toISOString(),
          ':zero': 0,
          ':webhookId': pickup.webhookId,
        },
      }
    : {
        set: [],
        remove: ['outbox', 'gsi3pk', 'gsi3sk'],
        values: { ':webhookId': pickup.webhookId },
      };
}

function expression(set: string[], remove: string[]): string {
  return [
    set.length ? `SET ${set.join(', ')}` : '',
    remove.length ? `REMOVE ${remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Appends one merchant-notification attempt to the payment's `notifications` list: ONE
 * UpdateItem. With `pickup`, the same write takes the outbox over (see `OutboxPickup`); if the
 * outbox no longer holds that notification (a stale read), the attempt is recorded alone.
 */
export async function recordNotificationAttempt(
  id: string,
  attempt: NotificationAttempt,
  pickup?: OutboxPickup,
): Promise<void> {
  const append = 'notifications = list_append(if_not_exists(notifications, :empty), :attempt)';
  const values = { ':empty': [], ':attempt': [attempt] };
  if (pickup) {
    const taken = pickupExpression(id, pickup);
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: { pk: paymentPk(id), sk: PAYMENT_SK },
          UpdateExpression: expression([append, ...taken.set], taken.remove),
          ConditionExpression: 'outbox.webhookId = :webhookId',
          ExpressionAttributeValues: { ...values, ...taken.values },
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  await ddb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { pk: paymentPk(id), sk: PAYMENT_SK },
      UpdateExpression: `SET ${append}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Takes the outbox over without an attempt: the notifier found this notification already
 * delivered (a re-flush by the reconciler) and only has to stop it being flushed again.
 */
export async function releaseOutbox(id: string, pickup: OutboxPickup): Promise<void> {
  const taken = pickupExpression(id, pickup);
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: paymentPk(id), sk: PAYMENT_SK },
        UpdateExpression: expression(taken.set, taken.remove),
        ConditionExpression: 'outbox.webhookId = :webhookId',
        ExpressionAttributeValues: taken.values,
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Creates a payment unless its id exists: ONE conditional Put. When the id exists (same user, same
 * Idempotency-Key), the stored item comes back from the failed condition (ALL_OLD, no read).
 */
export async function createPayment(
  payment: Payment,
): Promise<{ created: true } | { created: false; existing: Payment }> {
  const firstCheck = new Date(Date.parse(payment.createdAt) + FIRST_CHECK_DELAY_SECONDS * 1000);
  try {
    await ddb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          pk: paymentPk(payment.id),
          sk: PAYMENT_SK,
          gsi1pk: ownerPk(payment.ownerId),
          gsi1sk: `${payment.createdAt}#${payment.id}`,
          gsi3pk: pendingPk(payment.id),
          gsi3sk: pendingSortKey(firstCheck, payment.createdAt),
          ...payment,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true };
  } catch (error) {
    if (isConditionFailure(error)) {
      const item = (error as { Item?: Record<string, unknown> }).Item;
      if (item) return { created: false, existing: fromItem(unmarshallIfNeeded(item)) };
    }
    throw error;
  }
}

/**
 * `ReturnValuesOnConditionCheckFailure` hands back the item in DynamoDB's wire format (the
 * DocumentClient does not unmarshal exception payloads).
 */
function unmarshallIfNeeded(item: Record<string, unknown>): Record<string, unknown> {
  return looksMarshalled(item) ? unmarshallItem(item) : item;
}

function looksMarshalled(item: Record<string, unknown>): boolean {
  const pk = item.pk as Record<string, unknown> | undefined;
  return typeof pk === 'object' && pk !== null && 'S' in pk;
}

function unmarshallItem(item: Record<string, unknown>): Record<string, unknown> {
  return unmarshall(item as Record<string, AttributeValue>);
}

/**
 * Claims the right to refresh a PENDING payment from FeexPay: a conditional write of
 * `lastCheckedAt`, so at most one refresh per payment is in flight (the others lose the race).
 */
export async function claimRefresh(id: string, now: Date, olderThan: Date): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: paymentPk(id), sk: PAYMENT_SK },
        UpdateExpression: 'SET lastCheckedAt = :now',
        ConditionExpression:
          '#status = :pending AND (attribute_not_exists(lastCheckedAt) OR lastCheckedAt < :threshold)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':pending': 'PENDING',
          ':threshold': olderThan.toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims the right to start retry `attemptId` of payment `id`: ONE conditional UpdateItem that
 * records it as the payment's `activeAttempt` (with `activeAttemptAt`) and appends it to `attempts`
 * (the link back from the original). It holds only while the payment is still FAILED or EXPIRED
 * and its active attempt is still the one the caller read (`previous`: none, or an attempt it found
 * final) or already this one (a repeat of the same key), so two racing retries cannot both win.
 * False when the condition fails.
 */
export async function claimRetry(
  id: string,
  attemptId: string,
  previous: string | undefined,
  options: { append: boolean; now: Date },
): Promise<boolean> {
  const set = ['activeAttempt = :attempt', 'activeAttemptAt = :now'];
  const conditions = [
    '#status IN (:failed, :expired)',
    previous
      ? '(activeAttempt IN (:previous, :attempt))'
      : '(attribute_not_exists(activeAttempt) OR activeAttempt = :attempt)',
  ];
  const values: Record<string, unknown> = {
    ':attempt': attemptId,
    ':now': options.now.toISOString(),
    ':failed': 'FAILED',
    ':expired': 'EXPIRED',
    ...(previous ? { ':previous': previous } : {}),
  };
  if (options.append) {
    set.push('attempts = list_append(if_not_exists(attempts, :empty), :new)');
    conditions.push('(attribute_not_exists(attempts) OR NOT contains(attempts, :attempt))');
    values[':empty'] = [];
    values[':new'] = [attemptId];
  }
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: paymentPk(id), sk: PAYMENT_SK },
        UpdateExpression: `SET ${set.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The key DynamoDB hands back to continue a byOwner Query. */
export interface OwnerPageKey {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
}

/** One page of a user's payments, newest first (byOwner index, exactly 1 Query). */
export async function listPaymentsByOwner(
  userId: string,
  options: { limit: number; startKey?: OwnerPageKey; status?: PaymentStatus },
): Promise<{ items: Payment[]; nextKey: OwnerPageKey | undefined }> {
  const result = await ddb.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi1pk = :owner',
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.startKey ? { ExclusiveStartKey: { ...options.startKey } } : {}),
      ...(options.status
        ? {
            FilterExpression: '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
          }
        : {}),
      ExpressionAttributeValues: {
        ':owner': ownerPk(userId),
        ...(options.status ? { ':status': options.status } : {}),
      },
    }),
  );
  return {
    items: (result.Items ?? []).map(fromItem),
    nextKey: result.LastEvaluatedKey as OwnerPageKey | undefined,
  };
}
