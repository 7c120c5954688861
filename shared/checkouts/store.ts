/**
 * The checkout store: the only module that reads or writes checkout items, their order items and
 * their request records (docs/data-model.md). Every rule that two requests could race on is a
 * condition of the write that enforces it: one OPEN checkout per order, one live attempt at a
 * time, exactly one attempt ends a checkout PAID, a notification nobody took over is never
 * overwritten. The use cases (shared/checkouts/) decide; this module stores, with the checkout's
 * due-work entry (its life cycle: shared/keys.ts, `CheckoutDueWork`).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { applied, ddb, isConditionFailure, itemOfConditionFailure } from '../clients/dynamodb.ts';
import * as config from '../config.ts';
import {
  type CheckoutDueWork,
  checkoutIdOf,
  checkoutKey,
  checkoutRequestKey,
  dueBound,
  dueWorkEntry,
  dueWorkPk,
  INDEX,
  isKeyAttribute,
  orderKey,
  SHARDS,
} from '../keys.ts';
import { eventFor, type NotifiedStatus, webhookIdOf } from '../notifications/merchant-events.ts';
import type { NotificationAttempt, OutboxEntry, PaymentStatus } from '../payments/model.ts';
import type { Checkout, CheckoutAttempt, CheckoutEvent } from './model.ts';

/** How long the notifier has to take a checkout's notification over before the reconciler re-sends it. */
export const OUTBOX_GRACE_SECONDS = 300;

/** A stored item → the checkout (key attributes stripped). */
function fromItem(item: Record<string, unknown>): Checkout {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!isKeyAttribute(name)) copy[name] = value;
  if (!Array.isArray(copy.attempts)) copy.attempts = [];
  if (!Array.isArray(copy.events)) copy.events = [];
  return copy as unknown as Checkout;
}

// --- reads ----------------------------------------------------------------------------------

/** A checkout by id (1 GetItem). */
export async function get(
  id: string,
  options: { consistent?: boolean } = {},
): Promise<Checkout | undefined> {
  const result = await ddb.send(
    new GetCommand({
      TableName: config.tableName(),
      Key: checkoutKey(id),
      ConsistentRead: options.consistent ?? false,
    }),
  );
  return result.Item ? fromItem(result.Item) : undefined;
}

