/**
 * The local event source mappings (local/pollers.ts) against the SQS emulator: Lambda's batch
 * semantics with `batchItemFailures`, redelivery after the visibility timeout, and the DLQ after
 * `maxReceiveCount` receives.
 */
import {
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws.ts';
import { succeededMessages } from '../../local/pollers.ts';
import type { LocalStack } from '../../local/stack.ts';
import { startTestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

const MAX_RECEIVES = 3;
/** Every record each consumer saw, in order. */
const seen: Record<'partial' | 'throwing', SQSRecord[]> = { partial: [], throwing: [] };
const thrownFor = new Set<string>();

let stack: LocalStack;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await startTestStack({
    simulator: false,
    routes: [],
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: MAX_RECEIVES,
    log: () => {},
    consumers: [
      {
        id: 'TestPartial',
        queue: 'webhook',
        batchSize: 10,
        // Fails the records whose body starts with "fail", as Powertools' batch processor reports.
        handler: async (event: SQSEvent) => {
          seen.partial.push(...event.Records);
          return {
            batchItemFailures: event.Records.filter((r) => r.body.startsWith('fail')).map((r) => ({
              itemIdentifier: r.messageId,
            })),
          };
        },
      },
      {
        id: 'TestThrowing',
        queue: 'notification',
        batchSize: 10,
        // Throws the first time it sees a batch containing "poison", then succeeds.
        handler: async (event: SQSEvent) => {
          seen.throwing.push(...event.Records);
          const poison = event.Records.find((r) => r.body === 'poison');
          if (poison && !thrownFor.has(poison.messageId)) {
            thrownFor.add(poison.messageId);
            throw new Error('handler crashed');
          }
        },
      },
    ],
  });
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
});
afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

async function drain(queueUrl: string): Promise<Message[]> {
  const result = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return result.Messages ?? [];
}

describe('pollers', () => {
  it('delivers Lambda-shaped records, deletes successes and sends failures to the DLQ', async () => {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.queueUrls.webhook,
        Entries: [
          {
            Id: 'ok',
            MessageBody: 'ok-1',
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
          },
          { Id: 'fail', MessageBody: 'fail-1' },
        ],
      }),
    );

    const dlq = await waitFor(
      async () => {
        const messages = await drain(stack.queues.webhook.dlqUrl);
        return messages.length > 0 ? messages : undefined;
      },
      { timeoutMs: 20_000, message: 'the failed message never reached the DLQ' },
    );
    expect(dlq.map((m) => m.Body)).toEqual(['fail-1']);

    const okDeliveries = seen.partial.filter((r) => r.body === 'ok-1');
    const failDeliveries = seen.partial.filter((r) => r.body === 'fail-1');
    expect(okDeliveries).toHaveLength(1);
    expect(failDeliveries).toHaveLength(MAX_RECEIVES);
    expect(failDeliveries.map((r) => r.attributes.ApproximateReceiveCount)).toEqual([
      '1',
      '2',
      '3',
    ]);

    const record = okDeliveries[0] as SQSRecord;
    expect(record).toMatchObject({
      body: 'ok-1',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${stack.queues.webhook.name}`,
      awsRegion: 'us-east-1',
      messageAttributes: {
        kind: {
          dataType: 'String',
          stringValue: 'test',
          stringListValues: [],
          binaryListValues: [],
        },
      },
    });
    expect(record.messageId).toMatch(/\S/);
    expect(record.receiptHandle).toMatch(/\S/);
    expect(record.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThan(0);
    expect(record.attributes.SenderId).toMatch(/\S/);

    // The successful message was deleted: nothing is left on the queue.
    expect(await drain(stack.queueUrls.webhook)).toEqual([]);
  });

  it('redelivers the whole batch when the handler throws', async () => {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: stack.queueUrls.notification, MessageBody: 'poison' }),
    );
    await waitFor(() => seen.throwing.filter((r) => r.body === 'poison').length >= 2, {
      timeoutMs: 15_000,
      message: 'the batch was not redelivered',
    });
    const poison = seen.throwing.filter((r) => r.body === 'poison');
    expect(poison.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    // Once the handler succeeded the message is gone (not redelivered a third time).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(seen.throwing.filter((r) => r.body === 'poison')).toHaveLength(2);
    expect(await drain(stack.queues.notification.dlqUrl)).toEqual([]);
  });
});

describe('succeededMessages (Lambda batch response rules)', () => {
  const batch = [{ MessageId: 'a' }, { MessageId: 'b' }, { MessageId: 'c' }];

  it('deletes everything when the handler returns nothing or an empty list', () => {
    expect(succeededMessages(batch, undefined)).toEqual(batch);
    expect(succeededMessages(batch, { batchItemFailures: [] })).toEqual(batch);
  });

  it('keeps the reported failures', () => {
    expect(succeededMessages(batch, { batchItemFailures: [{ itemIdentifier: 'b' }] })).toEqual([
      { MessageId: 'a' },
      { MessageId: 'c' },
    ]);
  });

  it('keeps the whole batch when the response is malformed', () => {
    expect(succeededMessages(batch, { batchItemFailures: [{ itemIdentifier: 'zzz' }] })).toEqual(
      [],
    );
    expect(succeededMessages(batch, { batchItemFailures: [{ itemIdentifier: '' }] })).toEqual([]);
    expect(succeededMessages(batch, { batchItemFailures: 'nope' })).toEqual([]);
  });
});
