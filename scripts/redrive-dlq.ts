/**
 * Moves messages from a queue's DLQ back to the queue (operator tool; runbook in docs/webhooks.md).
 *
 *   npm run redrive -- <webhook|notification> [--max N] [--queue-url URL] [--dlq-url URL]
 *
 * URLs come from the flags, else from `<QUEUE>_QUEUE_URL` and `<QUEUE>_DLQ_URL` in the environment
 * (deployed: the stack outputs; local: what `npm start` prints). Uses receive/send/delete rather than
 * SQS's StartMessageMoveTask so it also works against the local SQS emulator; AWS_ENDPOINT_URL_SQS
 * points it at the emulator.
 *
 * Notification messages that had exhausted their retries get a fresh retry schedule (their
 * `attempt`, `notBefore` and `exhausted` fields are dropped); the webhook-id stays the same, so
 * merchants still deduplicate.
 */
import { parseArgs } from 'node:util';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

const QUEUES = ['webhook', 'notification'] as const;

/** A DLQ message body made ready for another round on its source queue. */
export function prepareForRedrive(body: string): string {
  try {
    const value = JSON.parse(body) as Record<string, unknown>;
    if (typeof value !== 'object' || value === null || !('webhookId' in value)) return body;
    const { attempt: _a, notBefore: _n, exhausted: _e, ...rest } = value;
    return JSON.stringify(rest);
  } catch {
    return body;
  }
}

/** Moves up to `max` messages; returns how many moved. */
export async function redrive(
  sqs: SQSClient,
  dlqUrl: string,
  queueUrl: string,
  max: number,
): Promise<number> {
  let moved = 0;
  while (moved < max) {
    const batch = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - moved),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
      }),
    );
    const messages = batch.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      // Send first, then delete: a crash in between duplicates a message (consumers are
      // idempotent) rather than losing one.
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: prepareForRedrive(message.Body ?? ''),
        }),
      );
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      moved++;
    }
  }
  return moved;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      max: { type: 'string', default: '1000' },
      'queue-url': { type: 'string' },
      'dlq-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usage = `Usage: npm run redrive -- <${QUEUES.join('|')}> [--max N] [--queue-url URL] [--dlq-url URL]`;
  if (values.help) {
    console.log(usage);
    return;
  }
  const queue = positionals[0] as (typeof QUEUES)[number] | undefined;
  if (!queue || !QUEUES.includes(queue)) {
    console.error(usage);
    process.exit(2);
  }
  const upper = queue.toUpperCase();
  const queueUrl = values['queue-url'] ?? process.env[`${upper}_QUEUE_URL`];
  const dlqUrl = values['dlq-url'] ?? process.env[`${upper}_DLQ_URL`];
  const max = Number(values.max);
  if (!queueUrl || !dlqUrl || !Number.isInteger(max) || max < 1) {
    console.error(
      `Need --queue-url and --dlq-url (or ${upper}_QUEUE_URL and ${upper}_DLQ_URL), and --max ≥ 1.`,
    );
    process.exit(2);
  }
  const sqs = new SQSClient({});
  try {
    const moved = await redrive(sqs, dlqUrl, queueUrl, max);
    console.log(`Moved ${moved} message(s) from ${dlqUrl} back to ${queueUrl}.`);
  } finally {
    sqs.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
