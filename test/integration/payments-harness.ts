/**
 * In-process harness for the payment handlers' integration tests: real DynamoDB Local, the SQS
 * emulator, the secrets emulator and the FeexPay simulator over HTTP. The environment points the
 * SDK at them (as the local stack does) and the service's settings come through `overrideConfig`;
 * the handlers are called with API Gateway events. Running them in-process lets a test count the
 * DynamoDB requests the module-scope client sends.
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import * as history from '../../functions/payments-history.ts';
import * as initiate from '../../functions/payments-initiate.ts';
import * as otpStep from '../../functions/payments-otp.ts';
import * as retry from '../../functions/payments-retry.ts';
import * as status from '../../functions/payments-status.ts';
import { localClientConfig } from '../../local/aws.ts';
import { createTable, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { startSecretsEmulator } from '../../local/secrets-emulator.ts';
import { startFeexPaySimulator } from '../../local/simulator/server.ts';
import { createQueues, startSqs } from '../../local/sqs.ts';
import { dynamoDbClient } from '../../shared/clients/dynamodb.ts';
import { overrideConfig } from '../../shared/config.ts';
import type { HttpResponse } from '../../shared/http/problem.ts';
import { apiEvent } from '../support/api-event.ts';
import { countRequests, type RequestCounter } from '../support/aws-request-counter.ts';

const BASE = '/api/v1/payments/feexpay';
const API_KEY = `fp_${'a'.repeat(64)}`;
const SHOP_ID = 'shop_local_0001';

type Handler = (event: unknown, context: Context) => Promise<HttpResponse>;

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function context(): Context {
  return {
    functionName: 'payments-test',
    awsRequestId: 'aws-req',
    getRemainingTimeInMillis: () => 29_000,
  } as unknown as Context;
}

function parse(response: HttpResponse): Answer {
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body ? (JSON.parse(String(response.body)) as Record<string, unknown>) : {},
  };
}

export interface HarnessOptions {
  rateLimitPerMinute?: number;
  /** PAYMENT_STATUS_REFRESH_SECONDS for the status handler. @default the handler's own (5) */
  statusRefreshSeconds?: number;
  /** FEEXPAY_REQUEST_TIMEOUT_MS for initiate and retry. @default the handler's own (25 000) */
  feexPayRequestTimeoutMs?: number;
}

export async function startPaymentsHarness(options: HarnessOptions = {}) {
  const [dynamo, sqsEmulator, simulator, secrets] = await Promise.all([
    startDynamoDbLocal(),
    startSqs(),
    startFeexPaySimulator({ port: 0, apiKey: API_KEY, shopId: SHOP_ID, delayMs: 50 }),
    startSecretsEmulator({
      apiKey: API_KEY,
      shopId: SHOP_ID,
      webhookToken: 'local-webhook-token-0123456789',
      merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  ]);
  const tableName = 'payments-it';
  await createTable(dynamo.endpoint, tableName);
  const queues = await createQueues(sqsEmulator.endpoint, {
    prefix: 'payments-it-',
    queues: ['notification'],
  });
  // The AWS SDK's own settings: where the emulators are.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: sqsEmulator.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
  });
  overrideConfig({
    tableName,
    feexPaySecretArn: secrets.secretArn,
    feexPayBaseUrl: `${simulator.url}/api`,
    notificationQueueUrl: queues.notification.url,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    ...(options.statusRefreshSeconds !== undefined
      ? { paymentStatusRefreshSeconds: options.statusRefreshSeconds }
      : {}),
    ...(options.feexPayRequestTimeoutMs !== undefined
      ? { feexPayRequestTimeoutMs: options.feexPayRequestTimeoutMs }
      : {}),
  });
  const dynamoRequests: RequestCounter = countRequests(dynamoDbClient);
  const call = async (handler: Handler, event: unknown) => parse(await handler(event, context()));
  const sqs = new SQSClient(localClientConfig(sqsEmulator.endpoint));

  return {
    simulator,
    dynamoRequests,
    tableName,
    dynamoEndpoint: dynamo.endpoint,
    initiate(userId: string | undefined, body: unknown, key: string | undefined, raw = false) {
      return call(
        initiate.handler as unknown as Handler,
        apiEvent({
          method: 'POST',
          path: `${BASE}/initiate/`,
          headers: {
            ...(key !== undefined ? { 'idempotency-key': key } : {}),
            ...(raw ? { 'content-type': 'application/json' } : {}),
          },
          body: body as string | object,
          ...(userId ? { sub: userId } : {}),
        }),
      );
    },
    status(userId: string, id: string) {
      return call(
        status.handler as unknown as Handler,
        apiEvent({ path: `${BASE}/${id}/status/`, pathParameters: { id }, sub: userId }),
      );
    },
    history(userId: string, query: Record<string, string> = {}) {
      return call(
        history.handler as unknown as Handler,
        apiEvent({ path: `${BASE}/history/`, query, sub: userId }),
      );
    },
    retry(userId: string, id: string, key: string | undefined, body?: object) {
      return call(
        retry.handler as unknown as Handler,
        apiEvent({
          method: 'POST',
          path: `${BASE}/retry/${id}/`,
          pathParameters: { id },
          headers: key !== undefined ? { 'idempotency-key': key } : {},
          ...(body ? { body } : {}),
          sub: userId,
        }),
      );
    },
    /** POST {id}/otp/: the code FeexPay sent the customer of a two-step OTP network. */
    otp(userId: string, id: string, key: string | undefined, body: unknown) {
      return call(
        otpStep.handler as unknown as Handler,
        apiEvent({
          method: 'POST',
          path: `${BASE}/${id}/otp/`,
          pathParameters: { id },
          headers: key !== undefined ? { 'idempotency-key': key } : {},
          body: body as string | object,
          sub: userId,
        }),
      );
    },
    /** Notification messages waiting in the queue (received and left invisible briefly). */
    async notifications(): Promise<Array<Record<string, unknown>>> {
      const result = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queues.notification.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      return (result.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}'));
    },
    async stop() {
      dynamoRequests.detach();
      sqs.destroy();
      await Promise.allSettled([
        dynamo.stop(),
        sqsEmulator.stop(),
        simulator.close(),
        secrets.stop(),
      ]);
    },
  };
}

export type PaymentsHarness = Awaited<ReturnType<typeof startPaymentsHarness>>;

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A valid initiate body for MTN Benin; the phone ending picks the simulator's outcome. */
export function mtnBody(ending = '00', extra: Record<string, unknown> = {}) {
  return {
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: `22901660000${ending}`,
    description: 'Order 42',
    ...extra,
  };
}
