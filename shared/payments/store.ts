/**
 * The payment store: the only module that reads or writes payment items. Each operation is one
 * request (or one per index shard) serving one access pattern of docs/data-model.md, and its
 * conditions make two racing writers unable to both win. The use cases decide what happens; this
 * module stores it, including the payment's due-work entry (its life cycle: shared/keys.ts).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { applied, ddb, isConditionFailure, itemOfConditionFailure } from '../clients/dynamodb.ts';
import * as config from '../config.ts';
import {
  createdAtOfCheck,
  createdDayPk,
  createdEntry,
  type DueWork,
  dueBound,
  dueWorkEntry,
  dueWorkPk,
  INDEX,
  isKeyAttribute,
  ownerEntry,
  ownerPk,
  paymentIdOf,
  paymentKey,
  phoneEntry,
  phonePk,
  referenceEntry,
  referenceLookups,
  SHARDS,
} from '../keys.ts';
import { paymentEvent, webhookIdOf } from '../notifications/merchant-events.ts';
import {
  acceptedEvent,
  type EventSource,
  type NotificationAttempt,
  type OperatorAction,
  type OtpStep,
  type OutboxEntry,
  type Payment,
  type PaymentEvent,
  type PaymentStatus,
  type StoredResponse,
  type TransitionPlan,
  unknownOutcomeEvent,
} from './model.ts';

/**
 * How long the notifier has to take a notification over (its attempt write removes the outbox)
 * before the reconciler sends it again. A duplicate send is harmless (the notifier skips a
 * webhook-id already delivered); the grace only keeps the reconciler from re-sending what is
 * merely still queued.
 */
export const OUTBOX_GRACE_SECONDS = 300;

/** A stored item → the payment (key attributes stripped). */
export function fromItem(item: Record<string, unknown>): Payment {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!isKeyAttribute(name)) copy[name] = value;
  if (!Array.isArray(copy.events)) copy.events = [];
  return copy as unknown as Payment;
}

// --- reads ----------------------------------------------------------------------------------

/** A payment by id (1 GetItem, eventually consistent unless `consistent`). */
export async function get(
  id: string,
  options: { consistent?: boolean } = {},
): Promise<Payment | undefined> {
  const result = await ddb.send(
    new GetCommand({
      TableName: config.tableName(),
      Key: paymentKey(id),
      ConsistentRead: options.consistent ?? false,
    }),
  );
  return result.Item ? fromItem(result.Item) : undefined;
}

/** Payments by id, in no particular order (BatchGetItem, 100 a request, eventually consistent). */
export async function getMany(ids: readonly string[]): Promise<Payment[]> {
  const found: Payment[] = [];
  const table = config.tableName();
  for (let at = 0; at < ids.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(at, at + 100).map(paymentKey);
    while (keys?.length) {
      const result: BatchGetCommandOutput = await ddb.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[table] ?? []) found.push(fromItem(item));
      keys = result.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/**
 * `byCreated` keys of one day's shard, newest first, between `lower` and `upper` (sort keys,
 * both inclusive): 1 Query, keys only.
 */
export async function listCreated(
  day: string,
  shard: number,
  range: { lower: string; upper: string; limit: number },
): Promise<string[]> {
  const result = await ddb.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: INDEX.byCreated,
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: {
        ':pk': createdDayPk(day, shard),
        ':lower': range.lower,
        ':upper': range.upper,
      },
      ScanIndexForward: false,
      Limit: range.limit,
    }),
  );
  return (result.Items ?? []).map((item) => String(item.gsi4sk));
}

/**
 * Our payment id for a FeexPay reference in any letter case (byReference): 1 Query for every
 * payment stored since references are keyed in lower case; for a miss, up to 2 more for a payment
 * stored before, keyed in FeexPay's case (`referenceLookups` in shared/keys.ts).
 */
