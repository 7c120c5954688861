/**
 * Re-sends the merchant notification of a payment's final state, or a checkout's (its completion
 * or expiry, and each overpayment), as an operator tool (runbook in docs/webhooks.md), with the
 * same `webhook-id` as the original, so a merchant that already processed it deduplicates it. It
 * is delivered even if an earlier copy was (`replay`).
 *
 *   npm run resend-notifications -- <paymentId | checkoutId | payoutId> [--table NAME] [--queue-url URL]   (`--help`: all)
 *
 * TABLE_NAME and NOTIFICATION_QUEUE_URL (or the flags) say where; AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_SQS point it at the local stack.
 */
import { type Checkout, isCheckoutId, toMerchantCheckout } from '../shared/checkouts/model.ts';
import * as checkouts from '../shared/checkouts/store.ts';
import * as config from '../shared/config.ts';
import { eventFor, paymentEvent, webhookIdOf } from '../shared/notifications/merchant-events.ts';
import { enqueueNotification } from '../shared/notifications/notifier.ts';
import {
  type NotificationMessage,
  type Payment,
  toPublicPayment,
} from '../shared/payments/model.ts';
import * as payments from '../shared/payments/store.ts';
import { isPayoutId, type Payout, toPublicPayout } from '../shared/payouts/model.ts';
import * as payouts from '../shared/payouts/store.ts';
import { parseCommand, runMain } from './cli.ts';

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

/** A setting, or undefined when it is not set (the usage then says what is missing). */
function setting<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const spec = {
  command: 'npm run resend-notifications --',
  summary:
    "Re-sends the merchant notification of a payment's final state (or a checkout's: its completion or\nexpiry, and each overpayment; or a payout's or refund's), with the same webhook-id as the original (a merchant that processed\nit drops the copy). It is delivered even if an earlier copy was.",
  arguments: [
    {
      name: 'paymentId | checkoutId | payoutId',
      description:
        'the payment (pay_…), checkout (chk_…), payout (po_…) or refund (rf_…) whose notification to re-send',
    },
  ],
  options: {
    table: { type: 'string', placeholder: 'NAME', description: 'The table (default: TABLE_NAME).' },
    'queue-url': {
      type: 'string',
      placeholder: 'URL',
      description: 'The notification queue (default: NOTIFICATION_QUEUE_URL).',
    },
  },
  environment: [
    { name: 'TABLE_NAME', description: 'default of --table' },
    { name: 'NOTIFICATION_QUEUE_URL', description: 'default of --queue-url' },
    {
      name: 'AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS',
      description: 'the local stack (what `npm start` prints)',
    },
  ],
  examples: [
    'npm run resend-notifications -- 0e9c4b1a-5b7e-4c53-9a53-2f1f4f6f7a10',
    'npm run resend-notifications -- <paymentId> --table feexpay-local --queue-url "$NOTIFICATION_QUEUE_URL"',
  ],
  notes: 'Runbook: docs/webhooks.md, "Operator tools".',
} as const;

async function main(): Promise<void> {
  const { values, positionals, ...parsed } = parseCommand(spec);
  // Annotated so that TypeScript narrows after a call (`never`).
  const usageError: (message: string) => never = parsed.usageError;
  const id = positionals[0] as string;
  if (values.table) config.overrideConfig({ tableName: values.table });
  if (values['queue-url']) config.overrideConfig({ notificationQueueUrl: values['queue-url'] });
  const tableName = setting(() => config.tableName());
  const queueUrl = setting(() => config.notificationQueueUrl());
  if (!tableName) usageError('need --table or TABLE_NAME');
  if (!queueUrl) usageError('need --queue-url or NOTIFICATION_QUEUE_URL');
  let messages: NotificationMessage[];
  if (isPayoutId(id)) {
    const payout = await payouts.get(id, { consistent: true });
    if (!payout) throw new Error(`No payout ${id} in table ${tableName}.`);
    messages = [payoutNotificationFor(payout)];
  } else if (isCheckoutId(id)) {
    const checkout = await checkouts.get(id, { consistent: true });
    if (!checkout) throw new Error(`No checkout ${id} in table ${tableName}.`);
    messages = checkoutNotificationsFor(checkout);
  } else {
    const payment = await payments.get(id, { consistent: true });
    if (!payment) throw new Error(`No payment ${id} in table ${tableName}.`);
    messages = [notificationFor(payment, toPublicPayment)];
  }
  for (const message of messages) {
    await enqueueNotification(queueUrl, message);
    console.log(`Queued ${message.type} (webhook-id ${message.webhookId}) for ${id}.`);
  }
}

runMain(import.meta, main);
