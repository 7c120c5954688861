/**
 * GET {id}/status/: the owner's view of one payment. A settled payment costs one GetItem. While it
 * is PENDING and FeexPay was last asked more than PAYMENT_STATUS_REFRESH_SECONDS ago, one caller
 * (the one whose conditional claim wins) asks FeexPay and applies the answer through the
 * transition function; everyone else gets the stored state.
 */

import * as config from '../config.ts';
import { NotFoundError } from '../errors.ts';
import { feexPayClient } from '../feexpay/client.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { type Payment, type PublicPayment, toPublicPayment } from './model.ts';
import * as payments from './store.ts';
import { applyProviderResult } from './transition.ts';

/** The status route never waits on FeexPay longer than this, retries included. */
export const REFRESH_BUDGET_MS = 6_000;

/** The payment if the caller owns it; someone else's payment is as missing as a missing one. */
export async function getOwnedPayment(
  userId: string,
  id: string,
  options: { consistent?: boolean } = {},
): Promise<Payment> {
  const payment = await payments.get(id, options);
  if (!payment || payment.ownerId !== userId) {
    throw new NotFoundError(`No payment ${id}.`);
  }
  return payment;
}

export async function getPaymentStatus(
  userId: string,
  id: string,
  now = new Date(),
): Promise<PublicPayment> {
  const payment = await getOwnedPayment(userId, id);
  if (!needsRefresh(payment, now)) return toPublicPayment(payment);
  return toPublicPayment(await refresh(payment, now));
}

function needsRefresh(payment: Payment, now: Date): boolean {
  // Without a reference (initiation outcome unknown) there is nothing to ask FeexPay about:
  // the webhook (linked through callback_info) or the expiry settles it.
  if (payment.status !== 'PENDING' || !payment.reference) return false;
  if (!payment.lastCheckedAt) return true;
  return (
    now.getTime() - Date.parse(payment.lastCheckedAt) > config.paymentStatusRefreshSeconds() * 1000
  );
}

async function refresh(payment: Payment, now: Date): Promise<Payment> {
  const reference = payment.reference as string;
  const threshold = new Date(now.getTime() - config.paymentStatusRefreshSeconds() * 1000);
  if (!(await payments.claimRefresh(payment.id, now, threshold))) return payment;
  try {
    const client = await feexPayClient();
    const tx = await client.getStatus(reference, {
      timeoutMs: 3_000,
      signal: AbortSignal.timeout(REFRESH_BUDGET_MS),
    });
    const result = await applyProviderResult(payment.id, evidenceOf(tx), 'status', {
      current: { ...payment, lastCheckedAt: now.toISOString() },
    });
    return result.payment;
  } catch (error) {
    // The caller still gets an answer: the state we have. The next read (or the reconciler) retries.
    logger.warn('Status refresh from FeexPay failed; answering the stored state', {
      paymentId: payment.id,
      reference,
      error,
    });
    return payment;
  }
}