/** Checkouts by id, in no particular order (BatchGetItem, 100 a request, eventually consistent). */
export async function getMany(ids: readonly string[]): Promise<Checkout[]> {
  const found: Checkout[] = [];
  for (let at = 0; at < ids.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(at, at + 100).map(checkoutKey);
    while (keys?.length) {
      const result: BatchGetCommandOutput = await ddb.send(
        new BatchGetCommand({ RequestItems: { [config.tableName()]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[config.tableName()] ?? []) found.push(fromItem(item));
      keys = result.UnprocessedKeys?.[config.tableName()]?.Keys;
    }
  }
  return found;
}

/** The checkouts an order has had, oldest first (1 GetItem); empty for an unknown order. */
export async function checkoutsOfOrder(orderId: string): Promise<string[]> {
  const result = await ddb.send(
    new GetCommand({ TableName: config.tableName(), Key: orderKey(orderId) }),
  );
  return (result.Item?.checkouts as string[] | undefined) ?? [];
}

/** Ids of checkouts whose `kind` entry is due at `now`: one small Query per shard. Never a Scan. */
export async function listDue(kind: CheckoutDueWork, now: Date, limit: number): Promise<string[]> {
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
      const id = checkoutIdOf(item.pk);
      if (id) ids.push(id);
    }
  }
  return ids;
}

// --- creation -------------------------------------------------------------------------------

export type CreateResult =
  | { created: true }
  /** This merchant's Idempotency-Key made a checkout already: its id and request hash. */
  | { created: false; reason: 'key'; checkoutId: string; requestHash: string }
  /** The order is held by another checkout (`holder`): what it is decides the answer. */
  | { created: false; reason: 'order'; holder: string }
  /** Another transaction wrote one of these items at the same moment: try again. */
  | { created: false; reason: 'conflict' };

/**
 * Creates a checkout in ONE transaction of three writes, all or none: the request record of
 * (merchant, Idempotency-Key), the checkout with its `checkoutExpiry` entry, and its order's item
 * naming it as the holder. The order's condition is that no checkout holds it, or that it is still
 * held by `previousHolder` (a checkout the caller found closed): so two OPEN checkouts for one
 * order can never both be written.
 */
export async function create(
  checkout: Checkout,
  request: { merchantId: string; idempotencyKey: string },
  previousHolder: string | undefined,
): Promise<CreateResult> {
  const table = config.tableName();
  const order = orderKey(checkout.orderId);
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...checkoutRequestKey(request.merchantId, request.idempotencyKey),
                checkoutId: checkout.id,
                requestHash: checkout.requestHash,
                createdAt: checkout.createdAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...checkoutKey(checkout.id),
                ...dueWorkEntry('checkoutExpiry', checkout.id, new Date(checkout.expiresAt)),
                ...checkout,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table,
              Key: order,
              UpdateExpression:
                'SET checkoutId = :id, orderId = :orderId, checkouts = list_append(if_not_exists(checkouts, :none), :ids)',
              ConditionExpression: previousHolder
                ? 'checkoutId = :previous'
                : 'attribute_not_exists(pk)',
              ExpressionAttributeValues: {
                ':id': checkout.id,
                ':orderId': checkout.orderId,
                ':none': [],
                ':ids': [checkout.id],
                ...(previousHolder ? { ':previous': previousHolder } : {}),
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    return { created: true };
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons === 'conflict') return { created: false, reason: 'conflict' };
    if (!reasons) throw error;
    const [requestRecord, , orderItem] = reasons;
    if (requestRecord?.failed) {
      return {
        created: false,
        reason: 'key',
        checkoutId: String(requestRecord.item?.checkoutId),
        requestHash: String(requestRecord.item?.requestHash),
      };
    }
    if (orderItem?.failed) {
      const holder = orderItem.item?.checkoutId;
      // Gone between the caller's read and this write (a concurrent creation): decide again.
      return { created: false, reason: 'order', holder: typeof holder === 'string' ? holder : '' };
    }
    throw error;
  }
}

/**
 * Each write of a cancelled transaction: whether its condition failed, and the item it found;
 * `conflict` when it was cancelled because another transaction held one of its items. Undefined
 * when `error` is not a cancelled transaction (or was cancelled for another reason).
 */
function cancellationReasons(
  error: unknown,
): { failed: boolean; item: Record<string, unknown> | undefined }[] | 'conflict' | undefined {
  if ((error as { name?: string })?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string; Item?: unknown }[] })
    .CancellationReasons;
  if (reasons?.some((r) => r.Code === 'TransactionConflict')) return 'conflict';
  if (!reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return undefined;
  if (reasons.some((r) => r.Code && r.Code !== 'None' && r.Code !== 'ConditionalCheckFailed')) {
    return undefined;
  }
  return reasons.map((r) => ({
    failed: r.Code === 'ConditionalCheckFailed',
    item: itemOfConditionFailure({ Item: r.Item }),
  }));
}

// --- attempts -------------------------------------------------------------------------------

/**
 * Makes `attempt` the checkout's live attempt and appends it to `attempts`: ONE conditional
 * UpdateItem. It holds only while the checkout is OPEN and not past its expiry, has room for
 * another attempt, and has no live attempt (one that ended is first recorded by `settleAttempt`):
 * of two racing attempts, one wins. The checkout as written, or undefined when it lost.
 */
