/**
 * The payout store: the only module that reads or writes payout items, and the refund fields of a
 * payment item (`amountReserved`, `amountRefunded`, `refunds`), which a refund writes in the same
 * transaction as itself (docs/data-model.md). Every rule two requests could race on is a condition
 * of the write that enforces it: refunds never reserve more than the payment's amount, a payout
 * moves out of PENDING once, a notification nobody took over is never overwritten. The use cases
 * (shared/payouts/) decide; this module stores, with the payout's due-work entry (its life cycle:
 * shared/keys.ts, `PayoutDueWork`).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { applied, ddb, isConditionFailure, itemOfConditionFailure } from '../clients/dynamodb.ts';
import * as config from '../config.ts';
import {
  createdAtOfCheck,
  dueBound,
  dueWorkEntry,
  dueWorkPk,
  INDEX,
  isKeyAttribute,
  type PayoutDueWork,
  paymentKey,
  payoutIdOf,
  payoutKey,
  payoutOwnerEntry,
  payoutOwnerPk,
  payoutReferenceEntry,
  SHARDS,
} from '../keys.ts';
import { eventFor, webhookIdOf } from '../notifications/merchant-events.ts';
import type { NotificationAttempt, OutboxEntry } from '../payments/model.ts';
import type { Payout, PayoutEvent, PayoutPlan } from './model.ts';

/** How long the notifier has to take a payout's notification over before the reconciler re-sends it. */
export const OUTBOX_GRACE_SECONDS = 300;

/** The first status read of a new payout, if nothing settled it before. */
export const FIRST_CHECK_SECONDS = 30;

function fromItem(item: Record<string, unknown>): Payout {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!isKeyAttribute(name)) copy[name] = value;
  if (!Array.isArray(copy.events)) copy.events = [];
  return copy as unknown as Payout;
}

// --- reads ----------------------------------------------------------------------------------

export async function get(
  id: string,
  options: { consistent?: boolean } = {},
): Promise<Payout | undefined> {
  const result = await ddb.send(
    new GetCommand({
      TableName: config.tableName(),
      Key: payoutKey(id),
      ConsistentRead: options.consistent ?? false,
    }),
  );
  return result.Item ? fromItem(result.Item) : undefined;
}

/** Payouts by id, in the order asked (BatchGetItem, 100 a request); missing ones left out. */
export async function getMany(ids: readonly string[]): Promise<Payout[]> {
  const found = new Map<string, Payout>();
  for (let at = 0; at < ids.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(at, at + 100).map(payoutKey);
    while (keys?.length) {
      const result: BatchGetCommandOutput = await ddb.send(
        new BatchGetCommand({ RequestItems: { [config.tableName()]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[config.tableName()] ?? []) {
        const payout = fromItem(item);
        found.set(payout.id, payout);
      }
      keys = result.UnprocessedKeys?.[config.tableName()]?.Keys;
    }
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** The payout FeexPay's reference (any letter case) belongs to, if any (1 Query). */
export async function findByReference(reference: string): Promise<string | undefined> {
  const entry = payoutReferenceEntry(reference);
  const result = await ddb.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: INDEX.byReference,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
      ExpressionAttributeValues: { ':pk': entry.gsi2pk, ':sk': entry.gsi2sk },
      Limit: 1,
    }),
  );
  return payoutIdOf(result.Items?.[0]?.pk);
}

/** Where a merchant's list continues: the `byOwner` sort key of the last payout returned. */
export interface PayoutPageKey {
  createdAt: string;
  id: string;
}

/** One page of a merchant's payouts and refunds, newest first (1 Query + 1 BatchGetItem). */
export async function listByMerchant(
  merchantId: string,
  options: { limit: number; after?: PayoutPageKey },
): Promise<{ items: Payout[]; next: PayoutPageKey | undefined }> {
  const result = await ddb.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'gsi1pk = :owner',
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.after
        ? {
            ExclusiveStartKey: {
              ...payoutKey(options.after.id),
              ...payoutOwnerEntry(merchantId, options.after.createdAt, options.after.id),
            },
          }
        : {}),
      ExpressionAttributeValues: { ':owner': payoutOwnerPk(merchantId) },
    }),
  );
  const ids = (result.Items ?? []).flatMap((item) => payoutIdOf(item.pk) ?? []);
  const items = await getMany(ids);
  const last = items.at(-1);
  return {
    items,
    next: result.LastEvaluatedKey && last ? { createdAt: last.createdAt, id: last.id } : undefined,
  };
}

