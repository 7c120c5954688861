/**
 * Re-sends the merchant notification of a payment's final state (operator tool; runbook in
 * docs/webhooks.md), with the same `webhook-id` as the original, so a merchant that already
 * processed it deduplicates it. It is delivered even if an earlier copy was (`replay`).
 *
 *   npm run resend-notifications -- <paymentId> [--table NAME] [--queue-url URL]   (`--help`: all)
 *
 * TABLE_NAME and NOTIFICATION_QUEUE_URL (or the flags) say where; AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_SQS point it at the local stack.
 */
import * as config from '../shared/config.ts';
import { paymentEvent, webhookIdOf } from '../shared/notifications/merchant-events.ts';
import { enqueueNotification } from '../shared/notifications/notifier.ts';
import {
  type NotificationMessage,
  type Payment,
  toPublicPayment,
} from '../shared/payments/model.ts';
import * as payments from '../shared/payments/store.ts';
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
    "Re-sends the merchant notification of a payment's final state, with the same webhook-id as the\noriginal (a merchant that processed it drops the copy). It is delivered even if an earlier copy was.",
  arguments: [{ name: 'paymentId', description: 'the payment whose notification to re-send' }],
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
  const paymentId = positionals[0] as string;
  if (values.table) config.overrideConfig({ tableName: values.table });
  if (values['queue-url']) config.overrideConfig({ notificationQueueUrl: values['queue-url'] });
  const tableName = setting(() => config.tableName());
  const queueUrl = setting(() => config.notificationQueueUrl());
  if (!tableName) usageError('need --table or TABLE_NAME');
  if (!queueUrl) usageError('need --queue-url or NOTIFICATION_QUEUE_URL');
  const payment = await payments.get(paymentId, { consistent: true });
  if (!payment) throw new Error(`No payment ${paymentId} in table ${tableName}.`);
  const message = notificationFor(payment, toPublicPayment);
  await enqueueNotification(queueUrl, message);
  console.log(`Queued ${message.type} (webhook-id ${message.webhookId}) for ${paymentId}.`);
}

runMain(import.meta, main);
