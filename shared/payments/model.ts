/**
 * The payment entity: its stored shape, its keys in the single table, and the public shape the API
 * returns. Key conventions (docs/payments.md, "Access patterns"):
 *
 * - item: `pk=PAYMENT#<id>`, `sk=PAYMENT`
 * - owner history (byOwner): `gsi1pk=OWNER#<userId>`, `gsi1sk=<createdAt>#<id>`
 * - FeexPay reference (byReference): `gsi2pk=REF#<reference>`, `gsi2sk=PAYMENT`
 * - reconciler / outbox (byPendingCheck): `gsi3pk=PENDING#<shard>` or `OUTBOX#<shard>`,
 *   `gsi3sk=<ISO time the item is due>`; PENDING entries append `#<createdAt ISO>`, so the
 *   keys-only index alone tells the age of every PENDING payment (`pendingSortKey`)
 */
import { createHash } from 'node:crypto';
import { maskPhone } from '../logger.ts';
import type { Currency } from '../providers.ts';

export type PaymentStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';

export const PAYMENT_STATUSES = ['PENDING', 'SUCCESSFUL', 'FAILED', 'EXPIRED'] as const;

/** Who caused an event. */
export type EventSource = 'initiate' | 'retry' | 'status' | 'webhook' | 'reconciler';

/** One entry of the audit trail kept on the payment item itself (`events`). */
export interface PaymentEvent {
  at: string;
  type: 'created' | 'provider_accepted' | 'outcome_unknown' | 'status_changed';
  source: EventSource;
  from?: PaymentStatus;
  to?: PaymentStatus;
  reference?: string;
  reason?: string;
}

/** One delivery attempt of a merchant notification (recorded by the notifier). */
export interface NotificationAttempt {
  webhookId: string;
  at: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  httpStatus?: number;
  error?: string;
}

/** The notification message sent to SQS (and signed for the merchant). */
export interface NotificationMessage {
  webhookId: string;
  type: 'payment.succeeded' | 'payment.failed' | 'payment.expired';
  timestamp: string;
  data: PublicPayment;
}

/**
 * The transactional outbox on the item: the notification without its `data`, which is the item
 * itself (`toPublicPayment`). Every transition overwrites it in the same write that sets the
 * status, so the item always reads as the payment this notification announces; keeping the
 * snapshot out keeps the item (and every write of it) ~0.5 KB smaller.
 */
export type OutboxEntry = Omit<NotificationMessage, 'data'>;

/**
 * The fields of a 201 answer that can change after it was given, as they were then. Not
 * `paymentUrl`: it is written once, by the same write that stores the answer (or before it, in
 * the race where a webhook settled the payment first), and never changes.
 */
export interface PaymentView {
  status: PaymentStatus;
  updatedAt: string;
  failureReason?: string;
  attempts?: string[];
}

/**
 * The idempotent answer stored on the item, replayed for the same key and body. A 201 keeps only
 * `view` (the mutable fields as they were): the rest of the body is the item's immutable fields,
 * so `answerBody` rebuilds it exactly. A problem answer (or an item stored before views) keeps
 * its whole `body` and `headers`.
 */
export type StoredResponse =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { status: 201; view: PaymentView };

/** The mutable fields of `p` as they are now, for a stored 201 answer. */
export function paymentView(p: Payment): PaymentView {
  return {
    status: p.status,
    updatedAt: p.updatedAt,
    ...(p.failureReason ? { failureReason: p.failureReason } : {}),
    ...(p.attempts?.length ? { attempts: p.attempts } : {}),
  };
}

/** The 201 answer for `p` as it is now, in the compact stored form. */
export function storedAnswerOf(p: Payment): StoredResponse {
  return { status: 201, view: paymentView(p) };
}

/**
 * The body of a stored answer: the problem body as stored, or the payment rebuilt from the item's
 * immutable fields and the view's mutable ones (identical to what `toPublicPayment` gave then).
 */
export function answerBody(item: Payment, stored: StoredResponse): unknown {
  if (!('view' in stored)) return stored.body;
  const { view } = stored;
  return toPublicPayment({
    ...item,
    status: view.status,
    updatedAt: view.updatedAt,
    failureReason: view.failureReason,
    attempts: view.attempts,
  });
}