export async function findByReference(reference: string): Promise<string | undefined> {
  for (const entry of referenceLookups(reference)) {
    const result = await ddb.send(
      new QueryCommand({
        TableName: config.tableName(),
        IndexName: INDEX.byReference,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
        ExpressionAttributeValues: { ':pk': entry.gsi2pk, ':sk': entry.gsi2sk },
        Limit: 1,
      }),
    );
    const id = paymentIdOf(result.Items?.[0]?.pk);
    if (id) return id;
  }
  return undefined;
}

/**
 * Ids of the payments whose phone number has the keyed hash `phoneHash` (byPhone), newest first:
 * 1 Query, keys only, at most `limit`.
 */
export async function findByPhoneHash(phoneHash: string, limit: number): Promise<string[]> {
  const result = await ddb.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: INDEX.byPhone,
      KeyConditionExpression: 'gsi5pk = :pk',
      ExpressionAttributeValues: { ':pk': phonePk(phoneHash) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (result.Items ?? []).flatMap((item) => paymentIdOf(item.pk) ?? []);
}

/**
 * How many payments were created on `day` in `shard` (byCreated, keys only, `Select: COUNT`,
 * paged): about 0.5 read unit per 4 KB of keys, ~70 payments.
 */
export async function countCreated(day: string, shard: number): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: config.tableName(),
        IndexName: INDEX.byCreated,
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': createdDayPk(day, shard) },
        Select: 'COUNT',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** The key DynamoDB hands back to continue a byOwner Query. */
export interface OwnerPageKey {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
}

/** One page of a user's payments, newest first (byOwner, exactly 1 Query). */
export async function listByOwner(
  userId: string,
  options: { limit: number; startKey?: OwnerPageKey; status?: PaymentStatus },
): Promise<{ items: Payment[]; nextKey: OwnerPageKey | undefined }> {
  const result = await ddb.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: INDEX.byOwner,
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

/**
 * Ids of payments whose `kind` entry is due at `now` (byDueWork): one small Query per shard, oldest
 * due first within each, stopping once `limit` ids are found. Never a Scan.
 */
export async function listDue(kind: DueWork, now: Date, limit: number): Promise<string[]> {
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
      const id = paymentIdOf(item.pk);
      if (id) ids.push(id);
    }
  }
  return ids;
}

/** What the `check` entries say about every PENDING payment (see `summarisePending`). */
export interface PendingSummary {
  /** PENDING payments in the index. */
  pending: number;
  /** Creation time of the oldest one; undefined when none. */
  oldestCreatedAt: string | undefined;
  /** How many were created before `olderThan`. */
  olderThan: number;
}

/**
 * Reads the keys of every `check` entry (KEYS_ONLY, paged) and summarises their ages from the
 * creation time in the sort key: no item is read. Cost: about 0.5 read unit per 4 KB of keys,
 * i.e. ~1 unit per 70 PENDING payments, per call. Throws if `deadline` (epoch ms) passes before
 * the last page: a partial answer would understate the oldest age.
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
          TableName: config.tableName(),
          IndexName: INDEX.byDueWork,
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': dueWorkPk('check', shard) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const createdAt = createdAtOfCheck(item.gsi3sk);
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

// --- creation and initiation ----------------------------------------------------------------

/**
 * Creates a payment unless its id exists: ONE conditional Put, with its owner entry, its
 * `byCreated` entry and its first `check` entry (`PAYMENT_FIRST_CHECK_DELAY_SECONDS` after
 * creation). When the id exists (same user, same Idempotency-Key), the stored item comes back from
 * the failed condition (ALL_OLD, no read). With `phoneHash` (the keyed hash of its phone number,
 * shared/back-office/phone.ts), its `byPhone` entry too.
 */
