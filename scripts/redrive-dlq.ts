/**
 * Moves messages from a queue's DLQ back to the queue, or with `--dry-run` only looks at them
 * (operator tool; runbook in docs/webhooks.md, "Operator tools"). `--help` prints the usage.
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
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { parseCommand, runMain } from './cli.ts';

const QUEUES = ['webhook', 'notification'] as const;
type QueueName = (typeof QUEUES)[number];

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

/** What a DLQ message is about, in a few words: its event type and the record it names. */
export function describeMessage(body: string): string {
  try {
    const value = JSON.parse(body) as Record<string, unknown>;
    // Merchant notifications: `type` and the payment in `data`; webhook events: the claimed status.
    if (typeof value.type === 'string') {
      const data = value.data as { id?: unknown } | undefined;
      return `${value.type}${typeof data?.id === 'string' ? ` ${data.id}` : ''}`;
    }
    if (typeof value.reference === 'string') {
      return `webhook ${String(value.claimedStatus ?? '?')} reference ${value.reference}`;
    }
  } catch {}
  return `unreadable body (${body.length} bytes)`;
}

/** `3 h 12 min`, `45 s`: how long ago `sentAt` (ms since the epoch) was. */
export function age(sentAt: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - sentAt) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export interface Peek {
  /** SQS's approximate count: visible plus in flight. */
  count: number;
  /** The messages looked at (at most `sampleSize`), oldest first. */
  sample: { messageId: string; sentAt: number; receiveCount: number; about: string }[];
}

/**
 * Looks at up to `sampleSize` messages without moving any: each is received with a short
 * visibility timeout and at once made visible again.
 */
export async function peek(sqs: SQSClient, dlqUrl: string, sampleSize: number): Promise<Peek> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: dlqUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  const count =
    Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  const seen = new Map<string, Message>();
  try {
    while (seen.size < sampleSize) {
      const batch = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: Math.min(10, sampleSize - seen.size),
          // Hidden while we look, so each round sees new ones; released below.
          VisibilityTimeout: 30,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
        }),
      );
      const messages = (batch.Messages ?? []).filter((m) => !seen.has(m.MessageId ?? ''));
      if (messages.length === 0) break;
      for (const message of messages) seen.set(message.MessageId ?? '', message);
    }
  } finally {
    for (const message of seen.values()) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: dlqUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
  }
  const sample = [...seen.values()]
    .map((message) => ({
      messageId: message.MessageId ?? '',
      sentAt: Number(message.Attributes?.SentTimestamp ?? Date.now()),
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
      about: describeMessage(message.Body ?? ''),
    }))
    .sort((a, b) => a.sentAt - b.sentAt);
  return { count: Math.max(count, sample.length), sample };
}

/**
 * Moves up to `max` messages; returns how many moved. `onProgress` hears the running total after
 * each batch.
 */
export async function redrive(
  sqs: SQSClient,
  dlqUrl: string,
  queueUrl: string,
  max: number,
  onProgress?: (moved: number) => void,
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
    onProgress?.(moved);
  }
  return moved;
}

const spec = {
  command: 'npm run redrive --',
  summary:
    'Moves the messages of a DLQ back to its queue (send, then delete), or with --dry-run shows what\nis there without moving anything.',
  arguments: [{ name: 'queue', description: `which queue's DLQ: ${QUEUES.join(' or ')}` }],
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'Only look: the count, the oldest message and a sample; nothing is moved.',
    },
    max: {
      type: 'string',
      placeholder: 'N',
      default: '1000',
      description: 'Move at most N messages.',
    },
    sample: {
      type: 'string',
      placeholder: 'N',
      default: '10',
      description: 'With --dry-run: how many messages to show.',
    },
    'queue-url': { type: 'string', placeholder: 'URL', description: 'The queue to move into.' },
    'dlq-url': { type: 'string', placeholder: 'URL', description: 'The DLQ to move from.' },
  },
  environment: [
    { name: '<QUEUE>_QUEUE_URL', description: 'default of --queue-url (WEBHOOK_QUEUE_URL, …)' },
    { name: '<QUEUE>_DLQ_URL', description: 'default of --dlq-url (NOTIFICATION_DLQ_URL, …)' },
    { name: 'AWS_ENDPOINT_URL_SQS', description: 'the SQS emulator (what `npm start` prints)' },
  ],
  examples: [
    'npm run redrive -- notification --dry-run',
    'npm run redrive -- notification --max 100',
    'npm run redrive -- webhook --queue-url "$WEBHOOK_QUEUE_URL" --dlq-url "$WEBHOOK_DLQ_URL"',
  ],
  notes: 'Runbook: docs/webhooks.md, "Operator tools".',
} as const;

function positiveInteger(
  name: string,
  value: string | undefined,
  usageError: (m: string) => never,
): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usageError(`--${name} must be a whole number ≥ 1`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals, ...parsed } = parseCommand(spec);
  // Annotated so that TypeScript narrows after a call (`never`).
  const usageError: (message: string) => never = parsed.usageError;
  const queue = positionals[0] as QueueName;
  if (!QUEUES.includes(queue)) usageError(`<queue> must be ${QUEUES.join(' or ')}`);
  const upper = queue.toUpperCase();
  const queueUrl = values['queue-url'] ?? process.env[`${upper}_QUEUE_URL`];
  const dlqUrl = values['dlq-url'] ?? process.env[`${upper}_DLQ_URL`];
  const max = positiveInteger('max', values.max, usageError);
  const sampleSize = positiveInteger('sample', values.sample, usageError);
  if (!dlqUrl) usageError(`need --dlq-url or ${upper}_DLQ_URL`);
  if (!values['dry-run'] && !queueUrl) usageError(`need --queue-url or ${upper}_QUEUE_URL`);

  const sqs = new SQSClient({});
  try {
    if (values['dry-run']) {
      const { count, sample } = await peek(sqs, dlqUrl, sampleSize);
      console.log(`${count} message(s) in ${dlqUrl} (dry run: nothing moved).`);
      const oldest = sample[0];
      if (oldest) {
        console.log(
          `Oldest seen: sent ${age(oldest.sentAt)} ago (${new Date(oldest.sentAt).toISOString()}).`,
        );
        console.log(`Sample of ${sample.length}, oldest first:`);
        for (const m of sample) {
          console.log(
            `  ${m.messageId}  ${age(m.sentAt)} old  received ${m.receiveCount}×  ${m.about}`,
          );
        }
      }
      return;
    }
    const total = Math.min(max, (await peek(sqs, dlqUrl, 0)).count);
    console.log(`Moving up to ${total} message(s) from ${dlqUrl} to ${queueUrl}…`);
    const moved = await redrive(sqs, dlqUrl, queueUrl as string, max, (n) =>
      console.log(`  moved ${n}${total > 0 ? ` of about ${total}` : ''}`),
    );
    console.log(`Moved ${moved} message(s) from ${dlqUrl} back to ${queueUrl}.`);
  } finally {
    sqs.destroy();
  }
}

runMain(import.meta, main);