/** Ids of payouts whose `kind` entry is due at `now`: one small Query per shard. Never a Scan. */
export async function listDue(kind: PayoutDueWork, now: Date, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < SHARDS && ids.length < limit; shard++) {
    const result = await ddb.send(
      new QueryCommand({
        TableName: config.tableName(),
        IndexName: INDEX.byDueWork,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':pk': dueWorkPk(kind, shard), ':now': dueBound(now) },
        Limit: limit - ids.length,
      }),
    );
    for (const item of result.Items ?? []) {
      const id = payoutIdOf(item.pk);
      if (id) ids.push(id);
    }
  }
  return ids;
}

/** Every PENDING payout's age, from the keys of the `payoutCheck` entries alone (no item read). */
export async function summarisePending(
  deadline = Number.POSITIVE_INFINITY,
): Promise<{ pending: number; oldestCreatedAt: string | undefined }> {
  const summary = { pending: 0, oldestCreatedAt: undefined as string | undefined };
  for (let shard = 0; shard < SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      if (Date.now() > deadline) throw new Error('PENDING payout summary ran out of time');
      const page = await ddb.send(
        new QueryCommand({
          TableName: config.tableName(),
          IndexName: INDEX.byDueWork,
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': dueWorkPk('payoutCheck', shard) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        summary.pending++;
        const createdAt = createdAtOfCheck(item.gsi3sk);
        if (createdAt && (!summary.oldestCreatedAt || createdAt < summary.oldestCreatedAt)) {
          summary.oldestCreatedAt = createdAt;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return summary;
}

// --- creation -------------------------------------------------------------------------------

function newItem(payout: Payout, now: Date) {
  return {
    ...payoutKey(payout.id),
    ...payoutOwnerEntry(payout.merchantId, payout.createdAt, payout.id),
    ...dueWorkEntry(
      'payoutCheck',
      payout.id,
      new Date(now.getTime() + FIRST_CHECK_SECONDS * 1000),
      payout.createdAt,
    ),
    ...payout,
  };
}

export type CreateResult =
  | { created: true }
  /** This id (this merchant's Idempotency-Key) exists: the stored payout. */
  | { created: false; reason: 'key'; existing: Payout };

/** Writes a new PENDING payout unless its id exists: ONE conditional Put (ALL_OLD on failure). */
export async function create(payout: Payout, now: Date): Promise<CreateResult> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: newItem(payout, now),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true };
  } catch (error) {
    const item = itemOfConditionFailure(error);
    if (item) return { created: false, reason: 'key', existing: fromItem(item) };
    throw error;
  }
}

export type CreateRefundResult =
  | CreateResult
  /** The payment's condition failed: its refund fields (and status) as they are now. */
  | {
      created: false;
      reason: 'payment';
      payment: { status?: string; amount?: number; amountReserved?: number } | undefined;
    }
  /** Another transaction held the payment item at the same moment: try again. */
  | { created: false; reason: 'conflict' };

/**
 * Creates a refund and reserves its amount on its payment in ONE transaction, all or nothing:
 * the payout's Put (its id not yet taken) and an UpdateItem of the payment, whose condition is
 * that it is SUCCESSFUL, of the amount the caller computed with, and that what other refunds
 * reserve is at most `maxReservedBefore` (the amount minus this refund). DynamoDB evaluates the
 * condition on the item as it is at the write, so concurrent refunds can never reserve more than
 * was paid (no read-then-write).
 */
export async function createRefund(
  refund: Payout & { paymentId: string },
  paymentAmount: number,
  now: Date,
): Promise<CreateRefundResult> {
  const table = config.tableName();
  const maxReservedBefore = paymentAmount - refund.amount;
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: newItem(refund, now),
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Update: {
              TableName: table,
              Key: paymentKey(refund.paymentId),
              UpdateExpression:
                'SET amountReserved = if_not_exists(amountReserved, :zero) + :amount, refunds = list_append(if_not_exists(refunds, :none), :ids)',
              ConditionExpression:
                '#status = :successful AND #amount = :paid AND (attribute_not_exists(amountReserved) OR amountReserved <= :maxBefore)',
              ExpressionAttributeNames: { '#status': 'status', '#amount': 'amount' },
              ExpressionAttributeValues: {
                ':zero': 0,
                ':amount': refund.amount,
                ':none': [],
                ':ids': [refund.id],
                ':successful': 'SUCCESSFUL',
                ':paid': paymentAmount,
                ':maxBefore': maxReservedBefore,
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    return { created: true };
  } catch (error) {
    if ((error as { name?: string })?.name !== 'TransactionCanceledException') throw error;
    const reasons =
      (error as { CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] })
        .CancellationReasons ?? [];
    const [payoutReason, paymentReason] = reasons;
    if (payoutReason?.Code === 'ConditionalCheckFailed') {
      const item = itemOfConditionFailure({ Item: payoutReason.Item });
      if (item) return { created: false, reason: 'key', existing: fromItem(item) };
    }
    if (paymentReason?.Code === 'ConditionalCheckFailed') {
      const item = itemOfConditionFailure({ Item: paymentReason.Item });
      return {
        created: false,
        reason: 'payment',
        payment: item
          ? {
              status: item.status as string | undefined,
              amount: item.amount as number | undefined,
              amountReserved: item.amountReserved as number | undefined,
            }
          : undefined,
      };
    }
    if (reasons.some((r) => r.Code === 'TransactionConflict')) {
      return { created: false, reason: 'conflict' };
    }
    throw error;
  }
}

// --- what FeexPay answered ------------------------------------------------------------------

/**
 * FeexPay accepted the payout: its reference (and `byReference` entry) on the PENDING payout. No
 * effect once it has one or is final. The payout as written, or undefined.
 */
export function recordReference(
  id: string,
  reference: string,
  source: PayoutEvent['source'],
  now: Date,
): Promise<Payout | undefined> {
  const at = now.toISOString();
  const entry = payoutReferenceEntry(reference);
  const event: PayoutEvent = { at, type: 'provider_accepted', source, reference };
  return writeIfHolds(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: payoutKey(id),
      UpdateExpression:
        'SET #reference = :reference, gsi2pk = :refPk, gsi2sk = :refSk, updatedAt = :now, events = list_append(events, :event)',
      ConditionExpression: '#status = :pending AND attribute_not_exists(#reference)',
      ExpressionAttributeNames: { '#status': 'status', '#reference': 'reference' },
      ExpressionAttributeValues: {
        ':reference': reference,
        ':refPk': entry.gsi2pk,
        ':refSk': entry.gsi2sk,
        ':now': at,
        ':event': [event],
        ':pending': 'PENDING',
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/** FeexPay never answered the payout POST: recorded, never re-sent (status reads and webhooks settle it). */
export async function recordUnknownOutcome(id: string, reason: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const event: PayoutEvent = { at, type: 'outcome_unknown', source: 'create', reason };
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: payoutKey(id),
        UpdateExpression:
          'SET initiationOutcome = :unknown, updatedAt = :now, events = list_append(events, :event)',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':unknown': 'unknown',
          ':now': at,
          ':event': [event],
          ':pending': 'PENDING',
        },
      }),
    ),
  );
}

