/**
 * The payment: its stored shape, the public shape the API returns, and the answers stored for
 * idempotent replays. Its keys are in shared/keys.ts; shared/payments/store.ts reads and writes it.
 */

import type { PublicPaymentBody } from '../api/responses.ts';
import { maskPhone } from '../logger.ts';
import type { MerchantEventType } from '../notifications/merchant-events.ts';

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

/** FeexPay's reference became known: its answer to initiation, or its status answer later. */
export function acceptedEvent(reference: string, source: EventSource, at: string): PaymentEvent {
  return { at, type: 'provider_accepted', source, reference };
}

/** Initiation never learnt FeexPay's answer (`reason`: what went wrong). */
export function unknownOutcomeEvent(reason: string, at: string): PaymentEvent {
  return { at, type: 'outcome_unknown', source: 'initiate', reason };
}

/** A transition decided (shared/payments/transition.ts) and not yet written. */
export interface TransitionPlan {
  from: PaymentStatus;
  to: Exclude<PaymentStatus, 'PENDING'>;
  source: EventSource;
  failureReason?: string;
  lateSuccess?: boolean;
  /** FeexPay's reference to store (the payment had none: unknown initiation outcome). */
  storeReference?: string;
  /** The reference the evidence carried, for the event. */
  reference?: string;
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
  type: MerchantEventType;
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

/**
 * The stored payment: the public fields (`PublicPayment`, defined once by the API's response
 * schema; `phoneNumber` here is the full number, never returned or logged unmasked) and the
 * internals below.
 */
export interface Payment extends PublicPayment {
  ownerId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  returnUrl?: string;
  /** FeexPay's reference. */
  reference?: string;
  lastCheckedAt?: string;
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
  /** Reconciler checks of this PENDING payment so far (its backoff). */
  checkAttempts?: number;
  /** Late-success re-checks of this EXPIRED payment so far. */
  recheckAttempts?: number;
}

/** What the API returns: no owner, no internals, the phone masked (shared/api/responses.ts). */
export type PublicPayment = PublicPaymentBody;

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
