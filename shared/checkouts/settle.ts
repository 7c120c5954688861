/**
 * What a checkout makes of its attempts' outcomes. Called with each attempt once it is final,
 * before the attempt's own notification is sent (shared/payments/transition.ts `flushOutbox`), so
 * whenever a payment's notification has left, its checkout has recorded it; and called again by
 * the reconciler when that send did not happen. Every step is idempotent:
 *
 * - a FAILED or EXPIRED attempt is recorded and, when it is the live one, frees the checkout for
 *   another (and a checkout past its expiry with nothing live is then EXPIRED);
 * - a SUCCESSFUL attempt makes the checkout PAID if no attempt has (even after it EXPIRED or was
 *   CANCELED: the money was taken), or records an overpayment if another attempt paid it first.
 *
 * Decided here, written by the store with conditions (docs/checkout.md, "Rules"): a lost race
 * re-reads the checkout and decides again.
 */
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { eventFor } from '../notifications/merchant-events.ts';
import type { Payment } from '../payments/model.ts';
import type { Checkout } from './model.ts';
import { flushCheckoutOutbox } from './notify.ts';
import * as checkouts from './store.ts';

const MAX_ROUNDS = 3;

/** The checkout still holds a notification nobody took over; a later call (the reconciler's) retries. */
export class CheckoutBusyError extends Error {
  constructor(checkoutId: string) {
    super(`Checkout ${checkoutId} has a notification not yet taken over; settling later`);
    this.name = 'CheckoutBusyError';
  }
}

/** Records a final attempt on its checkout (no-op for a payment that is no checkout's, or PENDING). */
export async function settleCheckoutAttempt(payment: Payment, now = new Date()): Promise<void> {
  if (!payment.checkoutId || payment.status === 'PENDING') return;
  let current = await checkouts.get(payment.checkoutId, { consistent: true });
  for (let round = 1; current; round++) {
    const index = current.attempts.findIndex((a) => a.paymentId === payment.id);
    if (index === -1) {
      logger.error('A payment names a checkout that does not list it', {
        paymentId: payment.id,
        checkoutId: current.id,
      });
      return;
    }
    const written = await decideAndWrite(current, index, payment, now);
    if (written !== false) return;
    if (round >= MAX_ROUNDS)
      throw new Error(`Checkout ${current.id}: settling lost ${round} races`);
    current = await checkouts.get(current.id, { consistent: true });
  }
}

/** One decision and its write: true when done (or nothing to do), false when the write lost a race. */
async function decideAndWrite(
  current: Checkout,
  index: number,
  payment: Payment,
  now: Date,
): Promise<boolean> {
  const attempt = current.attempts[index];
  if (payment.status !== 'SUCCESSFUL') {
    const recorded = attempt?.status === payment.status && current.liveAttempt !== payment.id;
    if (recorded) return true;
    const written = await checkouts.settleAttempt(current, index, payment.status, now);
    if (!written) return false;
    await closeIfExpired(written, now);
    return true;
  }
  if (current.paidPaymentId === payment.id || current.overpaidPaymentIds?.includes(payment.id)) {
    return true;
  }
  // A transition writes a notification; never over one nobody took over yet.
  if (current.outbox) throw new CheckoutBusyError(current.id);
  const change = current.paidPaymentId
    ? ({ kind: 'overpaid', index } as const)
    : ({ kind: 'paid', index } as const);
  const written = await checkouts.transition(current, change, now);
  if (!written) return false;
  if (change.kind === 'paid') {
    countMetric(eventFor('checkout', 'PAID').metric);
    logger.info('Checkout paid', {
      checkoutId: written.id,
      paymentId: payment.id,
      ...(written.lateSuccess ? { lateSuccess: true, from: current.status } : {}),
    });
  } else {
    countMetric('CheckoutOverpaid');
    logger.error('Checkout overpaid: a second attempt succeeded; refund it', {
      checkoutId: written.id,
      paymentId: payment.id,
      paidPaymentId: written.paidPaymentId,
    });
  }
  await flushAfter(written);
  return true;
}

/**
 * OPEN, past its expiry, nothing live: EXPIRED, with `checkout.expired`. No-op otherwise (or when
 * another writer moved it first). True when it expired it.
 */
export async function closeIfExpired(checkout: Checkout, now: Date): Promise<boolean> {
  if (
    checkout.status !== 'OPEN' ||
    checkout.liveAttempt ||
    Date.parse(checkout.expiresAt) > now.getTime()
  ) {
    return false;
  }
  const written = await checkouts.transition(checkout, { kind: 'closed', to: 'EXPIRED' }, now);
  if (!written) return false;
  countMetric(eventFor('checkout', 'EXPIRED').metric);
  logger.info('Checkout expired', { checkoutId: written.id });
  await flushAfter(written);
  return true;
}

/** Sends the notification just written; if that fails, the reconciler re-sends it later. */
async function flushAfter(checkout: Checkout): Promise<void> {
  try {
    await flushCheckoutOutbox(checkout);
  } catch (error) {
    logger.error('Checkout notification not queued; left in the outbox', {
      checkoutId: checkout.id,
      error,
    });
  }
}
