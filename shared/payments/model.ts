/**
 * The payment: its stored shape, the public shape the API returns, and the answers stored for
 * idempotent replays. Its keys are in shared/keys.ts; shared/payments/store.ts reads and writes it.
 */

import type { PublicPaymentBody } from '../api/responses.ts';
import type { MerchantCheckout } from '../checkouts/model.ts';
import { maskPhone } from '../logger.ts';
import type { MerchantEventType } from '../notifications/merchant-events.ts';
import type { PublicPayout } from '../payouts/model.ts';
import { type FailureCode, failureCodeOf } from './failure-codes.ts';

export type PaymentStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';

export const PAYMENT_STATUSES = ['PENDING', 'SUCCESSFUL', 'FAILED', 'EXPIRED'] as const;

/** Who caused an event (`otp`: the customer's code, sent on by the OTP step; `pay`: a checkout's attempt). */
export type EventSource =
  | 'initiate'
  | 'retry'
  | 'pay'
  | 'status'
  | 'webhook'
  | 'reconciler'
  | 'otp'
  | 'operator';

/** One entry of the audit trail kept on the payment item itself (`events`). */
export interface PaymentEvent {
  at: string;
  type:
    | 'created'
    | 'provider_accepted'
    | 'outcome_unknown'
    | 'status_changed'
    | 'otp_submitted'
    | 'otp_released'
    /** A card payment's FeexLink page was made (docs/cards.md). */
    | 'card_page_created'
    | 'operator_action';
  source: EventSource;
  /** An `operator_action`: the operator (their token's `sub`) and what they did. */
  operator?: string;
  action?: OperatorAction;
  /** An operator's `refund`: the refund it asked for (`rf_…`). */
  refundId?: string;
  from?: PaymentStatus;
  to?: PaymentStatus;
  reference?: string;
  reason?: string;
}

/**
 * What a back-office operator did to a payment (shared/back-office/actions.ts), recorded on it as
 * an `operator_action` event (docs/back-office.md, "Actions").
 */
export type OperatorAction = 'resend_notification' | 'refund';

/** FeexPay's reference became known: its answer to initiation, or its status answer later. */
export function acceptedEvent(reference: string, source: EventSource, at: string): PaymentEvent {
  return { at, type: 'provider_accepted', source, reference };
}

/** A request-to-pay never got FeexPay's answer (`reason`: what went wrong). */
export function unknownOutcomeEvent(
  reason: string,
  at: string,
  source: EventSource = 'initiate',
): PaymentEvent {
  return { at, type: 'outcome_unknown', source, reason };
}

