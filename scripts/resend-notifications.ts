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
import { isCheckoutId } from '../shared/checkouts/model.ts';
import * as checkouts from '../shared/checkouts/store.ts';
import * as config from '../shared/config.ts';
import { enqueueNotification } from '../shared/notifications/notifier.ts';
import {
  checkoutNotificationsFor,
  notificationFor,
  payoutNotificationFor,
} from '../shared/notifications/replay.ts';
import { type NotificationMessage, toPublicPayment } from '../shared/payments/model.ts';
import * as payments from '../shared/payments/store.ts';
import { isPayoutId } from '../shared/payouts/model.ts';
import * as payouts from '../shared/payouts/store.ts';
import { parseCommand, runMain } from './cli.ts';

// Where the rebuilding lives now; kept importable from here.
export { checkoutNotificationsFor, notificationFor, payoutNotificationFor };

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
