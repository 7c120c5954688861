/**
 * GET {id}/status/: the owner's view of one payment. A settled payment costs one GetItem. While it
 * is PENDING and FeexPay was last asked more than PAYMENT_STATUS_REFRESH_SECONDS ago, one caller
 * (the one whose conditional claim wins) asks FeexPay and applies the answer through the
 * transition function; everyone else gets the stored state. A PENDING payment past its age
 * (shared/payments/expiry.ts) expires on the read that finds it so.
 */

import * as config from '../config.ts';
import { NotFoundError } from '../errors.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { confirmCardReturn } from './card-return.ts';
import { expireIfOverdue, readForExpiry } from './expiry.ts';
import { type Payment, type PublicPayment, toPublicPayment } from './model.ts';
import * as payments from './store.ts';
import { applyProviderResult } from './transition.ts';

/** The status route never waits on FeexPay longer than this, retries included. */
export const REFRESH_BUDGET_MS = 6_000;

function noPayment(id: string): NotFoundError {
  return new NotFoundError({ fr: `Aucun paiement ${id}.`, en: `No payment ${id}.` });
}

/** The payment if the caller owns it; someone else's payment is as missing as a missing one. */
export async function getOwnedPayment(
  userId: string,
  id: string,
  options: { consistent?: boolean } = {},
): Promise<Payment> {
  const payment = await payments.get(id, options);
  if (!payment || payment.ownerId !== userId) {
    throw noPayment(id);
  }
  return payment;
}

export async function getPaymentStatus(
  userId: string,
  id: string,
  now = new Date(),
  cardReturnRef?: string,
): Promise<PublicPayment> {
  const stored = await getOwnedPayment(userId, id);
  // A card payer back from FeexPay's card page with `?ref=` (docs/cards.md).
  const payment = cardReturnRef ? await confirmCardReturn(stored, cardReturnRef, now) : stored;
  return toPublicPayment(await refreshed(payment, now));
}

/** GET payments/{id}/ (merchant scope): any payment of the deployment, refreshed while PENDING. */
export async function getAnyPayment(id: string, now = new Date()): Promise<PublicPayment> {
  const payment = await payments.get(id);
  if (!payment) throw noPayment(id);
  return toPublicPayment(await refreshed(payment, now));
}

/**
 * The payment as it stands: a PENDING one is refreshed from FeexPay first when it has a reference
 * and was last asked more than PAYMENT_STATUS_REFRESH_SECONDS ago (one refresh in flight per
 * payment), or expired when it has none and is past its age. The status route, the merchant's read
 * and a checkout's public view use it.
 */
export async function refreshed(payment: Payment, now = new Date()): Promise<Payment> {
  if (payment.status !== 'PENDING') return payment;
  if (!payment.reference) {
    // Nothing to ask FeexPay about: the webhook (linked through callback_info) or the expiry
    // settles it; past its short age it expires now, so the customer may retry at once.
    return expireIfOverdue(payment, now, 'status');
  }
  return needsRefresh(payment, now) ? refresh(payment, now) : payment;
}

function needsRefresh(payment: Payment, now: Date): boolean {
  if (!payment.lastCheckedAt) return true;
  return (
    now.getTime() - Date.parse(payment.lastCheckedAt) > config.paymentStatusRefreshSeconds() * 1000
  );
}

/**
 * The claimed refresh: one status read, its answer applied; a payment FeexPay still reports
 * PENDING (or does not know) that is past its age expires.
 */
async function refresh(payment: Payment, now: Date): Promise<Payment> {
  const threshold = new Date(now.getTime() - config.paymentStatusRefreshSeconds() * 1000);
  if (!(await payments.claimRefresh(payment.id, now, threshold))) return payment;
  const current = { ...payment, lastCheckedAt: now.toISOString() };
  const outcome = await readForExpiry(current, {
    timeoutMs: 3_000,
    signal: AbortSignal.timeout(REFRESH_BUDGET_MS),
  });
  try {
    if (outcome.kind === 'failed') {
      // The caller still gets an answer: the state we have. The next read (or the reconciler) retries.
      logger.warn('Status refresh from FeexPay failed; answering the stored state', {
        paymentId: payment.id,
        reference: payment.reference,
        error: outcome.error,
      });
      return payment;
    }
    if (outcome.kind === 'answer' && outcome.tx.status !== 'PENDING') {
      const result = await applyProviderResult(payment.id, evidenceOf(outcome.tx), 'status', {
        current,
      });
      return result.payment;
    }
    return await expireIfOverdue(current, now, 'status', async () => outcome);
  } catch (error) {
    logger.warn('Status refresh could not apply FeexPay’s answer; answering the stored state', {
      paymentId: payment.id,
      error,
    });
    return payment;
  }
}