/** A transition decided (shared/payments/transition.ts) and not yet written. */
export interface TransitionPlan {
  from: PaymentStatus;
  to: Exclude<PaymentStatus, 'PENDING'>;
  source: EventSource;
  failureReason?: string;
  /** With `failureReason`: what it means for the payer (shared/payments/failure-codes.ts). */
  failureCode?: FailureCode;
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

/**
 * The notification message sent to SQS (and signed for the merchant): `data` is the record the
 * event is about, as the merchant sees it (a payment, a checkout for `checkout.*`, a payout for
 * `payout.*` and `refund.*`).
 */
export interface NotificationMessage {
  webhookId: string;
  type: MerchantEventType;
  timestamp: string;
  data: PublicPayment | MerchantCheckout | PublicPayout;
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
  failureCode?: FailureCode;
  awaitingOtp?: boolean;
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
  | { status: 200 | 201; view: PaymentView };

/** The mutable fields of `p` as they are now, for a stored 201 (or 200) answer. */
export function paymentView(p: Payment): PaymentView {
  return {
    status: p.status,
    updatedAt: p.updatedAt,
    ...(p.failureReason ? { failureReason: p.failureReason } : {}),
    ...(p.failureCode ? { failureCode: p.failureCode } : {}),
    ...(p.awaitingOtp ? { awaitingOtp: true } : {}),
    ...(p.attempts?.length ? { attempts: p.attempts } : {}),
  };
}

/** The 201 answer (200 for the OTP step) for `p` as it is now, in the compact stored form. */
export function storedAnswerOf(p: Payment, status: 200 | 201 = 201): StoredResponse {
  return { status, view: paymentView(p) };
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
    failureCode: view.failureCode,
    awaitingOtp: view.awaitingOtp,
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
  /** FeexPay's reference, in FeexPay's letter case (keys hold it in lower case: shared/keys.ts). */
  reference?: string;
  /**
   * FeexPay's `order_id`, kept when it differs from the reference (docs/feexpay-api.md §14.2).
   * Not `orderId`: that is the merchant's order, on a checkout's attempts.
   */
  providerOrderId?: string;
  /** The OTP step of a two-step OTP network: claimed by one Idempotency-Key, then its answer. */
  otpStep?: OtpStep;
  lastCheckedAt?: string;
  /** The first payment of this retry's chain: it holds the chain's claim (retry.ts). */
  retryRoot?: string;
  /**
   * The retry claimed last (retry.ts): while that attempt is PENDING (or not yet created, within
   * the in-flight lease) no other retry of this payment may start.
   */
  activeAttempt?: string;
  /** When `activeAttempt` was claimed (ISO). */
  activeAttemptAt?: string;
  lateSuccess?: boolean;
  /**
   * A checkout's attempt: PENDING for at most this long (CHECKOUT_ATTEMPT_MAX_PENDING_SECONDS)
   * rather than PAYMENT_MAX_PENDING_SECONDS, so a customer whose phone never rang can try again.
   */
  maxPendingSeconds?: number;
  /** `unknown` when FeexPay never answered the request-to-pay (see docs/payments.md). */
  initiationOutcome?: 'unknown';
  events: PaymentEvent[];
  notifications?: NotificationAttempt[];
  /** sha256 of the validated request (idempotency). */
  requestHash?: string;
  response?: StoredResponse;
  outbox?: OutboxEntry;
  /**
   * Status reads the customer-facing routes made while PENDING (`claimRefresh`), and the last
   * one's time: the back office's timeline counts them rather than listing each (a customer's
   * page may poll for hours; a list would grow the item without bound).
   */
  statusReads?: number;
  lastStatusReadAt?: string;
  /** Reconciler checks of this PENDING payment so far (its backoff). */
  checkAttempts?: number;
  /** Late-success re-checks of this EXPIRED payment so far. */
  recheckAttempts?: number;
  /**
   * What its refunds that are not FAILED hold (PENDING or SUCCESSFUL): never above `amount`
   * (shared/payouts/store.ts `createRefund`). Written only by the payout store.
   */
  amountReserved?: number;
}

/**
 * The OTP step's idempotency record (shared/payments/otp.ts): the key that claimed it (hashed with
 * its caller's scope), the request's hash, when, and the answer once there is one.
 */
export interface OtpStep {
  keyHash: string;
  requestHash: string;
  at: string;
  response?: StoredResponse;
}

/** What the API returns: no owner, no internals, the phone masked (shared/api/responses.ts). */
export type PublicPayment = PublicPaymentBody;

/**
 * A FAILED payment's failure code: the one stored with it, or, for a payment stored before
 * failure codes, read from its reason.
 */
export function failureCodeOfPayment(
  p: Pick<Payment, 'status' | 'failureReason' | 'failureCode'>,
): FailureCode | undefined {
  if (p.status !== 'FAILED') return undefined;
  return p.failureCode ?? failureCodeOf(p.failureReason);
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
    ...(p.status === 'FAILED' ? { failureCode: failureCodeOfPayment(p) } : {}),
    ...(p.awaitingOtp && p.status === 'PENDING' ? { awaitingOtp: true } : {}),
    ...(p.retryOf ? { retryOf: p.retryOf } : {}),
    ...(p.attempts?.length ? { attempts: p.attempts } : {}),
    ...(p.checkoutId ? { checkoutId: p.checkoutId } : {}),
    ...(p.orderId ? { orderId: p.orderId } : {}),
    ...(p.refunds?.length ? { amountRefunded: p.amountRefunded ?? 0, refunds: p.refunds } : {}),
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