export async function create(
  payment: Payment,
  options: { phoneHash?: string | undefined } = {},
): Promise<{ created: true } | { created: false; existing: Payment }> {
  const firstCheck = new Date(
    Date.parse(payment.createdAt) + config.paymentFirstCheckDelaySeconds() * 1000,
  );
  try {
    await ddb.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: {
          ...paymentKey(payment.id),
          ...ownerEntry(payment.ownerId, payment.createdAt, payment.id),
          ...createdEntry(payment.createdAt, payment.id),
          ...dueWorkEntry('check', payment.id, firstCheck, payment.createdAt),
          ...(options.phoneHash
            ? phoneEntry(options.phoneHash, payment.createdAt, payment.id)
            : {}),
          ...payment,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true };
  } catch (error) {
    const item = isConditionFailure(error) ? itemOfConditionFailure(error) : undefined;
    if (item) return { created: false, existing: fromItem(item) };
    throw error;
  }
}

/** FeexPay's answer to the request-to-pay, as initiation records it. */
export interface ProviderAnswer {
  reference: string;
  paymentUrl?: string;
  /** FeexPay's `order_id`, when it differs from the reference. */
  providerOrderId?: string;
  /** A two-step OTP network's first answer: the customer's code is awaited (POST {id}/otp/). */
  awaitingOtp?: boolean;
  /** The idempotent answer given to the caller. */
  response: StoredResponse;
  /** When the answer is already final, the transition it makes. */
  transition?: TransitionPlan;
}

/**
 * Records FeexPay's answer: ONE UpdateItem stores the reference (and its byReference entry), the
 * payment URL, the stored answer and a `provider_accepted` event, with the transition when the
 * answer is final. Only while still PENDING: undefined when a webhook settled the payment first.
 */
export async function recordProviderAnswer(
  payment: Payment,
  answer: ProviderAnswer,
  now: string,
): Promise<Payment | undefined> {
  const parts = emptyUpdate();
  if (answer.transition) {
    addTransition(parts, payment, answer.transition, now); // sets updatedAt, stores the reference
  } else {
    addReference(parts, answer.reference);
    parts.set.push('updatedAt = :now');
    parts.values[':now'] = now;
    whilePending(parts);
    // Still PENDING: the status route's next refresh counts from this answer.
    parts.set.push('lastCheckedAt = :now');
  }
  addResponse(parts, answer.response);
  if (answer.paymentUrl) {
    parts.set.push('paymentUrl = :paymentUrl');
    parts.values[':paymentUrl'] = answer.paymentUrl;
  }
  if (answer.providerOrderId) {
    parts.set.push('providerOrderId = :providerOrderId');
    parts.values[':providerOrderId'] = answer.providerOrderId;
  }
  if (answer.awaitingOtp && !answer.transition) {
    parts.set.push('awaitingOtp = :true');
    parts.values[':true'] = true;
  }
  parts.events.unshift(acceptedEvent(answer.reference, 'initiate', now));
  return writeIfHolds(payment.id, parts);
}

/**
 * FeexPay did not take the request (unavailable, a refusal, our credentials): ONE UpdateItem makes
 * the transition to FAILED and stores the problem answer. Only while the payment is PENDING and
 * no FeexPay reference was linked to it meanwhile (a webhook tied to it by `callback_info` proves
 * FeexPay did take it after all): undefined otherwise, and the caller answers the payment as it
 * now stands.
 */
export function recordLocalFailure(
  payment: Payment,
  plan: TransitionPlan,
  response: StoredResponse,
  now: string,
): Promise<Payment | undefined> {
  const parts = emptyUpdate();
  addTransition(parts, payment, plan, now);
  addResponse(parts, response);
  parts.names['#reference'] = 'reference';
  parts.conditions.push('attribute_not_exists(#reference)');
  return writeIfHolds(payment.id, parts);
}

/**
 * FeexPay's answer never came (timeout, junk): ONE UpdateItem marks the initiation outcome unknown
 * and stores the PENDING answer, with an `outcome_unknown` event. Only while still PENDING (its
 * webhook may have settled it meanwhile): false then.
 */
