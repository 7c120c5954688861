/**
 * Re-sends the merchant notification of a payment's final state (operator tool; runbook in
 * docs/webhooks.md), with the same `webhook-id` as the original, so a merchant that already
 * processed it deduplicates it. It is delivered even if an earlier copy was (`replay`).
 *
 *   npm run resend-notifications -- <paymentId> [--table NAME] [--queue-url URL]
 *
 * TABLE_NAME and NOTIFICATION_QUEUE_URL (or the flags) say where; AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_SQS point it at the local stack.
 */
import { parseArgs } from 'node:util';
import * as config from '../shared/config.ts';
import { paymentEvent, webhookIdOf } from '../shared/notifications/merchant-events.ts';
import { enqueueNotification } from '../shared/notifications/notifier.ts';
import {
  type NotificationMessage,
  type Payment,
  toPublicPayment,
} from '../shared/payments/model.ts';
import * as payments from '../shared/payments/store.ts';

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

/** A setting, or undefined when it is not set (the usage then says what is missing). */
function setting<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      'queue-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usage =
    'Usage: npm run resend-notifications -- <paymentId> [--table NAME] [--queue-url URL]\n' +
    '(or set TABLE_NAME and NOTIFICATION_QUEUE_URL)';
  if (values.help) {
    console.log(usage);
    return;
  }
  const paymentId = positionals[0];
  if (values.table) config.overrideConfig({ tableName: values.table });
  if (values['queue-url']) config.overrideConfig({ notificationQueueUrl: values['queue-url'] });
  const tableName = setting(() => config.tableName());
  const queueUrl = setting(() => config.notificationQueueUrl());
  if (!paymentId || !tableName || !queueUrl) {
    console.error(usage);
    process.exit(2);
  }
  const payment = await payments.get(paymentId, { consistent: true });
  if (!payment) throw new Error(`No payment ${paymentId} in table ${tableName}.`);
  const message = notificationFor(payment, toPublicPayment);
  await enqueueNotification(queueUrl, message);
  console.log(`Queued ${message.type} (webhook-id ${message.webhookId}) for ${paymentId}.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