// --- transitions ----------------------------------------------------------------------------

/**
 * Writes `plan` on the PENDING payout (the condition: still PENDING, and still without a
 * reference when the plan stores one): its status, its event, and its merchant notification (the
 * outbox) with a `payoutOutbox` entry in place of its `payoutCheck` one. A refund's payment is
 * updated in the same transaction: SUCCESSFUL adds the amount to `amountRefunded`, FAILED frees it
 * from `amountReserved`. Undefined when another writer got there first.
 */
export async function transition(
  current: Payout,
  plan: PayoutPlan,
  now: Date,
): Promise<Payout | undefined> {
  const at = now.toISOString();
  const event = eventFor(current.purpose, plan.to);
  const outbox: OutboxEntry = {
    webhookId: webhookIdOf(current.id, event),
    type: event.type,
    timestamp: at,
  };
  const due = dueWorkEntry(
    'payoutOutbox',
    current.id,
    new Date(now.getTime() + OUTBOX_GRACE_SECONDS * 1000),
  );
  const auditEvent: PayoutEvent = {
    at,
    type: 'status_changed',
    source: plan.source,
    from: plan.from,
    to: plan.to,
    ...(plan.reference ? { reference: plan.reference } : {}),
  };
  const set = [
    '#status = :to',
    'updatedAt = :now',
    'outbox = :outbox',
    'gsi3pk = :duePk',
    'gsi3sk = :dueAt',
    'events = list_append(events, :event)',
  ];
  const values: Record<string, unknown> = {
    ':to': plan.to,
    ':now': at,
    ':outbox': outbox,
    ':duePk': due.gsi3pk,
    ':dueAt': due.gsi3sk,
    ':event': [auditEvent],
    ':pending': 'PENDING',
  };
  const conditions = ['#status = :pending', 'attribute_not_exists(outbox)'];
  if (plan.to === 'FAILED') {
    set.push('failureReason = :reason', 'failureCode = :code');
    values[':reason'] = plan.failureReason ?? 'FAILED';
    values[':code'] = plan.failureCode ?? 'unknown';
  }
  if (plan.storeReference) {
    const entry = payoutReferenceEntry(plan.storeReference);
    set.push('#reference = :reference', 'gsi2pk = :refPk', 'gsi2sk = :refSk');
    Object.assign(values, {
      ':reference': plan.storeReference,
      ':refPk': entry.gsi2pk,
      ':refSk': entry.gsi2sk,
    });
    conditions.push('attribute_not_exists(#reference)');
  } else if (current.reference) {
    conditions.push('#reference = :known');
    values[':known'] = current.reference;
  }
  const update = {
    TableName: config.tableName(),
    Key: payoutKey(current.id),
    UpdateExpression: `SET ${set.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: {
      '#status': 'status',
      ...(plan.storeReference || current.reference ? { '#reference': 'reference' } : {}),
    },
    ExpressionAttributeValues: values,
  };
  try {
    if (current.purpose === 'refund' && current.paymentId) {
      await ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            {
              Update: {
                TableName: config.tableName(),
                Key: paymentKey(current.paymentId),
                UpdateExpression:
                  plan.to === 'SUCCESSFUL'
                    ? 'SET amountRefunded = if_not_exists(amountRefunded, :zero) + :amount'
                    : 'SET amountReserved = amountReserved - :amount',
                ConditionExpression:
                  plan.to === 'SUCCESSFUL'
                    ? 'attribute_exists(pk)'
                    : 'attribute_exists(pk) AND amountReserved >= :amount',
                ExpressionAttributeValues: {
                  ':amount': current.amount,
                  ...(plan.to === 'SUCCESSFUL' ? { ':zero': 0 } : {}),
                },
              },
            },
          ],
        }),
      );
    } else {
      await ddb.send(new UpdateCommand(update));
    }
  } catch (error) {
    if (isConditionFailure(error) || isCancelled(error)) return undefined;
    throw error;
  }
  return get(current.id, { consistent: true });
}

function isCancelled(error: unknown): boolean {
  return (error as { name?: string })?.name === 'TransactionCanceledException';
}

/** Moves a PENDING payout's `payoutCheck` entry to `at` (its backoff). No effect once final. */
export async function scheduleNextCheck(
  id: string,
  at: Date,
  checkAttempts: number,
  createdAt: string,
): Promise<void> {
  const entry = dueWorkEntry('payoutCheck', id, at, createdAt);
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: payoutKey(id),
        UpdateExpression: 'SET gsi3sk = :at, checkAttempts = :attempts',
        ConditionExpression: '#status = :pending AND gsi3pk = :pk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':at': entry.gsi3sk,
          ':pk': entry.gsi3pk,
          ':attempts': checkAttempts,
          ':pending': 'PENDING',
        },
      }),
    ),
  );
}

// --- the outbox -----------------------------------------------------------------------------

/**
 * Appends one notification attempt: ONE UpdateItem. With `takeOver` (the outbox still holds this
 * notification), the same write removes the outbox and its `payoutOutbox` entry.
 */
export async function recordNotificationAttempt(
  id: string,
  attempt: NotificationAttempt,
  takeOver?: { webhookId: string },
): Promise<void> {
  const append = 'notifications = list_append(if_not_exists(notifications, :none), :attempt)';
  const values = { ':none': [], ':attempt': [attempt] };
  if (takeOver) {
    const taken = await applied(
      ddb.send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: payoutKey(id),
          UpdateExpression: `SET ${append} REMOVE outbox, gsi3pk, gsi3sk`,
          ConditionExpression: 'outbox.webhookId = :webhookId',
          ExpressionAttributeValues: { ...values, ':webhookId': takeOver.webhookId },
        }),
      ),
    );
    if (taken) return;
  }
  await ddb.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: payoutKey(id),
      UpdateExpression: `SET ${append}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: values,
    }),
  );
}

/** Takes the outbox over without an attempt (already delivered, or just re-sent). */
export async function releaseOutbox(id: string, takeOver: { webhookId: string }): Promise<void> {
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: payoutKey(id),
        UpdateExpression: 'REMOVE outbox, gsi3pk, gsi3sk',
        ConditionExpression: 'outbox.webhookId = :webhookId',
        ExpressionAttributeValues: { ':webhookId': takeOver.webhookId },
      }),
    ),
  );
}

async function writeIfHolds(command: UpdateCommand): Promise<Payout | undefined> {
  try {
    const result = await ddb.send(command);
    return fromItem(result.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
