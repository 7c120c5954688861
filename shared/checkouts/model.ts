/**
 * The checkout: an order the merchant's server priced, which a customer pays on the hosted page
 * through one or more attempts (each a payment with a checkout link). Its stored shape, the
 * merchant's view and the customer's (public) view. Keys: shared/keys.ts; the only module that
 * reads or writes it: shared/checkouts/store.ts. Life cycle and rules: docs/checkout.md.
 */
import { randomBytes } from 'node:crypto';
import { maskPhone } from '../logger.ts';
import type { Locale } from '../payments/failure-codes.ts';
import { base32 } from '../payments/idempotency.ts';
import type { NotificationAttempt, OutboxEntry, PaymentStatus } from '../payments/model.ts';

export type CheckoutStatus = 'OPEN' | 'PAID' | 'EXPIRED' | 'CANCELED';

export const CHECKOUT_STATUSES = ['OPEN', 'PAID', 'EXPIRED', 'CANCELED'] as const;

/** Attempts one checkout accepts, so its item stays small (each is a payment that rang a phone). */
export const MAX_ATTEMPTS = 20;

/** One attempt to pay the checkout: a payment, and its status as the checkout last recorded it. */
export interface CheckoutAttempt {
  paymentId: string;
  network: string;
  status: PaymentStatus;
  /** The number it rang, masked. */
  phoneNumber: string;
  createdAt: string;
}

/** Who the merchant says the customer is: prefills the hosted page, travels to FeexPay. */
export interface CustomerHints {
  phoneNumber?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

/** One entry of the checkout's audit trail. */
export interface CheckoutEvent {
  at: string;
  type: 'created' | 'attempt_started' | 'attempt_settled' | 'status_changed' | 'overpaid';
  paymentId?: string;
  from?: CheckoutStatus;
  to?: CheckoutStatus | PaymentStatus;
  /** A back-office operator's change: the operator (their token's `sub`). */
  operator?: string;
}

export interface Checkout {
  /** `chk_` and 26 base32 characters: 130 random bits, the capability the customer holds. */
  id: string;
  /** The merchant server (its token's `sub`) that created it. */
  merchantId: string;
  status: CheckoutStatus;
  amount: number;
  currency: 'XOF' | 'XAF';
  /** The merchant's order reference; at most one OPEN checkout per order, none once it is paid. */
  orderId: string;
  description?: string;
  customer?: CustomerHints;
  /** Network ids the customer may pay with (resolved at creation from networks or countries). */
  networks: string[];
  returnUrl?: string;
  locale?: Locale;
  metadata?: Record<string, string | number | boolean>;
  /** The hosted page. */
  url: string;
  /** No attempt starts after this (ISO). */
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  attempts: CheckoutAttempt[];
  /** The attempt that may still succeed; no other starts while it is set. */
  liveAttempt?: string;
  /** The one attempt that paid it. */
  paidPaymentId?: string;
  paidAt?: string;
  /** Paid by an attempt that succeeded after the checkout had EXPIRED or was CANCELED. */
  lateSuccess?: boolean;
  /** Attempts that succeeded after another had paid it: money to give back. */
  overpaidPaymentIds?: string[];
  /** sha256 of the validated request (idempotency), 128 bits. */
  requestHash: string;
  events: CheckoutEvent[];
  outbox?: OutboxEntry;
  notifications?: NotificationAttempt[];
}

/** A new checkout id: 20 random bytes, base32, cut to 26 characters (130 bits). */
export function newCheckoutId(): string {
  return `chk_${base32(randomBytes(20)).slice(0, 26)}`;
}

const CHECKOUT_ID = /^chk_[a-z2-7]{26}$/;

/** True when `value` has the shape of a checkout id (anything else is answered 404 unread). */
export function isCheckoutId(value: string): boolean {
  return CHECKOUT_ID.test(value);
}

/** The payments of a checkout are owned by it (their idempotency keys are scoped to it). */
export function checkoutOwner(checkoutId: string): string {
  return `checkout:${checkoutId}`;
}

/** True once no attempt may start: not OPEN, or past its expiry. */
export function isClosed(checkout: Checkout, now: Date): boolean {
  return checkout.status !== 'OPEN' || Date.parse(checkout.expiresAt) <= now.getTime();
}

/** What the merchant's server sees (GET checkouts/{id}/, notifications). */
export function toMerchantCheckout(c: Checkout) {
  return {
    id: c.id,
    status: c.status,
    amount: c.amount,
    currency: c.currency,
    orderId: c.orderId,
    ...(c.description ? { description: c.description } : {}),
    ...(c.customer ? { customer: maskedHints(c.customer) } : {}),
    networks: c.networks,
    ...(c.returnUrl ? { returnUrl: c.returnUrl } : {}),
    ...(c.locale ? { locale: c.locale } : {}),
    ...(c.metadata ? { metadata: c.metadata } : {}),
    url: c.url,
    expiresAt: c.expiresAt,
    attempts: c.attempts.map(({ paymentId, network, status, createdAt }) => ({
      paymentId,
      network,
      status,
      createdAt,
    })),
    ...(c.liveAttempt ? { liveAttemptId: c.liveAttempt } : {}),
    ...(c.paidPaymentId ? { paidPaymentId: c.paidPaymentId } : {}),
    ...(c.paidAt ? { paidAt: c.paidAt } : {}),
    ...(c.lateSuccess ? { lateSuccess: true } : {}),
    ...(c.overpaidPaymentIds?.length ? { overpaidPaymentIds: c.overpaidPaymentIds } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export type MerchantCheckout = ReturnType<typeof toMerchantCheckout>;

function maskedHints(hints: CustomerHints): CustomerHints {
  return {
    ...hints,
    ...(hints.phoneNumber ? { phoneNumber: maskPhone(hints.phoneNumber) } : {}),
  };
}
