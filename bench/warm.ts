/**
 * Warm handler overhead per route, with every I/O mocked: DynamoDB, SQS and Secrets Manager with
 * aws-sdk-client-mock, FeexPay's HTTP API with undici's MockAgent (it intercepts the global
 * `fetch`). What is left is our own code: middy, parsing and validation, the domain logic, the
 * SDK command objects, logging and metrics. Run as its own process (`node bench/warm.ts <out.json>`)
 * because the handlers read the environment at load; logs go to its stdout, which run.ts discards.
 */
import { writeFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { MockAgent, setGlobalDispatcher } from 'undici';
import { paymentIdOf, paymentKey } from '../shared/keys.ts';
import { apiEvent } from '../test/support/api-event.ts';

export interface WarmRow {
  route: string;
  status: number;
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

const FEEXPAY = 'https://api-v2.feexpay.me';
const WEBHOOK_TOKEN = 'bench-webhook-token-0123456789';
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'bench',
  FEEXPAY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/webhook',
  NOTIFICATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notification',
  FEEXPAY_BASE_URL: `${FEEXPAY}/api`,
  MERCHANT_WEBHOOK_URL: 'https://merchant.example/webhooks',
  PAYMENT_MAX_PENDING_SECONDS: '900',
  RATE_LIMIT_PER_MINUTE: '100000000',
  POWERTOOLS_SERVICE_NAME: 'feexpay-payments',
  POWERTOOLS_METRICS_NAMESPACE: 'FeexPayPayments',
  // As deployed: INFO logs and EMF metrics are written (to this process's stdout).
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

const USER = 'bench-user';
const now = new Date().toISOString();
const paymentItem = (id: string, status: string) => ({
  ...paymentKey(id),
  id,
  ownerId: USER,
  status,
  amount: 1500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '2290166000000',
  description: 'Order 42',
  reference: `ref-${id}`,
  createdAt: now,
  updatedAt: now,
  lastCheckedAt: now,
  ...(status === 'FAILED' ? { failureReason: 'DECLINED' } : {}),
  events: [{ at: now, type: 'created', source: 'initiate' }],
});

const ddb = mockClient(DynamoDBDocumentClient);
ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
  if (input.Key.pk === 'HEALTH') return {};
  const id = paymentIdOf(input.Key.pk) ?? '';
  return { Item: paymentItem(id, id.startsWith('pay_failed') ? 'FAILED' : 'SUCCESSFUL') };
});
ddb.on(PutCommand).resolves({});
ddb.on(UpdateCommand).callsFake((input: { UpdateExpression: string; Key: { pk: string } }) => {
  if (input.UpdateExpression.includes('ADD #count')) return { Attributes: { count: 1 } };
  const id = paymentIdOf(input.Key.pk) ?? '';
  return { Attributes: paymentItem(id, 'PENDING') };
});
ddb.on(QueryCommand).resolves({
  Items: Array.from({ length: 20 }, (_, i) =>
    paymentItem(`pay_hist${String(i).padStart(22, 'a')}`, 'SUCCESSFUL'),
  ),
});
mockClient(SQSClient).on(SendMessageCommand).resolves({ MessageId: 'm-1' });
mockClient(SecretsManagerClient)
  .on(GetSecretValueCommand)
  .resolves({
    SecretString: JSON.stringify({
      apiKey: `fp_${'a'.repeat(64)}`,
      shopId: 'shop_bench',
      webhookToken: WEBHOOK_TOKEN,
      merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  });

const agent = new MockAgent();
agent.disableNetConnect();
setGlobalDispatcher(agent);
const feexpay = agent.get(FEEXPAY);
feexpay
  .intercept({ path: /\/api\/transactions\/public\/requesttopay\//, method: 'POST' })
  .reply(200, { reference: 'ref-bench', status: 'PENDING', message: 'Accepted', amount: 1500 })
  .persist();
feexpay
  .intercept({ path: /\/api\/transactions\/public\/single\/status\//, method: 'GET' })
  .reply(200, { reference: 'ref-bench', status: 'PENDING', amount: 1500, responsecode: '01' })
  .persist();

const BASE = '/api/v1/payments/feexpay';
const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 29_000,
} as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number }>;
const load = async (entry: string) => (await import(`../${entry}`)).handler as Handler;

let sequence = 0;
const initiateBody = {
  amount: 1500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '2290166000000',
  description: 'Order 42',
};

const cases: Array<{ route: string; entry: string; event: () => unknown }> = [
  {
    route: 'GET providers',
    entry: 'functions/providers-list.ts',
    event: () => apiEvent({ path: `${BASE}/providers` }),
  },
  {
    route: 'GET health',
    entry: 'functions/health-check.ts',
    event: () => apiEvent({ path: `${BASE}/health` }),
  },
  {
    route: 'POST webhook',
    entry: 'functions/webhook-receive.ts',
    event: () =>
      apiEvent({
        method: 'POST',
        path: `${BASE}/webhook`,
        query: { token: WEBHOOK_TOKEN },
        body: {
          reference: `ref-${++sequence}`,
          order_id: 'x',
          status: 'SUCCESSFUL',
          amount: 1500,
          callback_info: 'pay_x',
          reseau: 'MTN',
          date: now,
        },
      }),
  },
  {
    route: 'POST initiate',
    entry: 'functions/payments-initiate.ts',
    event: () =>
      apiEvent({
        method: 'POST',
        path: `${BASE}/initiate`,
        headers: { 'idempotency-key': `k-${++sequence}` },
        body: initiateBody,
        sub: USER,
      }),
  },
  {
    route: 'GET {id}/status',
    entry: 'functions/payments-status.ts',
    event: () =>
      apiEvent({
        path: `${BASE}/pay_settled0000000000000000/status`,
        pathParameters: { id: 'pay_settled0000000000000000' },
        sub: USER,
      }),
  },
  {
    route: 'GET history',
    entry: 'functions/payments-history.ts',
    event: () => apiEvent({ path: `${BASE}/history`, query: { limit: '20' }, sub: USER }),
  },
  {
    route: 'POST retry/{id}',
    entry: 'functions/payments-retry.ts',
    event: () =>
      apiEvent({
        method: 'POST',
        path: `${BASE}/retry/pay_failed000000000000000000`,
        pathParameters: { id: 'pay_failed000000000000000000' },
        headers: { 'idempotency-key': `r-${++sequence}` },
        sub: USER,
      }),
  },
  {
    route: '$default (404)',
    entry: 'functions/not-found.ts',
    event: () => apiEvent({ path: `${BASE}/nope` }),
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function measureWarm(iterations = 2000, warmup = 300): Promise<WarmRow[]> {
  const rows: WarmRow[] = [];
  for (const c of cases) {
    const handler = await load(c.entry);
    let status = 0;
    for (let i = 0; i < warmup; i++) status = (await handler(c.event(), context)).statusCode;
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const event = c.event();
      const t0 = process.hrtime.bigint();
      const result = await handler(event, context);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      status = result.statusCode;
    }
    times.sort((a, b) => a - b);
    rows.push({
      route: c.route,
      status,
      iterations,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    });
  }
  return rows;
}

if (import.meta.main) {
  const out = process.argv[2];
  const iterations = Number(process.argv[3] ?? 2000);
  const rows = await measureWarm(iterations);
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
  else console.error(rows);
}
