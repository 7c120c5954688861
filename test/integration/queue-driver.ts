/**
 * Drives an SQS consumer by hand in integration tests: receive from the emulator, hand the batch
 * to the real handler as Lambda's event source mapping would (local/pollers.ts `toSqsEvent`),
 * delete what succeeded, keep what failed. So a test sees each batch's `batchItemFailures` and
 * the queue state in between, which the stack's background pollers would hide.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { succeededMessages, toSqsEvent } from '../../local/pollers.ts';
import type { LocalQueue } from '../../local/sqs.ts';

export type SqsHandler = (
  event: SQSEvent,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] } | undefined | unknown>;

export interface BatchRun {
  messages: Message[];
  /** Message ids the handler reported as failed. */
  failed: string[];
}

/** Receives up to 10 visible messages (no long poll: the emulator answers at once). */
export async function receive(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const result = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      // Both spellings: the emulator reads AttributeNames, current SQS MessageSystemAttributeNames.
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return result.Messages ?? [];
}

/** Runs `handler` over one received batch; deletes the messages it did not report as failed. */
export async function runBatch(
  sqs: SQSClient,
  queue: LocalQueue,
  handler: SqsHandler,
  messages: Message[],
): Promise<BatchRun> {
  const result = await handler(toSqsEvent(messages, queue.name));
  const ok = succeededMessages(messages, result);
  if (ok.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: ok.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
  const okIds = new Set(ok.map((m) => m.MessageId));
  return {
    messages,
    failed: messages.filter((m) => !okIds.has(m.MessageId)).map((m) => m.MessageId ?? ''),
  };
}

/**
 * Receives and processes batches until `done(processedBodies)` holds or `timeoutMs` passes.
 * Returns every batch run on the way.
 */
export async function processUntil(
  sqs: SQSClient,
  queue: LocalQueue,
  handler: SqsHandler,
  done: (bodies: string[]) => boolean,
  timeoutMs = 15_000,
): Promise<BatchRun[]> {
  const runs: BatchRun[] = [];
  const bodies: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(bodies)) {
    if (Date.now() > deadline) throw new Error(`Queue ${queue.name}: condition not met in time`);
    const messages = await receive(sqs, queue.url);
    if (messages.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    runs.push(await runBatch(sqs, queue, handler, messages));
    bodies.push(...messages.map((m) => m.Body ?? ''));
  }
  return runs;
}

/** Receives and deletes everything visible now; returns the parsed bodies. */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = [];
  for (;;) {
    const messages = await receive(sqs, queueUrl);
    if (messages.length === 0) return bodies;
    bodies.push(...messages.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}
