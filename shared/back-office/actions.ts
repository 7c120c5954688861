/**
 * What an operator can do from the back office, each recorded with their name (their token's
 * `sub`) where the record keeps its history (docs/back-office.md, "Actions"):
 *
 * - re-send a settled payment's merchant notification, with its original `webhook-id` (the
 *   operator tool's rebuild, shared/notifications/replay.ts), audited as an `operator_action`
 *   event on the payment;
 * - cancel an open checkout (the merchant's own cancellation, shared/checkouts/read.ts), audited
 *   on the checkout's `status_changed` event.
 *
 * - refund a SUCCESSFUL payment (the merchant's own refund, shared/payouts/create.ts), audited
 *   as an `operator_action` event naming the refund, written before the refund is asked for.
 */
import { cancelCheckout } from '../checkouts/read.ts';
import * as checkouts from '../checkouts/store.ts';
import * as config from '../config.ts';
import { ConflictError } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import { logger } from '../logger.ts';
import { enqueueNotification } from '../notifications/notifier.ts';
import { notificationFor } from '../notifications/replay.ts';
import { type Payment, toPublicPayment } from '../payments/model.ts';
import * as payments from '../payments/store.ts';
import { createRefund } from '../payouts/create.ts';
import {
  CARD_REFUND_HOWTO,
  isCardPayment,
  paymentNotFound,
  paymentNotRefundable,
  refundExceedsRemaining,
  refundNotSupported,
} from '../payouts/errors.ts';
import { payoutIdFor } from '../payouts/model.ts';
import type { OperatorRefundBody } from './schemas.ts';

export interface ResendOutcome {
  paymentId: string;
  webhookId: string;
  type: string;
  operator: string;
  at: string;
}

export async function resendNotification(
  id: string,
  operator: string,
  now = new Date(),
): Promise<ResendOutcome> {
  const payment = await payments.get(id, { consistent: true });
  if (!payment) throw paymentNotFound(id);
  if (payment.status === 'PENDING') {
    throw new ConflictError(
      {
        fr: `Le paiement ${id} est encore PENDING : il n’a envoyé aucune notification.`,
        en: `Payment ${id} is still PENDING: it has sent no notification yet.`,
      },
      { code: 'payment_pending', ids: { paymentId: id } },
    );
  }
  const message = notificationFor(payment, toPublicPayment);
  const at = now.toISOString();
  // The audit entry first: a re-send that is not recorded must not happen.
  await payments.recordOperatorAction(id, { operator, action: 'resend_notification', at });
  await enqueueNotification(config.notificationQueueUrl(), message);
  logger.info('Operator re-sent a notification', { paymentId: id, operator, type: message.type });
  return { paymentId: id, webhookId: message.webhookId, type: message.type, operator, at };
}

export async function cancelCheckoutAsOperator(id: string, operator: string, now = new Date()) {
  const checkout = await cancelCheckout(id, now, { operator });
  logger.info('Operator cancelled a checkout', { checkoutId: id, operator });
  return checkout;
}

/**
 * Whose refund an operator's is: the merchant of the payment's checkout, or else the payment's
 * owner (who started it). Its id derives from that and the Idempotency-Key, as a merchant's
 * refund's does (docs/back-office.md, "Refunds").
 */
async function refundOwner(payment: Payment): Promise<string> {
  if (!payment.checkoutId) return payment.ownerId;
  const checkout = await checkouts.get(payment.checkoutId);
  return checkout?.merchantId ?? payment.ownerId;
}

export interface OperatorRefundInput {
  paymentId: string;
  operator: string;
  idempotencyKey: string;
  body: OperatorRefundBody;
  remainingTimeMs?: number | undefined;
  now?: Date;
}

/**
 * Refunds a payment for an operator: the checks a caller can fix answered first (nothing
 * recorded), then the audit entry naming the operator and the refund's id (once per refund, so
 * the page's retry with the same key adds none), then the merchant's refund itself.
 */
export async function refundAsOperator(input: OperatorRefundInput): Promise<HttpResult> {
  const { paymentId, operator, idempotencyKey, body } = input;
  const now = input.now ?? new Date();
  const payment = await payments.get(paymentId, { consistent: true });
  if (!payment) throw paymentNotFound(paymentId);
  if (isCardPayment(payment)) throw refundNotSupported(paymentId, CARD_REFUND_HOWTO);
  if (payment.status !== 'SUCCESSFUL') throw paymentNotRefundable(paymentId, payment.status);
  const remaining = payment.amount - (payment.amountReserved ?? 0);
  const merchantId = await refundOwner(payment);
  const refundId = payoutIdFor('refund', merchantId, idempotencyKey);
  const audited = payment.events.some(
    (e) => e.type === 'operator_action' && e.refundId === refundId,
  );
  if (!audited) {
    if ((body.amount ?? remaining) > remaining || remaining <= 0) {
      throw refundExceedsRemaining(paymentId, Math.max(0, remaining), payment.currency);
    }
    await payments.recordOperatorAction(paymentId, {
      operator,
      action: 'refund',
      at: now.toISOString(),
      refundId,
    });
  }
  const result = await createRefund({
    merchantId,
    idempotencyKey,
    paymentId,
    body: { ...body, metadata: { refundedBy: operator } },
    remainingTimeMs: input.remainingTimeMs,
    now,
  });
  logger.info('Operator refunded a payment', { paymentId, refundId, operator });
  return result;
}