export async function claimAttempt(
  id: string,
  attempt: CheckoutAttempt,
  now: Date,
  maxAttempts: number,
): Promise<Checkout | undefined> {
  const at = now.toISOString();
  const event: CheckoutEvent = { at, type: 'attempt_started', paymentId: attempt.paymentId };
  return writeIfHolds(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: checkoutKey(id),
      UpdateExpression:
        'SET liveAttempt = :attempt, updatedAt = :now, attempts = list_append(attempts, :new), events = list_append(events, :event)',
      ConditionExpression: [
        '#status = :open',
        'expiresAt > :now',
        'size(attempts) < :max',
        'attribute_not_exists(liveAttempt)',
      ].join(' AND '),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':attempt': attempt.paymentId,
        ':now': at,
        ':new': [attempt],
        ':event': [event],
        ':open': 'OPEN',
        ':max': maxAttempts,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/**
 * Records that attempt number `index` (`paymentId`) ended FAILED or EXPIRED, and, when it is the
 * live one, frees the checkout for another: ONE conditional UpdateItem on what the caller read.
 */
export async function settleAttempt(
  current: Checkout,
  index: number,
  status: PaymentStatus,
  now: Date,
): Promise<Checkout | undefined> {
  const paymentId = current.attempts[index]?.paymentId;
  const live = current.liveAttempt === paymentId;
  const at = now.toISOString();
  const event: CheckoutEvent = { at, type: 'attempt_settled', paymentId, to: status };
  return writeIfHolds(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: checkoutKey(current.id),
      UpdateExpression: `SET attempts[${index}].#status = :status, updatedAt = :now, events = list_append(events, :event)${live ? ' REMOVE liveAttempt' : ''}`,
      ConditionExpression: `attempts[${index}].paymentId = :payment AND ${live ? 'liveAttempt = :payment' : '(attribute_not_exists(liveAttempt) OR liveAttempt <> :payment)'}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ':now': at,
        ':event': [event],
        ':payment': paymentId,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

// --- transitions ----------------------------------------------------------------------------

/** A checkout's transition, decided by shared/checkouts/ and written here. */
export type CheckoutChange =
  /** Attempt `index` succeeded and is the first to: PAID (late when it was EXPIRED or CANCELED). */
  | { kind: 'paid'; index: number }
  /** Attempt `index` succeeded after another had paid it. */
  | { kind: 'overpaid'; index: number }
  /** No attempt is live and it expired, or the merchant cancelled it. */
  | { kind: 'closed'; to: 'EXPIRED' | 'CANCELED'; operator?: string };

/**
 * Writes `change` as ONE conditional UpdateItem on the checkout as the caller read it: the new
 * status (or the overpayment), its event, and its merchant notification on the item (the outbox)
 * with a `checkoutOutbox` entry in place of whatever due-work entry it had. Conditions: the status
 * it moves from, no notification still waiting to be taken over, and for a payment exactly one
 * PAID (`paidPaymentId` unset, or set by another for an overpayment). Undefined when another
 * writer got there first (the caller reads again and decides again).
 */
export async function transition(
  current: Checkout,
  change: CheckoutChange,
  now: Date,
): Promise<Checkout | undefined> {
  const at = now.toISOString();
  const set = ['updatedAt = :now', 'events = list_append(events, :event)'];
  const remove: string[] = [];
  const conditions = ['#status = :from', 'attribute_not_exists(outbox)'];
  const values: Record<string, unknown> = { ':now': at, ':from': current.status };
  const notify = (recordId: string, status: NotifiedStatus<'checkout'>) => {
    const event = eventFor('checkout', status);
    const outbox: OutboxEntry = {
      webhookId: webhookIdOf(recordId, event),
      type: event.type,
      timestamp: at,
    };
    const due = dueWorkEntry(
      'checkoutOutbox',
      current.id,
      new Date(now.getTime() + OUTBOX_GRACE_SECONDS * 1000),
    );
    set.push('outbox = :outbox', 'gsi3pk = :duePk', 'gsi3sk = :dueAt');
    Object.assign(values, { ':outbox': outbox, ':duePk': due.gsi3pk, ':dueAt': due.gsi3sk });
  };
  if (change.kind === 'closed') {
    set.push('#status = :to');
    values[':to'] = change.to;
    values[':event'] = [
      {
        at,
        type: 'status_changed',
        from: current.status,
        to: change.to,
        // A back-office operator's cancellation names them (audit, docs/back-office.md).
        ...(change.operator ? { operator: change.operator } : {}),
      },
    ];
    conditions.push('attribute_not_exists(liveAttempt)');
    if (change.to === 'EXPIRED') {
      conditions.push('expiresAt <= :now');
      notify(current.id, 'EXPIRED');
    } else {
      // A cancellation notifies nobody (the merchant asked for it): no outbox, no due work.
      remove.push('gsi3pk', 'gsi3sk');
    }
  } else {
    const paymentId = current.attempts[change.index]?.paymentId as string;
    set.push(`attempts[${change.index}].#status = :succeeded`);
    conditions.push(`attempts[${change.index}].paymentId = :payment`);
    values[':succeeded'] = 'SUCCESSFUL';
    values[':payment'] = paymentId;
    if (change.kind === 'paid') {
      set.push('#status = :paid', 'paidPaymentId = :payment', 'paidAt = :now');
      values[':paid'] = 'PAID';
      if (current.status !== 'OPEN') {
        set.push('lateSuccess = :true');
        values[':true'] = true;
      }
      remove.push('liveAttempt');
      conditions.push('attribute_not_exists(paidPaymentId)');
      values[':event'] = [
        { at, type: 'status_changed', paymentId, from: current.status, to: 'PAID' },
      ];
      notify(current.id, 'PAID');
    } else {
      set.push('overpaidPaymentIds = list_append(if_not_exists(overpaidPaymentIds, :none), :ids)');
      values[':none'] = [];
      values[':ids'] = [paymentId];
      values[':paidBy'] = current.paidPaymentId;
      conditions.push(
        'paidPaymentId = :paidBy',
        '(attribute_not_exists(overpaidPaymentIds) OR NOT contains(overpaidPaymentIds, :payment))',
      );
      values[':event'] = [{ at, type: 'overpaid', paymentId }];
      // One notification per overpaying attempt, each under its own webhook-id.
      notify(`${current.id}_${paymentId}`, 'OVERPAID');
    }
  }
  return writeIfHolds(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: checkoutKey(current.id),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/**
 * Moves an OPEN checkout's `checkoutExpiry` entry to `at` (its live attempt is still PENDING at
 * expiry: look again then). No effect once it left OPEN.
 */
export async function scheduleExpiryCheck(id: string, at: Date): Promise<void> {
  const entry = dueWorkEntry('checkoutExpiry', id, at);
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: checkoutKey(id),
        UpdateExpression: 'SET gsi3sk = :at',
        ConditionExpression: '#status = :open AND gsi3pk = :pk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': entry.gsi3sk, ':pk': entry.gsi3pk, ':open': 'OPEN' },
      }),
    ),
  );
}

// --- the outbox -----------------------------------------------------------------------------

/**
 * Appends one notification attempt to the checkout's `notifications`: ONE UpdateItem. With
 * `takeOver` (the outbox still holds this notification), the same write removes the outbox and
 * its `checkoutOutbox` entry; if it no longer does, the attempt is recorded alone.
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
          Key: checkoutKey(id),
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
      Key: checkoutKey(id),
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
        Key: checkoutKey(id),
        UpdateExpression: 'REMOVE outbox, gsi3pk, gsi3sk',
        ConditionExpression: 'outbox.webhookId = :webhookId',
        ExpressionAttributeValues: { ':webhookId': takeOver.webhookId },
      }),
    ),
  );
}

// --- helpers --------------------------------------------------------------------------------

/** Runs a conditional UpdateItem (ALL_NEW): the item as written, or undefined when it did not hold. */
async function writeIfHolds(command: UpdateCommand): Promise<Checkout | undefined> {
  try {
    const result = await ddb.send(command);
    return fromItem(result.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
