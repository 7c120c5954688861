/**
 * When the reconciler looks at a payment again: PENDING payments with per-payment backoff, and
 * EXPIRED ones on the late-success watch.
 */
import type { Payment } from '../payments/model.ts';
import type { OutboxTakeOver } from '../payments/store.ts';

/**
 * A PENDING payment is first checked about a minute after creation (the webhook usually settles
 * it first), then after 30 s, 1 min, 2 min, 5 min, 10 min, and every 30 min from then on until it
 * settles or expires.
 */
export const PENDING_CHECK_BACKOFF_SECONDS: readonly number[] = [30, 60, 120, 300, 600, 1800];

/**
 * An EXPIRED payment is re-checked a few more times, in case FeexPay confirms the payment late
 * (a late success wins: money taken is never lost from the books): after 5 min, 1 h, 6 h, 24 h and
 * 72 h; then it leaves the watch.
 */
export const EXPIRED_RECHECK_SECONDS: readonly number[] = [300, 3600, 21600, 86400, 259200];

/** Delay before check number `attempt + 1` (0-based), the last value repeating. */
export function nextCheckDelaySeconds(
  attempt: number,
  schedule = PENDING_CHECK_BACKOFF_SECONDS,
): number {
  const last = schedule[schedule.length - 1] ?? 1800;
  return schedule[Math.max(0, attempt)] ?? last;
}

/** First late-success re-check of a payment expired at `expiredAt` (ISO). */
export function recheckStart(expiredAt: string): Date {
  return new Date(Date.parse(expiredAt) + (EXPIRED_RECHECK_SECONDS[0] ?? 300) * 1000);
}

/**
 * How `payment`'s outbox is taken over, by the notifier's first attempt or the reconciler's
 * re-send: an expiry joins the late-success watch, counted from the expiry. Undefined without an
 * outbox.
 */
export function outboxTakeOver(payment: Payment): OutboxTakeOver | undefined {
  if (!payment.outbox) return undefined;
  return {
    webhookId: payment.outbox.webhookId,
    ...(payment.status === 'EXPIRED' ? { recheckAt: recheckStart(payment.updatedAt) } : {}),
  };
}
