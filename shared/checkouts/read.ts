/**
 * Reading a checkout: the merchant's view (GET checkouts/{id}/), the customer's (GET
 * checkouts/{id}/public/ and the hosted page), and the merchant's cancellation, which is a read
 * that may close it. A checkout past its expiry with nothing live is expired on read (one
 * conditional write), so every route tells the same story as the pay route. An unknown id, or one
 * that is not a checkout id at all, is a 404.
 */

import { confirmCardReturn } from '../payments/card-return.ts';
import { type FailureCode, failureCodeOf } from '../payments/failure-codes.ts';
import { IN_FLIGHT_LEASE_SECONDS } from '../payments/idempotency.ts';
import { type Payment, type PublicPayment, toPublicPayment } from '../payments/model.ts';
import { refreshed } from '../payments/status.ts';
import * as payments from '../payments/store.ts';
import { attemptInProgress, checkoutClosed, checkoutNotFound } from './errors.ts';
import { type Checkout, isCheckoutId, toMerchantCheckout } from './model.ts';
import { closeIfExpired, settleCheckoutAttempt } from './settle.ts';
import * as checkouts from './store.ts';

/** The checkout, expired first if its time ran out with nothing live. */
export async function loadCheckout(
  id: string,
  now: Date,
  options: { consistent?: boolean } = {},
): Promise<Checkout> {
  const checkout = isCheckoutId(id) ? await checkouts.get(id, options) : undefined;
  if (!checkout) throw checkoutNotFound(id);
  if (await closeIfExpired(checkout, now)) {
    return (await checkouts.get(id, { consistent: true })) ?? checkout;
  }
  return checkout;
}

export async function merchantCheckout(id: string, now = new Date()) {
  return toMerchantCheckout(await loadCheckout(id, now));
}

/**
 * An attempt as the customer sees it, from the payment as the API shows it (its number masked):
 * the outcome (why it failed, as a code the page explains in the customer's language), where to
 * approve it (redirect networks), and whether FeexPay waits for the code it sent (two-step OTP).
 */
export function attemptView(payment: PublicPayment) {
  return {
    id: payment.id,
    status: payment.status,
    network: payment.network,
    phoneNumber: payment.phoneNumber,
    ...(payment.paymentUrl && payment.status === 'PENDING'
      ? { paymentUrl: payment.paymentUrl }
      : {}),
    ...(payment.awaitingOtp && payment.status === 'PENDING' ? { awaitingOtp: true as const } : {}),
    ...(payment.status === 'FAILED' || payment.status === 'EXPIRED'
      ? { failureCode: failureCodeOfAttempt(payment) }
      : {}),
  };
}

/** Why an attempt did not pay: its failure code (an EXPIRED attempt was not confirmed in time). */
function failureCodeOfAttempt(payment: PublicPayment): FailureCode {
  if (payment.status === 'EXPIRED') return 'timeout';
  return payment.failureCode ?? failureCodeOf(payment.failureReason);
}

export type AttemptView = ReturnType<typeof attemptView>;

/**
 * What the customer sees (public: the id is the capability): the amount, currency, description,
 * status, networks, expiry, and the latest attempt (the live one, or the one that just ended, so
 * the page can say why), refreshed from FeexPay while it is PENDING; with `cardReturnRef`, a card
 * attempt is first confirmed by the reference its payer came back with.
 */
export async function customerCheckout(id: string, now = new Date(), cardReturnRef?: string) {
  let checkout = await loadCheckout(id, now);
  const latest = checkout.attempts.at(-1);
  let attempt: Payment | undefined;
  if (latest) {
    let stored = await payments.get(latest.paymentId);
    // The page passes on the `ref` FeexPay's card page sent the customer back with (docs/cards.md).
    if (stored && cardReturnRef) stored = await confirmCardReturn(stored, cardReturnRef, now);
    attempt = stored && (await refreshed(stored, now));
    // The refresh settled it (and its checkout) just now: tell the story as it is now.
    if (attempt && attempt.status !== latest.status) {
      checkout = (await checkouts.get(id, { consistent: true })) ?? checkout;
    }
  }
  return { checkout, attempt };
}

/** The customer's view as the public route answers it. */
export function publicView(checkout: Checkout, attempt: Payment | undefined) {
  return {
    id: checkout.id,
    status: checkout.status,
    amount: checkout.amount,
    currency: checkout.currency,
    ...(checkout.description ? { description: checkout.description } : {}),
    networks: checkout.networks,
    expiresAt: checkout.expiresAt,
    ...(attempt ? { attempt: attemptView(toPublicPayment(attempt)) } : {}),
  };
}

export type PublicCheckout = ReturnType<typeof publicView>;

/**
 * POST checkouts/{id}/cancel/: OPEN → CANCELED while no attempt is live (a live attempt found over
 * is recorded first). Cancelling a CANCELED checkout answers it again; a PAID or EXPIRED one is 409.
 */
export async function cancelCheckout(
  id: string,
  now = new Date(),
  options: { operator?: string } = {},
) {
  let current = await loadCheckout(id, now, { consistent: true });
  for (let round = 1; ; round++) {
    if (current.status === 'CANCELED') return toMerchantCheckout(current);
    if (current.status !== 'OPEN') throw checkoutClosed(current);
    if (current.liveAttempt) await endedOrThrow(current, current.liveAttempt, now);
    else {
      const change = { kind: 'closed', to: 'CANCELED', ...options } as const;
      const written = await checkouts.transition(current, change, now);
      if (written) return toMerchantCheckout(written);
    }
    if (round >= 3) throw attemptInProgress(id, current.liveAttempt ?? '');
    current = await loadCheckout(id, now, { consistent: true });
  }
}

/**
 * The checkout's live attempt `paymentId`: throws 409 `attempt_in_progress` while it may still
 * succeed (PENDING, or claimed and not created yet within the in-flight lease); otherwise records
 * its outcome on the checkout (which frees it, or pays it).
 */
export async function endedOrThrow(
  checkout: Checkout,
  paymentId: string,
  now: Date,
): Promise<void> {
  const payment = await payments.get(paymentId, { consistent: true });
  if (!payment) {
    const claimedAt = Date.parse(
      checkout.attempts.find((a) => a.paymentId === paymentId)?.createdAt ?? '',
    );
    const ageMs = Number.isNaN(claimedAt) ? Number.POSITIVE_INFINITY : now.getTime() - claimedAt;
    if (ageMs < IN_FLIGHT_LEASE_SECONDS * 1000) throw attemptInProgress(checkout.id, paymentId);
    // Claimed by a request that died before creating the payment: nothing was sent to FeexPay.
    await checkouts.settleAttempt(
      checkout,
      checkout.attempts.findIndex((a) => a.paymentId === paymentId),
      'FAILED',
      now,
    );
    return;
  }
  if (payment.status === 'PENDING') throw attemptInProgress(checkout.id, paymentId);
  await settleCheckoutAttempt(payment, now);
}