export async function recordUnknownOutcome(
  id: string,
  outcome: { reason: string; response: StoredResponse },
  now: string,
): Promise<boolean> {
  const parts = emptyUpdate();
  parts.set.push('initiationOutcome = :unknown', 'updatedAt = :now');
  parts.values[':unknown'] = 'unknown';
  parts.values[':now'] = now;
  addResponse(parts, outcome.response);
  whilePending(parts);
  parts.events.push(unknownOutcomeEvent(outcome.reason, now));
  return (await writeIfHolds(id, parts)) !== undefined;
}

/**
 * Stores the answer for a payment settled before initiation recorded its outcome, unless one is
 * stored already, with the payment URL if it has none and the event initiation would have
 * written. Unconditional otherwise; returns the item as written.
 */
export function recordSettledAnswer(
  id: string,
  answer: { response: StoredResponse; paymentUrl?: string; event?: PaymentEvent },
): Promise<Payment> {
  const parts = emptyUpdate();
  parts.names['#response'] = 'response';
  parts.set.push('#response = if_not_exists(#response, :response)');
  parts.values[':response'] = answer.response;
  if (answer.paymentUrl) {
    parts.set.push('paymentUrl = if_not_exists(paymentUrl, :paymentUrl)');
    parts.values[':paymentUrl'] = answer.paymentUrl;
  }
  if (answer.event) parts.events.push(answer.event);
  return write(id, parts);
}

/**
 * FeexPay made the card page (FeexLink) of a card payment: ONE UpdateItem stores its address as
 * `paymentUrl`, the answer given to the caller and a `card_page_created` event. No reference yet:
 * it comes with the customer's return (`?ref=`) or FeexPay's webhook (docs/cards.md). Only while
 * PENDING without a reference; undefined when the condition fails.
 */
export async function recordCardPage(
  id: string,
  page: { paymentUrl: string; response: StoredResponse },
  now: string,
): Promise<Payment | undefined> {
  const parts = emptyUpdate();
  parts.set.push('paymentUrl = :paymentUrl', 'updatedAt = :now');
  parts.values[':paymentUrl'] = page.paymentUrl;
  parts.values[':now'] = now;
  addResponse(parts, page.response);
  whilePending(parts);
  parts.names['#reference'] = 'reference';
  parts.conditions.push('attribute_not_exists(#reference)');
  parts.events.push({ at: now, type: 'card_page_created', source: 'initiate' });
  return writeIfHolds(id, parts);
}

// --- transitions ----------------------------------------------------------------------------

/**
 * Moves a payment as `plan` says: ONE conditional UpdateItem (on the status it moves from, and the
 * stored reference) sets the status, appends the `status_changed` event, writes the merchant
 * notification on the item (the transactional outbox) and replaces its due-work entry with
 * `outbox`, due OUTBOX_GRACE_SECONDS later. Undefined when another writer moved it first.
 */
export function transition(
  current: Payment,
  plan: TransitionPlan,
  now: string,
): Promise<Payment | undefined> {
  const parts = emptyUpdate();
  addTransition(parts, current, plan, now);
  return writeIfHolds(current.id, parts);
}

/**
 * Stores FeexPay's reference on a PENDING payment that has none (unknown initiation outcome), with
 * a `provider_accepted` event: ONE conditional UpdateItem (still PENDING, no reference yet); false
 * when the condition fails (settled or linked meanwhile).
 */
export async function linkReference(
  id: string,
  reference: string,
  source: EventSource,
  now: string,
): Promise<boolean> {
  const parts = emptyUpdate();
  addReference(parts, reference);
  whilePending(parts);
  parts.conditions.push('attribute_not_exists(#reference)');
  parts.events.push(acceptedEvent(reference, source, now));
  return (await writeIfHolds(id, parts)) !== undefined;
}

// --- the OTP step (two-step OTP networks) ---------------------------------------------------

/**
 * Claims a payment's OTP step for one Idempotency-Key: ONE conditional UpdateItem storing `step`
 * (no answer yet) and an `otp_submitted` event, while the payment is PENDING, awaits its code and
 * has no step claimed. The claimed item comes back; when the condition fails, the item as it
 * stands (ALL_OLD on failure, no extra read).
 */
