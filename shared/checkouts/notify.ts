/**
 * A checkout's merchant notification: built from the item (its outbox envelope and, as `data`,
 * the checkout as the merchant sees it) and handed to the notification queue. The notifier's first
 * attempt takes the outbox over; the reconciler re-sends one nobody took over
 * (shared/checkouts/reconcile.ts). Safe to repeat: the notifier de-duplicates on `webhookId`.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs.ts';
import * as config from '../config.ts';
import type { NotificationMessage } from '../payments/model.ts';
import { type Checkout, toMerchantCheckout } from './model.ts';

export function checkoutNotificationOf(checkout: Checkout): NotificationMessage | undefined {
  const entry = checkout.outbox;
  if (!entry) return undefined;
  return { ...entry, data: toMerchantCheckout(checkout) };
}

export async function flushCheckoutOutbox(checkout: Checkout): Promise<void> {
  const message = checkoutNotificationOf(checkout);
  if (!message) return;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.notificationQueueUrl(),
      MessageBody: JSON.stringify(message),
    }),
  );
}
