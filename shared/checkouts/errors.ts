/**
 * The conflicts a checkout answers (409 problem+json), each naming the checkout or the payment it
 * is about as a field (`checkoutId`, `paymentId`), so a caller reads the id without parsing prose.
 * What each means for a caller: shared/api/problems.docs.ts.
 */
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Checkout } from './model.ts';

export function checkoutNotFound(id: string): NotFoundError {
  return new NotFoundError(`No checkout ${id}.`);
}

/** Another OPEN checkout holds the order. */
export function orderHasOpenCheckout(orderId: string, checkoutId?: string): ConflictError {
  return new ConflictError(
    `Order ${orderId} already has an OPEN checkout${checkoutId ? `: ${checkoutId}` : ''}. Send the customer to its url, or cancel it first.`,
    { code: 'checkout_exists', ids: checkoutId ? { checkoutId } : {} },
  );
}

/** A checkout of the order is PAID: the order is paid, no other checkout may take money for it. */
export function orderPaid(orderId: string, checkoutId: string): ConflictError {
  return new ConflictError(`Order ${orderId} is paid, by checkout ${checkoutId}.`, {
    code: 'order_paid',
    ids: { checkoutId },
  });
}

/** An attempt is live: no other may start (and the checkout may not be cancelled) until it ends. */
export function attemptInProgress(checkoutId: string, paymentId?: string): ConflictError {
  return new ConflictError(
    `Checkout ${checkoutId} has an attempt in progress${paymentId ? `: ${paymentId}` : ''}. Wait until it succeeds or fails.`,
    { code: 'attempt_in_progress', ids: { checkoutId, ...(paymentId ? { paymentId } : {}) } },
  );
}

/** The checkout takes no attempt (or cancellation) any more: PAID, CANCELED or expired. */
export function checkoutClosed(checkout: Checkout): ConflictError {
  const ids = { checkoutId: checkout.id };
  if (checkout.status === 'PAID') {
    return new ConflictError(`Checkout ${checkout.id} is paid.`, {
      code: 'checkout_paid',
      ids: { ...ids, ...(checkout.paidPaymentId ? { paymentId: checkout.paidPaymentId } : {}) },
    });
  }
  if (checkout.status === 'CANCELED') {
    return new ConflictError(`Checkout ${checkout.id} was cancelled.`, {
      code: 'checkout_canceled',
      ids,
    });
  }
  const at = checkout.status === 'EXPIRED' ? '' : ` at ${checkout.expiresAt}`;
  return new ConflictError(`Checkout ${checkout.id} expired${at}.`, {
    code: 'checkout_expired',
    ids,
  });
}

/** Every attempt the checkout allows was used. */
export function tooManyAttempts(checkoutId: string, max: number): ConflictError {
  return new ConflictError(`Checkout ${checkoutId} took ${max} attempts; it takes no more.`, {
    code: 'too_many_attempts',
    ids: { checkoutId },
  });
}