export async function claimOtpStep(
  id: string,
  step: OtpStep,
  source: EventSource,
): Promise<
  { claimed: true; payment: Payment } | { claimed: false; existing: Payment | undefined }
> {
  const parts = emptyUpdate();
  whilePending(parts);
  parts.set.push('otpStep = :step');
  parts.values[':step'] = step;
  parts.values[':true'] = true;
  parts.conditions.push('awaitingOtp = :true', 'attribute_not_exists(otpStep)');
  parts.events.push({ at: step.at, type: 'otp_submitted', source });
  try {
    const result = await ddb.send(
      new UpdateCommand({
        ...updateInput(id, parts),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true, payment: fromItem(result.Attributes ?? {}) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const item = itemOfConditionFailure(error);
    return { claimed: false, existing: item ? fromItem(item) : undefined };
  }
}

/**
 * Gives the OTP step back after FeexPay did not take the code (unavailable, our credentials), so
 * the customer can send it again: ONE UpdateItem removing `step` (if it is still `keyHash`'s),
 * with an `otp_released` event.
 */
export async function releaseOtpStep(
  id: string,
  keyHash: string,
  reason: string,
  now: string,
): Promise<void> {
  const parts = emptyUpdate();
  parts.remove.push('otpStep');
  parts.values[':keyHash'] = keyHash;
  parts.conditions.push('otpStep.keyHash = :keyHash');
  parts.events.push({ at: now, type: 'otp_released', source: 'otp', reason });
  await writeIfHolds(id, parts);
}

/** What came of the code: FeexPay's answer (and the transition when final), or no answer. */
export interface OtpAnswer {
  keyHash: string;
  response: StoredResponse;
  transition?: TransitionPlan;
  /** No usable answer (timeout, 5xx, junk): the payment stays PENDING, followed by its reference. */
  unknown?: string;
}

/**
 * Records the OTP step's outcome: ONE UpdateItem storing the answer in the step, removing
 * `awaitingOtp`, and applying the transition when FeexPay's answer is final. Only while the step
 * is still this key's and the payment PENDING: undefined when a webhook settled it first.
 */
export function recordOtpAnswer(
  payment: Payment,
  answer: OtpAnswer,
  now: string,
): Promise<Payment | undefined> {
  const parts = emptyUpdate();
  if (answer.transition) {
    addTransition(parts, payment, answer.transition, now);
  } else {
    whilePending(parts);
    parts.remove.push('awaitingOtp');
    parts.set.push('updatedAt = :now');
    parts.values[':now'] = now;
    if (answer.unknown) parts.events.push(unknownOutcomeEvent(answer.unknown, now, 'otp'));
  }
  parts.set.push('otpStep.#response = :response');
  parts.names['#response'] = 'response';
  parts.values[':response'] = answer.response;
  parts.values[':keyHash'] = answer.keyHash;
  parts.conditions.push('otpStep.keyHash = :keyHash');
  return writeIfHolds(payment.id, parts);
}

/**
 * Stores the OTP step's answer for a payment settled while FeexPay answered (a webhook won the
 * race), unless one is stored: the answer given is the payment as it now stands.
 */
export function recordOtpSettledAnswer(
  id: string,
  keyHash: string,
  response: StoredResponse,
): Promise<Payment | undefined> {
  const parts = emptyUpdate();
  parts.names['#response'] = 'response';
  parts.set.push('otpStep.#response = if_not_exists(otpStep.#response, :response)');
  parts.values[':response'] = response;
  parts.values[':keyHash'] = keyHash;
  parts.conditions.push('otpStep.keyHash = :keyHash');
  return writeIfHolds(id, parts);
}

// --- claims ---------------------------------------------------------------------------------

/**
 * Claims the right to refresh a PENDING payment from FeexPay: a conditional write of
 * `lastCheckedAt`, so at most one refresh per payment is in flight (the others lose the race).
 */
export function claimRefresh(id: string, now: Date, olderThan: Date): Promise<boolean> {
  return applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: paymentKey(id),
        // The read is counted (not listed) for the back office's timeline: fixed size, no growth.
        UpdateExpression:
          'SET lastCheckedAt = :now, lastStatusReadAt = :now, statusReads = if_not_exists(statusReads, :zero) + :one',
        ConditionExpression:
          '#status = :pending AND (attribute_not_exists(lastCheckedAt) OR lastCheckedAt < :threshold)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':pending': 'PENDING',
          ':threshold': olderThan.toISOString(),
          ':zero': 0,
          ':one': 1,
        },
      }),
    ),
  );
}

