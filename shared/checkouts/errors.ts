/**
 * The conflicts a checkout answers (409 problem+json), each naming the checkout or the payment it
 * is about as a field (`checkoutId`, `paymentId`), so a caller reads the id without parsing prose.
 * What each means for a caller: shared/api/problems.docs.ts.
 */
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Checkout } from './model.ts';

export function checkoutNotFound(id: string): NotFoundError {
  return new NotFoundError({ fr: `Aucun paiement en ligne ${id}.`, en: `No checkout ${id}.` });
}

/** Another OPEN checkout holds the order. */
export function orderHasOpenCheckout(orderId: string, checkoutId?: string): ConflictError {
  const which = checkoutId ? ` : ${checkoutId}` : '';
  return new ConflictError(
    {
      fr: `La commande ${orderId} a déjà un paiement en ligne OPEN${which}. Envoyez le client vers son url, ou annulez-le d’abord.`,
      en: `Order ${orderId} already has an OPEN checkout${checkoutId ? `: ${checkoutId}` : ''}. Send the customer to its url, or cancel it first.`,
    },
    { code: 'checkout_exists', ids: checkoutId ? { checkoutId } : {} },
  );
}

/** A checkout of the order is PAID: the order is paid, no other checkout may take money for it. */
export function orderPaid(orderId: string, checkoutId: string): ConflictError {
  return new ConflictError(
    {
      fr: `La commande ${orderId} est payée, par le paiement en ligne ${checkoutId}.`,
      en: `Order ${orderId} is paid, by checkout ${checkoutId}.`,
    },
    {
      code: 'order_paid',
      ids: { checkoutId },
    },
  );
}

/** An attempt is live: no other may start (and the checkout may not be cancelled) until it ends. */
export function attemptInProgress(checkoutId: string, paymentId?: string): ConflictError {
  return new ConflictError(
    {
      fr: `Le paiement en ligne ${checkoutId} a une tentative en cours${paymentId ? ` : ${paymentId}` : ''}. Attendez qu’elle réussisse ou échoue.`,
      en: `Checkout ${checkoutId} has an attempt in progress${paymentId ? `: ${paymentId}` : ''}. Wait until it succeeds or fails.`,
    },
    {
      code: 'attempt_in_progress',
      // `paymentId` as before; `activeAttempt` as every problem names a live attempt.
      ids: { checkoutId, ...(paymentId ? { paymentId, activeAttempt: paymentId } : {}) },
    },
  );
}

/** The checkout takes no attempt (or cancellation) any more: PAID, CANCELED or expired. */
export function checkoutClosed(checkout: Checkout): ConflictError {
  const ids = { checkoutId: checkout.id };
  if (checkout.status === 'PAID') {
    return new ConflictError(
      {
        fr: `Le paiement en ligne ${checkout.id} est payé.`,
        en: `Checkout ${checkout.id} is paid.`,
      },
      {
        code: 'checkout_paid',
        ids: { ...ids, ...(checkout.paidPaymentId ? { paymentId: checkout.paidPaymentId } : {}) },
      },
    );
  }
  if (checkout.status === 'CANCELED') {
    return new ConflictError(
      {
        fr: `Le paiement en ligne ${checkout.id} a été annulé.`,
        en: `Checkout ${checkout.id} was cancelled.`,
      },
      {
        code: 'checkout_canceled',
        ids,
      },
    );
  }
  const at = checkout.status === 'EXPIRED' ? '' : ` at ${checkout.expiresAt}`;
  const le = checkout.status === 'EXPIRED' ? '' : ` le ${checkout.expiresAt}`;
  return new ConflictError(
    {
      fr: `Le paiement en ligne ${checkout.id} a expiré${le}.`,
      en: `Checkout ${checkout.id} expired${at}.`,
    },
    {
      code: 'checkout_expired',
      ids,
    },
  );
}

/** Every attempt the checkout allows was used. */
export function tooManyAttempts(checkoutId: string, max: number): ConflictError {
  return new ConflictError(
    {
      fr: `Le paiement en ligne ${checkoutId} a reçu ${max} tentatives ; il n’en accepte plus.`,
      en: `Checkout ${checkoutId} took ${max} attempts; it takes no more.`,
    },
    {
      code: 'too_many_attempts',
      ids: { checkoutId },
    },
  );
}