export interface Payment {
  id: string;
  ownerId: string;
  status: PaymentStatus;
  amount: number;
  currency: Currency;
  network: string;
  /** Full number: never returned or logged unmasked. */
  phoneNumber: string;
  description?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  returnUrl?: string;
  metadata?: Record<string, string | number | boolean>;
  /** FeexPay's reference. */
  reference?: string;
  paymentUrl?: string;
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
  lastCheckedAt?: string;
  retryOf?: string;
  attempts?: string[];
  /**
   * The retry claimed last (retry.ts): while that attempt is PENDING (or not yet created, within
   * the in-flight lease) no other retry of this payment may start.
   */
  activeAttempt?: string;
  /** When `activeAttempt` was claimed (ISO). */
  activeAttemptAt?: string;
  lateSuccess?: boolean;
  /** `unknown` when FeexPay never answered the request-to-pay (see docs/payments.md). */
  initiationOutcome?: 'unknown';
  events: PaymentEvent[];
  notifications?: NotificationAttempt[];
  /** sha256 of the validated request (idempotency). */
  requestHash?: string;
  response?: StoredResponse;
  outbox?: OutboxEntry;
  checkAttempts?: number;
}

/** What the API returns: no owner, no internals, the phone masked. */
export interface PublicPayment {
  id: string;
  status: PaymentStatus;
  amount: number;
  currency: Currency;
  network: string;
  phoneNumber: string;
  description?: string;
  metadata?: Record<string, string | number | boolean>;
  paymentUrl?: string;
  failureReason?: string;
  retryOf?: string;
  attempts?: string[];
  createdAt: string;
  updatedAt: string;
}

export function toPublicPayment(p: Payment): PublicPayment {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    network: p.network,
    phoneNumber: maskPhone(p.phoneNumber),
    ...(p.description ? { description: p.description } : {}),
    ...(p.metadata ? { metadata: p.metadata } : {}),
    ...(p.paymentUrl ? { paymentUrl: p.paymentUrl } : {}),
    ...(p.failureReason ? { failureReason: p.failureReason } : {}),
    ...(p.retryOf ? { retryOf: p.retryOf } : {}),
    ...(p.attempts?.length ? { attempts: p.attempts } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/**
 * Statuses nothing moves away from, except → SUCCESSFUL on FeexPay's confirmation: from EXPIRED, or
 * from a FAILED we concluded ourselves (transition.ts `isLocalFailure`).
 */
export function isFinal(status: PaymentStatus): boolean {
  return status !== 'PENDING';
}

export const PAYMENT_SK = 'PAYMENT';
export const SHARDS = 10;

export function paymentPk(id: string): string {
  return `PAYMENT#${id}`;
}

export function ownerPk(userId: string): string {
  return `OWNER#${userId}`;
}

export function referencePk(reference: string): string {
  return `REF#${reference}`;
}

/** Stable shard 0–9 of a payment, spreading the reconciler/outbox index over ten partitions. */
export function shardOf(id: string): number {
  return (createHash('sha256').update(id).digest()[0] ?? 0) % SHARDS;
}

export function pendingPk(id: string): string {
  return `PENDING#${shardOf(id)}`;
}

export function outboxPk(id: string): string {
  return `OUTBOX#${shardOf(id)}`;
}

/** The late-success watch entry of an EXPIRED payment (shared/reconcile/recheck.ts). */
export function recheckPk(id: string): string {
  return `RECHECK#${shardOf(id)}`;
}

/**
 * Sort key of a PENDING index entry: `<next check ISO>#<createdAt ISO>`. Entries still sort by
 * next check (what the reconciler's due Query needs), and the creation time rides along in the
 * KEYS_ONLY projection, so the oldest PENDING payment is found without reading any item.
 */
export function pendingSortKey(nextCheckAt: Date, createdAt: string): string {
  return `${nextCheckAt.toISOString()}#${createdAt}`;
}

/** The creation time carried by a PENDING sort key; undefined for a plain `<ISO>` key. */
export function createdAtOfPendingKey(sortKey: string): string | undefined {
  const at = sortKey.indexOf('#');
  return at === -1 ? undefined : sortKey.slice(at + 1);
}

/**
 * Upper bound for "due by `now`" on byPendingCheck: above `<now ISO>` and any `<now ISO>#…`, below
 * the next millisecond (`~` sorts after `#` and every digit).
 */
export function dueBound(now: Date): string {
  return `${now.toISOString()}~`;
}

/** The key attributes and index attributes; never part of the domain object. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];

/** A stored item → the domain object (key attributes stripped). */
export function fromItem(item: Record<string, unknown>): Payment {
  const copy: Record<string, unknown> = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  if (!Array.isArray(copy.events)) copy.events = [];
  return copy as unknown as Payment;
}