/**
 * Claims the right to start retry `attemptId` of payment `id`: ONE conditional UpdateItem that
 * records it as the payment's `activeAttempt` (with `activeAttemptAt`) and, with `append`, adds it
 * to `attempts`. It holds only while the payment is FAILED or EXPIRED and its active attempt is
 * still `previous` (none, or one the caller found final) or already this one (a repeat of the same
 * key), so two racing retries cannot both win. False when the condition fails.
 */
export function claimRetry(
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
  return applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: paymentKey(id),
        UpdateExpression: `SET ${set.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

// --- due work -------------------------------------------------------------------------------

/**
 * Moves a PENDING payment's `check` entry to `nextCheckAt` (backoff). No effect once the payment
 * has left PENDING.
 */
export async function scheduleNextCheck(
  id: string,
  nextCheckAt: Date,
  attempt: number,
  createdAt: string,
): Promise<void> {
  const entry = dueWorkEntry('check', id, nextCheckAt, createdAt);
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: paymentKey(id),
        UpdateExpression: 'SET gsi3sk = :next, checkAttempts = :attempt',
        ConditionExpression: '#status = :pending AND gsi3pk = :shard',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': entry.gsi3sk,
          ':attempt': attempt,
          ':pending': 'PENDING',
          ':shard': entry.gsi3pk,
        },
      }),
    ),
  );
}

/**
 * Puts an EXPIRED payment on the late-success watch (`recheck` entry due `nextAt`), moves it along,
 * or takes it off when `nextAt` is undefined. Only once its expiry notification has left the
 * outbox (the `outbox` entry is the payment's until then).
 */
export async function scheduleRecheck(
  id: string,
  nextAt: Date | undefined,
  attempt: number,
): Promise<void> {
  const entry = nextAt ? dueWorkEntry('recheck', id, nextAt) : undefined;
  await applied(
    ddb.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: paymentKey(id),
        ...(entry
          ? {
              UpdateExpression: 'SET gsi3pk = :pk, gsi3sk = :next, recheckAttempts = :attempt',
              ExpressionAttributeValues: {
                ':pk': entry.gsi3pk,
                ':next': entry.gsi3sk,
                ':attempt': attempt,
                ':expired': 'EXPIRED',
              },
            }
          : {
              UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
              ExpressionAttributeValues: { ':expired': 'EXPIRED' },
            }),
        ConditionExpression: '#status = :expired AND attribute_not_exists(outbox)',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    ),
  );
}

// --- the outbox -----------------------------------------------------------------------------

/**
 * Taking over the outbox: the write removes it and its `outbox` entry or, for an expiry, turns that
 * entry into the late-success watch (`recheck`, due `recheckAt`). From then on SQS (retries, DLQ)
 * owns the notification. Conditional on the outbox still holding `webhookId`: a newer transition's
 * outbox is never taken.
 */
export interface OutboxTakeOver {
  webhookId: string;
  /** For an EXPIRED payment: when the late-success watch first re-checks it. */
  recheckAt?: Date;
}

function takeOverParts(id: string, takeOver: OutboxTakeOver): UpdateParts {
  const parts = emptyUpdate();
  parts.conditions.push('outbox.webhookId = :webhookId');
  parts.values[':webhookId'] = takeOver.webhookId;
  parts.remove.push('outbox');
  if (takeOver.recheckAt) {
    const entry = dueWorkEntry('recheck', id, takeOver.recheckAt);
    parts.set.push('gsi3pk = :recheckPk', 'gsi3sk = :recheckAt', 'recheckAttempts = :zero');
    parts.values[':recheckPk'] = entry.gsi3pk;
    parts.values[':recheckAt'] = entry.gsi3sk;
    parts.values[':zero'] = 0;
  } else {
    parts.remove.push('gsi3pk', 'gsi3sk');
  }
  return parts;
}

const APPEND_ATTEMPT =
  'notifications = list_append(if_not_exists(notifications, :empty), :attempt)';

/**
 * Appends one merchant-notification attempt to the payment's `notifications`: ONE UpdateItem.
 * With `takeOver`, the same write takes the outbox over (see `OutboxTakeOver`); if the outbox no
 * longer holds that notification (a stale read), the attempt is recorded alone.
 */
export async function recordNotificationAttempt(
  id: string,
  attempt: NotificationAttempt,
  takeOver?: OutboxTakeOver,
): Promise<void> {
  if (takeOver) {
    const parts = takeOverParts(id, takeOver);
    parts.set.unshift(APPEND_ATTEMPT);
    parts.values[':empty'] = [];
    parts.values[':attempt'] = [attempt];
    if (await applied(ddb.send(new UpdateCommand(updateInput(id, parts))))) return;
  }
  await ddb.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: paymentKey(id),
      UpdateExpression: `SET ${APPEND_ATTEMPT}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':empty': [], ':attempt': [attempt] },
    }),
  );
}

