/**
 * Every handler that records business metrics publishes them exactly once per invocation, success
 * or failure, whatever the batch size (CloudWatch EMF: a metric never published is lost, and one
 * published twice is double-counted). AWS clients are mocked; `publishStoredMetrics` is watched.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as reconcileHandler } from '../../functions/payments-reconcile.ts';
import { handler as webhookProcessHandler } from '../../functions/webhook-process.ts';
import { handler as webhookReceiveHandler } from '../../functions/webhook-receive.ts';
import { metrics } from '../../shared/metrics.ts';
import { apiEvent } from '../support/api-event.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);
const secretsMock = mockClient(SecretsManagerClient);

beforeEach(() => {
  ddbMock.reset();
  sqsMock.reset();
  secretsMock.reset();
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(QueryCommand).resolves({ Items: [] });
  sqsMock.onAnyCommand().resolves({});
  secretsMock.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      apiKey: 'fp_test',
      shopId: 'shop',
      webhookToken: 'tok_0123456789abcdef0123456789',
      merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  });
});

/** Calls `invoke` and returns how many times stored metrics were published meanwhile. */
async function publishesDuring(invoke: () => Promise<unknown>): Promise<number> {
  const publish = vi.spyOn(metrics, 'publishStoredMetrics');
  try {
    await invoke();
    return publish.mock.calls.length;
  } finally {
    publish.mockRestore();
  }
}

function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:webhook',
      awsRegion: 'us-east-1',
    })) as unknown as SQSEvent['Records'],
  };
}

describe('metrics are published once per invocation', () => {
  it('webhook-receive: a rejected webhook (WebhookRejected)', async () => {
    const event = apiEvent({
      method: 'POST',
      path: '/api/v1/payments/feexpay/webhook/',
      query: { token: 'wrong-token-wrong-token' },
      body: { reference: 'r1', status: 'SUCCESSFUL' },
    });
    const count = await publishesDuring(() =>
      (webhookReceiveHandler as unknown as (e: unknown, c: unknown) => Promise<unknown>)(event, {}),
    );
    expect(count).toBe(1);
  });

  it('webhook-process: a batch of unmatched webhooks (WebhookUnmatched each)', async () => {
    const body = (ref: string) =>
      JSON.stringify({
        dedupeKey: `${ref}#SUCCESSFUL`,
        reference: ref,
        claimedStatus: 'SUCCESSFUL',
      });
    const count = await publishesDuring(() =>
      webhookProcessHandler(sqsEvent([body('a'), body('b'), body('c')])),
    );
    expect(count).toBe(1);
  });

  it('webhook-process: a batch whose records all fail still publishes once', async () => {
    ddbMock.on(QueryCommand).rejects(new Error('DynamoDB down'));
    const body = JSON.stringify({ dedupeKey: 'x#FAILED', reference: 'x', claimedStatus: 'FAILED' });
    let result: unknown;
    const count = await publishesDuring(async () => {
      // One record fails after a metric was recorded by the other.
      metrics.addMetric('WebhookUnmatched', 'Count', 1);
      result = await webhookProcessHandler(sqsEvent([body]));
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(count).toBe(1);
  });

  it('payments-reconcile: a run with nothing to do still reports OldestPendingAgeSeconds', async () => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const count = await publishesDuring(() => reconcileHandler({}));
    expect(addMetric).toHaveBeenCalledWith('OldestPendingAgeSeconds', 'Seconds', 0);
    expect(count).toBe(1);
  });
});
