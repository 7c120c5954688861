/**
 * When a PENDING payment stops waiting. Most wait PAYMENT_MAX_PENDING_SECONDS (default 24 h) for
 * FeexPay. A payment nobody can confirm waits only PAYMENT_UNCONFIRMED_EXPIRY_SECONDS (default
 * 5 min): its request-to-pay got no usable answer, so no FeexPay reference is stored (only a
 * webhook could still link one), or its customer never sent the code of a two-step OTP network.
 * Then it expires and can be retried; a late confirmation from FeexPay still turns it SUCCESSFUL
 * (docs/decisions.md, decisions 17 and 21; docs/payments.md, "When the initiation outcome is
 * unknown").
 *
 * The reconciler applies these ages on its schedule; the status and retry routes apply them the
 * moment a caller asks, so a customer is never told to wait for a run.
 */
import * as config from '../config.ts';
import { type FeexPayClient, feexPayClient } from '../feexpay/client.ts';
import { FeexPayNotFoundError } from '../feexpay/errors.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import type { Payment } from './model.ts';
import { applyProviderResult, expirePayment } from './transition.ts';

export interface ExpirySettings {
  /** PAYMENT_MAX_PENDING_SECONDS. */
  maxPendingSeconds: number;
  /** PAYMENT_UNCONFIRMED_EXPIRY_SECONDS. */
  unconfirmedExpirySeconds: number;
}

/** The deployed settings. */
export function expirySettings(): ExpirySettings {
  return {
    maxPendingSeconds: config.paymentMaxPendingSeconds(),
    unconfirmedExpirySeconds: config.paymentUnconfirmedExpirySeconds(),
  };
}

/** A PENDING payment nobody can confirm: no FeexPay reference, or a two-step code never sent. */
export function isUnconfirmed(payment: Pick<Payment, 'reference' | 'awaitingOtp'>): boolean {
  return !payment.reference || payment.awaitingOtp === true;
}

/** When `payment`, if still PENDING, is due to expire. */
export function expiresAt(
  payment: Pick<Payment, 'createdAt' | 'reference' | 'awaitingOtp'>,
  settings: ExpirySettings,
): Date {
  const seconds = isUnconfirmed(payment)
    ? Math.min(settings.unconfirmedExpirySeconds, settings.maxPendingSeconds)
    : settings.maxPendingSeconds;
  return new Date(Date.parse(payment.createdAt) + seconds * 1000);
}

/** True for a PENDING payment past its age (`expiresAt`). */
export function isOverdue(payment: Payment, now: Date, settings = expirySettings()): boolean {
  return payment.status === 'PENDING' && now.getTime() > expiresAt(payment, settings).getTime();
}

/** What one status read said, as expiry needs it. */
export type ReadOutcome =
  | { kind: 'answer'; tx: Awaited<ReturnType<FeexPayClient['getStatus']>> }
  /** FeexPay answered 404 for the reference (and its order id): it does not know the payment. */
  | { kind: 'unknown_at_feexpay' }
  /** No usable answer (unavailable, timeout): never expire on a guess. */
  | { kind: 'failed'; error: unknown };

/** Reads the payment's status by its reference (and `orderId`), never throwing. */
export async function readForExpiry(
  payment: Payment,
  options: { client?: FeexPayClient; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ReadOutcome> {
  try {
    const client = options.client ?? (await feexPayClient());
    const tx = await client.getStatus(payment.reference as string, {
      ...(payment.orderId ? { orderId: payment.orderId } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { kind: 'answer', tx };
  } catch (error) {
    if (error instanceof FeexPayNotFoundError) {
      logger.warn('FeexPay does not know the payment’s reference', {
        paymentId: payment.id,
        reference: payment.reference,
        orderId: payment.orderId,
      });
      return { kind: 'unknown_at_feexpay' };
    }
    return { kind: 'failed', error };
  }
}

/**
 * Expires `payment` now if it is PENDING and past its age: after one last status read when it
 * has a reference (a success, or a failure, FeexPay reports then wins; an unreachable FeexPay
 * means no expiry yet). Returns the payment as it then stands.
 */
export async function expireIfOverdue(
  payment: Payment,
  now: Date,
  source: 'status' | 'retry' | 'reconciler',
  read: () => Promise<ReadOutcome> = () => readForExpiry(payment),
): Promise<Payment> {
  if (!isOverdue(payment, now)) return payment;
  if (payment.reference) {
    const outcome = await read();
    if (outcome.kind === 'failed') return payment;
    if (outcome.kind === 'answer' && outcome.tx.status !== 'PENDING') {
      const result = await applyProviderResult(payment.id, evidenceOf(outcome.tx), source, {
        current: payment,
        now,
      });
      if (result.payment.status !== 'PENDING') return result.payment;
    }
  }
  const result = await expirePayment(payment.id, now, source);
  if (result.changed) logger.info('Payment expired', { paymentId: payment.id, source });
  return result.payment;
}
