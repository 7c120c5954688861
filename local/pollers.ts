/**
 * The local event source mappings: one loop per consumer polls its queue, hands the batch to
 * the handler as a Lambda `SQSEvent`, and deletes what succeeded, with Lambda's semantics:
 * - the handler returns `{ batchItemFailures }`: every message not listed is deleted;
 * - it throws, or lists an id that is not in the batch: nothing is deleted;
 * undeleted messages come back after the visibility timeout, and SQS moves them to the DLQ after
 * `maxReceiveCount` receives.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { Consumer, QueueId } from '../lib/routes.ts';
import { LOCAL_REGION, localClientConfig } from './aws.ts';
import {
  DEFAULT_TIMEOUT_SECONDS,
  type LambdaHandler,
  lambdaContext,
  resolveHandler,
} from './lambda.ts';
import { queueArn } from './sqs.ts';

/** A consumer row; tests may give `handler` directly instead of an `entry` file. */
export type LocalConsumer = Omit<Consumer, 'entry' | 'grants'> & {
  entry?: string;
  handler?: LambdaHandler;
};

export interface PollerOptions {
  sqsEndpoint: string;
  consumers: readonly LocalConsumer[];
  /** Queue URL and name per queue id. */
  queues: Record<QueueId, { url: string; name: string }>;
  /** Pause after an empty receive. @default 100 */
  idleDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface Pollers {
  /** Stops every loop and waits for batches in flight. Idempotent. */
  stop(): Promise<void>;
}

function lambdaAttributes(attributes: Message['MessageAttributes']): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {}) as [
    string,
    MessageAttributeValue,
  ][]) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) =>
        Buffer.from(b).toString('base64'),
      ),
    };
  }
  return result;
}

/** The SQS messages as Lambda's event source mapping delivers them. */
export function toSqsEvent(messages: Message[], queueName: string): SQSEvent {
  return {
    Records: messages.map(
      (message): SQSRecord => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'LOCAL',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          ...message.Attributes,
        } as SQSRecord['attributes'],
        messageAttributes: lambdaAttributes(message.MessageAttributes),
        md5OfBody: message.MD5OfBody ?? '',
        ...(message.MD5OfMessageAttributes
          ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
          : {}),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn(queueName),
        awsRegion: LOCAL_REGION,
      }),
    ),
  };
}

/**
 * Which messages to delete after the handler's `result`: all but the reported failures; none when
 * the response is malformed (Lambda then treats the whole batch as failed).
 */
export function succeededMessages(messages: Message[], result: unknown): Message[] {
  const failures = (result as { batchItemFailures?: unknown } | null | undefined)
    ?.batchItemFailures;
  if (failures === undefined || failures === null) return messages;
  if (!Array.isArray(failures)) return [];
  const ids = new Set(messages.map((m) => m.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return messages.filter((m) => !failed.has(m.MessageId ?? ''));
}

export function startPollers(options: PollerOptions): Pollers {
  const client = new SQSClient(localClientConfig(options.sqsEndpoint));
  const abort = new AbortController();
  const log = options.log ?? ((message, error) => console.error(`[local] ${message}`, error ?? ''));
  const idleDelayMs = options.idleDelayMs ?? 100;
  /** Resolves after `ms`, or at once when stopping. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
      abort.signal.addEventListener('abort', done);
    });

  async function loop(consumer: LocalConsumer): Promise<void> {
    const queue = options.queues[consumer.queue];
    if (!queue) throw new Error(`Consumer ${consumer.id} reads unknown queue ${consumer.queue}`);
    const handler = await resolveHandler(consumer);
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(Math.max(consumer.batchSize, 1), 10),
            // Short polls: the emulator's long poll waits out the whole wait time unless the
            // batch fills, and can hand out a message twice in one batch once its visibility lapses.
            WaitTimeSeconds: 0,
            // Both spellings: the emulator reads AttributeNames, current SQS MessageSystemAttributeNames.
            AttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (abort.signal.aborted) return;
        log(`${consumer.id}: ReceiveMessage failed`, error);
        await pause(500);
        continue;
      }
      if (messages.length === 0) {
        await pause(idleDelayMs);
        continue;
      }

      let done: Message[];
      const timeoutMs = (consumer.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.consumer) * 1000;
      let timer: NodeJS.Timeout | undefined;
      try {
        // Past its timeout the invocation has failed, as in Lambda: the batch comes back.
        const result = await Promise.race([
          Promise.resolve(
            handler(toSqsEvent(messages, queue.name), lambdaContext(consumer.id, timeoutMs)),
          ),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`Task timed out after ${timeoutMs / 1000} seconds`)),
              timeoutMs,
            );
          }),
        ]);
        done = succeededMessages(messages, result);
      } catch (error) {
        log(`${consumer.id} failed; the batch will be retried`, error);
        done = [];
      } finally {
        clearTimeout(timer);
      }
      if (done.length === 0) continue;
      try {
        // Not aborted: a batch that ran is acknowledged even while stopping.
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      } catch (error) {
        log(`${consumer.id}: DeleteMessageBatch failed`, error);
      }
    }
  }

  const loops = options.consumers.map((consumer) =>
    loop(consumer).catch((error) => log(`${consumer.id}: poller stopped`, error)),
  );
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await Promise.all(loops);
        client.destroy();
      })();
      return stopping;
    },
  };
}
