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
 * Refunds: the back office's third action comes with refunds (docs/back-office.md, "Refunds").
 */
import { cancelCheckout } from '../checkouts/read.ts';
import * as config from '../config.ts';
import { ConflictError } from '../errors.ts';
import { logger } from '../logger.ts';
import { enqueueNotification } from '../notifications/notifier.ts';
import { notificationFor } from '../notifications/replay.ts';
import { toPublicPayment } from '../payments/model.ts';
import * as payments from '../payments/store.ts';
import { paymentNotFound } from '../payouts/errors.ts';

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
