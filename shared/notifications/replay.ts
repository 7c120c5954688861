/**
 * The merchant notifications a record's current state produced, rebuilt from the item with the
 * same `webhook-id` as the originals: what an operator re-sends (scripts/resend-notifications.ts,
 * the back office's "re-send" action). A merchant that processed the original drops the copy.
 */
import { type Checkout, toMerchantCheckout } from '../checkouts/model.ts';
import type { NotificationMessage, Payment } from '../payments/model.ts';
import { type Payout, toPublicPayout } from '../payouts/model.ts';
import { eventFor, paymentEvent, webhookIdOf } from './merchant-events.ts';

/** The notification the payment's current final state produced, rebuilt from the item. */
export function notificationFor(
  payment: Payment,
  toPublic: (p: Payment) => NotificationMessage['data'],
): NotificationMessage & { replay: true } {
  if (payment.status === 'PENDING') {
    throw new Error(`Payment ${payment.id} is still PENDING: there is no notification to re-send.`);
  }
  const event = paymentEvent(payment.status);
  const changed = [...payment.events]
    .reverse()
    .find((e) => e.type === 'status_changed' && e.to === payment.status);
  return {
    webhookId: webhookIdOf(payment.id, event),
    type: event.type,
    timestamp: changed?.at ?? payment.updatedAt,
    data: toPublic(payment),
    replay: true,
  };
}

/**
 * The notifications a checkout's state produced, rebuilt from the item: `checkout.completed` (PAID)
 * or `checkout.expired` (EXPIRED), then one `checkout.overpaid` per overpaying attempt.
 */
export function checkoutNotificationsFor(
  checkout: Checkout,
): (NotificationMessage & { replay: true })[] {
  const at = (predicate: (e: Checkout['events'][number]) => boolean) =>
    [...checkout.events].reverse().find(predicate)?.at ?? checkout.updatedAt;
  const data = toMerchantCheckout(checkout);
  const messages: (NotificationMessage & { replay: true })[] = [];
  if (checkout.status === 'PAID' || checkout.status === 'EXPIRED') {
    const event = eventFor('checkout', checkout.status);
    messages.push({
      webhookId: webhookIdOf(checkout.id, event),
      type: event.type,
      timestamp: at((e) => e.type === 'status_changed' && e.to === checkout.status),
      data,
      replay: true,
    });
  }
  const overpaid = eventFor('checkout', 'OVERPAID');
  for (const paymentId of checkout.overpaidPaymentIds ?? []) {
    messages.push({
      webhookId: webhookIdOf(`${checkout.id}_${paymentId}`, overpaid),
      type: overpaid.type,
      timestamp: at((e) => e.type === 'overpaid' && e.paymentId === paymentId),
      data,
      replay: true,
    });
  }
  if (messages.length === 0) {
    throw new Error(`Checkout ${checkout.id} is ${checkout.status}: it has sent no notification.`);
  }
  return messages;
}

/** The notification a payout's (or a refund's) final state produced, rebuilt from the item. */
export function payoutNotificationFor(payout: Payout): NotificationMessage & { replay: true } {
  if (payout.status === 'PENDING') {
    throw new Error(`Payout ${payout.id} is still PENDING: there is no notification to re-send.`);
  }
  const event = eventFor(payout.purpose, payout.status);
  const changed = [...payout.events]
    .reverse()
    .find((e) => e.type === 'status_changed' && e.to === payout.status);
  return {
    webhookId: webhookIdOf(payout.id, event),
    type: event.type,
    timestamp: changed?.at ?? payout.updatedAt,
    data: toPublicPayout(payout),
    replay: true,
  };
}
