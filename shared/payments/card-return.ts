/**
 * The customer's way back from FeexPay's card page (FeexLink): FeexPay adds `?ref=<reference>` to
 * the return URL, the only moment we learn the reference of a card payment besides FeexPay's
 * webhook (docs/cards.md). The browser is no trusted party, so the reference counts only once
 * FeexPay's own status answer, read now, ties it to this payment (our id echoed as
 * `callback_info` or `custom_id`); then the same transition function as everywhere checks the
 * amount and moves the payment (a late success included). A reference FeexPay does not tie to the
 * payment changes nothing.
 */
import { feexPayClient } from '../feexpay/client.ts';
import { evidenceOf, sameReference } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { CARD_NETWORK_ID } from '../providers.ts';
import type { Payment } from './model.ts';
import * as payments from './store.ts';
import { applyProviderResult } from './transition.ts';

/** What a return reference may look like (the webhook's rule, shared/webhooks/payload.ts). */
export const RETURN_REFERENCE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The return never waits on FeexPay longer than this, retries included. */
export const CARD_RETURN_BUDGET_MS = 6_000;

/**
 * `payment` after its card page's return with `reference`: unchanged unless it is a card payment
 * with no reference yet and FeexPay confirms the reference is its transaction. Never throws on
 * FeexPay's account: the caller still answers what is stored.
 */
export async function confirmCardReturn(
  payment: Payment,
  reference: string,
  now = new Date(),
): Promise<Payment> {
  if (payment.network !== CARD_NETWORK_ID || !RETURN_REFERENCE.test(reference)) return payment;
  if (payment.reference) return payment; // linked already (webhook, or an earlier return)
  try {
    const client = await feexPayClient();
    const tx = await client.getStatus(reference, {
      timeoutMs: 3_000,
      signal: AbortSignal.timeout(CARD_RETURN_BUDGET_MS),
    });
    if (tx.callbackInfo !== payment.id || !sameReference(tx.reference, reference)) {
      logger.warn('Card return reference not tied to the payment by FeexPay; ignored', {
        paymentId: payment.id,
        reference,
      });
      return payment;
    }
    if (tx.status === 'PENDING') {
      await payments.linkReference(payment.id, tx.reference, 'status', now.toISOString());
      return (await payments.get(payment.id, { consistent: true })) ?? payment;
    }
    const result = await applyProviderResult(payment.id, evidenceOf(tx), 'status', { now });
    logger.info('Card return confirmed', {
      paymentId: payment.id,
      reference,
      status: result.payment.status,
      changed: result.changed,
    });
    return result.payment;
  } catch (error) {
    logger.warn('Card return could not be confirmed now; the webhook or the expiry settles it', {
      paymentId: payment.id,
      reference,
      error,
    });
    return payment;
  }
}
