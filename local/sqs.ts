/**
 * The SQS emulator (`local-aws-sqs`, in-process) and the service's queues, each with its DLQ and a
 * redrive policy, as the CDK stack declares them (`lib/routes.ts` `queues`).
 */
import type { Server } from 'node:http';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { queues as declaredQueues, type QueueId } from '../lib/routes.ts';
import { RETRY_BUDGET, receivesWithin } from '../shared/retry-budget.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, localClientConfig } from './aws.ts';
import { portOf } from './ports.ts';

export interface SqsEmulator {
  endpoint: string;
  port: number;
  /** Closes the server and every open connection (long polls included). Idempotent. */
  stop(): Promise<void>;
}

export interface LocalQueue {
  url: string;
  dlqUrl: string;
  /** The main queue's ARN (what a Lambda event source mapping names). */
  arn: string;
  dlqArn: string;
  name: string;
}

export interface CreateQueuesOptions {
  /** Prepended to each queue name (e.g. a per-test-file prefix). @default 'feexpay-' */
  prefix?: string;
  /** Locally short so failed messages come back quickly. @default 30 */
  visibilityTimeoutSeconds?: number;
  /**
   * The emulator's receive count at which it moves a message to the DLQ (see
   * `emulatorMaxReceiveCount`). @default as many failed attempts as the deployed queues allow
   */
  maxReceiveCount?: number;
  /** Which queues; @default every queue in lib/routes.ts */
  queues?: readonly QueueId[];
}

/**
 * local-aws-sqs counts a ChangeMessageVisibility as a receive (SQS does not), and the consumers
 * change the visibility of every record they fail (their backoff), so each failed attempt counts
 * twice here. The queues' redrive threshold is doubled to match: a record reaches the local DLQ
 * after as many failed attempts as on AWS (`attempts`: the deployed maxReceiveCount).
 */
export function emulatorMaxReceiveCount(attempts: number): number {
  return 2 * attempts;
}

/** Starts the emulator on 127.0.0.1. @param options.port fixed port; default: a free one. */
export async function startSqs(options: { port?: number } = {}): Promise<SqsEmulator> {
  const server: Server = await createSqsServer({
    port: options.port ?? 0,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    // Tests recreate queues with the same name right after deleting them.
    emulateQueueCreationLifecycle: false,
  });
  const port = portOf(server);
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** `arn:aws:sqs:us-east-1:000000000000:<name>` (the emulator's ARNs use the same identity). */
export function queueArn(name: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`;
}

/** Creates each queue and its `<name>-dlq`; returns their URLs keyed by queue id. */
export async function createQueues(
  endpoint: string,
  options: CreateQueuesOptions = {},
): Promise<Record<QueueId, LocalQueue>> {
  const prefix = options.prefix ?? 'feexpay-';
  const visibility = options.visibilityTimeoutSeconds ?? 30;
  const maxReceiveCount =
    options.maxReceiveCount ?? emulatorMaxReceiveCount(receivesWithin(RETRY_BUDGET));
  const client = new SQSClient(localClientConfig(endpoint));
  try {
    const result = {} as Record<QueueId, LocalQueue>;
    for (const id of options.queues ?? declaredQueues) {
      const name = `${prefix}${id}`;
      const dlq = await client.send(
        new CreateQueueCommand({
          QueueName: `${name}-dlq`,
          Attributes: { MessageRetentionPeriod: '1209600' },
        }),
      );
      const dlqUrl = dlq.QueueUrl as string;
      const dlqAttributes = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
      );
      const dlqArn = dlqAttributes.Attributes?.QueueArn ?? queueArn(`${name}-dlq`);
      const main = await client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: String(visibility),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
          },
        }),
      );
      result[id] = {
        url: main.QueueUrl as string,
        dlqUrl,
        arn: queueArn(name),
        dlqArn,
        name,
      };
    }
    return result;
  } finally {
    client.destroy();
  }
}