/**
 * Records what a back-office operator did to the payment (audit): ONE UpdateItem appending an
 * `operator_action` event naming them. Only to an existing payment; false otherwise.
 */
export function recordOperatorAction(
  id: string,
  entry: { operator: string; action: OperatorAction; at: string; refundId?: string },
): Promise<boolean> {
  const parts = emptyUpdate();
  parts.conditions.push('attribute_exists(pk)');
  parts.events.push({ type: 'operator_action', source: 'operator', ...entry });
  return applied(ddb.send(new UpdateCommand(updateInput(id, parts))));
}

/**
 * Takes the outbox over without an attempt: the notification was already delivered, or the
 * reconciler has just handed it to SQS again; either way it must not be flushed again.
 */
export async function releaseOutbox(id: string, takeOver: OutboxTakeOver): Promise<void> {
  await applied(ddb.send(new UpdateCommand(updateInput(id, takeOverParts(id, takeOver)))));
}

// --- composing one UpdateItem ---------------------------------------------------------------

/** The pieces of one UpdateItem, so an operation can combine a transition with its own fields. */
interface UpdateParts {
  set: string[];
  remove: string[];
  conditions: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
  /** Events appended to the item's `events` list in this write. */
  events: PaymentEvent[];
}

function emptyUpdate(): UpdateParts {
  return { set: [], remove: [], conditions: [], names: {}, values: {}, events: [] };
}

function updateInput(id: string, parts: UpdateParts) {
  const set = [...parts.set];
  const values = { ...parts.values };
  if (parts.events.length > 0) {
    set.push('events = list_append(if_not_exists(events, :noEvents), :newEvents)');
    values[':noEvents'] = [];
    values[':newEvents'] = parts.events;
  }
  const expression = [
    set.length ? `SET ${set.join(', ')}` : '',
    parts.remove.length ? `REMOVE ${parts.remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    TableName: config.tableName(),
    Key: paymentKey(id),
    UpdateExpression: expression,
    ...(parts.conditions.length
      ? { ConditionExpression: parts.conditions.map((c) => `(${c})`).join(' AND ') }
      : {}),
    ...(Object.keys(parts.names).length ? { ExpressionAttributeNames: parts.names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Runs the UpdateItem and returns the item as written (ALL_NEW). */
async function write(id: string, parts: UpdateParts): Promise<Payment> {
  const result = await ddb.send(
    new UpdateCommand({ ...updateInput(id, parts), ReturnValues: 'ALL_NEW' }),
  );
  return fromItem(result.Attributes ?? {});
}

/** {@link write}, or undefined when its condition did not hold. */
async function writeIfHolds(id: string, parts: UpdateParts): Promise<Payment | undefined> {
  try {
    return await write(id, parts);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

function whilePending(parts: UpdateParts): void {
  parts.names['#status'] = 'status';
  parts.values[':pending'] = 'PENDING';
  parts.conditions.push('#status = :pending');
}

function addResponse(parts: UpdateParts, response: StoredResponse): void {
  parts.set.push('#response = :response');
  parts.names['#response'] = 'response';
  parts.values[':response'] = response;
}

/** Stores FeexPay's reference (and its byReference entry) unless another one is stored. */
function addReference(parts: UpdateParts, reference: string): void {
  const entry = referenceEntry(reference);
  parts.names['#reference'] = 'reference';
  parts.set.push('#reference = :reference', 'gsi2pk = :refPk', 'gsi2sk = :refSk');
  parts.values[':reference'] = reference;
  parts.values[':refPk'] = entry.gsi2pk;
  parts.values[':refSk'] = entry.gsi2sk;
  parts.conditions.push('attribute_not_exists(#reference) OR #reference = :reference');
}

/**
 * A transition's part of a write: status, event, the outbox (only the envelope: the notification's
 * `data` is the item as this same write leaves it) and its `outbox` entry, and the conditions that
 * make two racing writers unable to both win.
 */
function addTransition(
  parts: UpdateParts,
  current: Payment,
  plan: TransitionPlan,
  now: string,
): void {
  const event = paymentEvent(plan.to);
  const outbox: OutboxEntry = {
    webhookId: webhookIdOf(current.id, event),
    type: event.type,
    timestamp: now,
  };
  const due = dueWorkEntry(
    'outbox',
    current.id,
    new Date(Date.parse(now) + OUTBOX_GRACE_SECONDS * 1000),
  );
  parts.names['#status'] = 'status';
  parts.set.push(
    '#status = :to',
    'updatedAt = :now',
    'outbox = :outbox',
    'gsi3pk = :outboxPk',
    'gsi3sk = :outboxDue',
  );
  parts.values[':outboxDue'] = due.gsi3sk;
  // Only a PENDING payment is refreshed from FeexPay (status.ts): the refresh clock goes with it.
  parts.remove.push('lastCheckedAt');
  parts.values[':to'] = plan.to;
  parts.values[':from'] = plan.from;
  parts.values[':now'] = now;
  parts.values[':outbox'] = outbox;
  parts.values[':outboxPk'] = due.gsi3pk;
  parts.conditions.push('#status = :from');
  if (plan.failureReason) {
    parts.set.push('failureReason = :failureReason');
    parts.values[':failureReason'] = plan.failureReason;
  }
  if (plan.failureCode) {
    parts.set.push('failureCode = :failureCode');
    parts.values[':failureCode'] = plan.failureCode;
  }
  // A settled payment awaits no code.
  parts.remove.push('awaitingOtp');
  if (plan.lateSuccess) {
    parts.set.push('lateSuccess = :true');
    parts.values[':true'] = true;
  }
  if (plan.storeReference) {
    addReference(parts, plan.storeReference);
  } else if (current.reference) {
    parts.names['#reference'] = 'reference';
    parts.values[':storedRef'] = current.reference;
    parts.conditions.push('#reference = :storedRef');
  }
  // The event names the reference only when this write stores it (unknown initiation outcome);
  // otherwise the write's conditions make it the item's own `reference` (no duplicate bytes).
  parts.events.push({
    at: now,
    type: 'status_changed',
    source: plan.source,
    from: plan.from,
    to: plan.to,
    ...(plan.storeReference ? { reference: plan.storeReference } : {}),
    ...(plan.failureReason ? { reason: plan.failureReason } : {}),
  });
}
