/**
 * What reaches CloudWatch Logs: real code paths run with the log level raised and stdout captured.
 * A customer's phone number, the FeexPay API key and the webhook token must never appear; each
 * request's records carry its correlation id.
 */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as initiate from '../../functions/payments-initiate.ts';
import * as webhook from '../../functions/webhook-receive.ts';
import { overrideConfig } from '../../shared/config.ts';
import * as client from '../../shared/feexpay/client.ts';
import * as http from '../../shared/http/handler.ts';
import * as logger from '../../shared/logger.ts';
import { apiEvent, testRoute } from '../support/api-event.ts';

const API_KEY = `fp_live_${'S3cr3t'.repeat(8)}`;
const WEBHOOK_TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const MERCHANT_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PHONE = '22997123456';
const ORIGIN = 'https://feexpay.test';

overrideConfig({ feexPayBaseUrl: `${ORIGIN}/api` });

const ddbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);
const secretsMock = mockClient(SecretsManagerClient);

const m = { logger, http, client, initiate, webhook };
let output: string[];
let agent: MockAgent;
const originalDispatcher = getGlobalDispatcher();

beforeAll(() => {
  m.logger.logger.setLogLevel('DEBUG');
});

afterAll(() => {
  m.logger.logger.setLogLevel('SILENT');
  setGlobalDispatcher(originalDispatcher);
});

beforeEach(() => {
  output = [];
  // Powertools writes through its own Console on process.stdout/stderr.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  }
  ddbMock.reset();
  sqsMock.reset();
  secretsMock.reset();
  secretsMock.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      apiKey: API_KEY,
      shopId: 'shop123456789ab',
      webhookToken: WEBHOOK_TOKEN,
      merchantWebhookSecret: MERCHANT_SECRET,
    }),
  });
  agent = new MockAgent();
  agent.disableNetConnect();
  setGlobalDispatcher(agent);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every JSON record written since the test began. */
function records(): Record<string, unknown>[] {
  return output
    .join('')
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectNothingSensitive() {
  const text = output.join('');
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(API_KEY.slice(3));
  expect(text).not.toContain(WEBHOOK_TOKEN);
  expect(text).not.toContain(MERCHANT_SECRET);
}

describe('log records', () => {
  it('FeexPay failing with an answer that echoes the key and the phone: neither is logged', async () => {
    const echo = JSON.stringify({
      message: `Bad token Bearer ${API_KEY} for ${PHONE}`,
      phoneNumber: Number(PHONE),
    });
    agent
      .get(ORIGIN)
      .intercept({ path: /\/api\/transactions\/public\/single\/status\//, method: 'GET' })
      .reply(503, echo, { headers: { 'content-type': 'application/json' } })
      .persist();
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/transactions/public/requesttopay/mtn', method: 'POST' })
      .replyWithError(new Error(`socket hang up while sending ${PHONE}`));

    const client = m.client.createFeexPayClient({
      baseUrl: `${ORIGIN}/api`,
      apiKey: API_KEY,
      shopId: 'shop123456789ab',
      statusBackoffMs: [1],
    });
    const statusError = await client.getStatus('ref-1').catch((error: unknown) => error);
    const payError = await client
      .requestToPay({ network: 'mtn', phoneNumber: PHONE, amount: 1500, callbackInfo: 'pay_1' })
      .catch((error: unknown) => error);
    // What a handler does with an error it cannot map: log it whole, cause and excerpt included.
    m.logger.logger.error('FeexPay call failed', { error: statusError });
    m.logger.logger.error('FeexPay call failed', { error: payError });

    expectNothingSensitive();
    const text = output.join('');
    expect(text).toContain('FeexPay status read failed, retrying');
    expect(text).toContain(m.logger.maskPhone(PHONE));
  });

  it('initiate refusing a bad body: the phone is not logged and the record carries the correlation id', async () => {
    const response = await m.initiate.handler(
      apiEvent({
        method: 'POST',
        path: '/api/v1/payments/feexpay/initiate',
        sub: 'user-1',
        headers: { 'idempotency-key': 'k-1', 'x-correlation-id': 'corr-initiate-1' },
        body: { network: 'mtn', phoneNumber: PHONE, amount: 'lots', surprise: PHONE },
      }),
      {} as never,
    );
    expect(response.statusCode).toBe(400);
    expectNothingSensitive();
    const rejected = records().find((r) => r.message === 'Request rejected');
    expect(rejected).toMatchObject({ correlationId: 'corr-initiate-1', status: 400 });
  });

  it('an unexpected error inside a route: scrubbed, with the correlation id', async () => {
    const handler = m.http.rawRouteHandler({ route: testRoute() }, async () => {
      throw new Error(`FeexPay said no to ${PHONE} with ${API_KEY}`);
    });
    const response = await handler(
      apiEvent({ headers: { 'x-correlation-id': 'corr-unexpected-1' } }),
      {} as never,
    );
    expect(response.statusCode).toBe(500);
    expectNothingSensitive();
    const unexpected = records().find((r) => r.message === 'Unexpected error');
    expect(unexpected).toMatchObject({ level: 'ERROR', correlationId: 'corr-unexpected-1' });
    expect(JSON.stringify(unexpected)).toContain('fp_***');
  });

  it('a webhook with a wrong token: the right token is never logged, the record carries the correlation id', async () => {
    const response = await m.webhook.handler(
      {
        ...apiEvent({
          method: 'POST',
          path: '/api/v1/payments/feexpay/webhook',
          headers: { 'x-correlation-id': 'corr-webhook-1' },
          query: { token: `${WEBHOOK_TOKEN}x` },
          body: { reference: 'ref-1', status: 'SUCCESSFUL', phoneNumber: Number(PHONE) },
        }),
      },
      {} as never,
    );
    expect(response.statusCode).toBe(401);
    expectNothingSensitive();
    const rejected = records().find((r) => String(r.message).startsWith('Webhook rejected'));
    expect(rejected).toMatchObject({ level: 'WARN', correlationId: 'corr-webhook-1' });
  });

  it('a secret that is not JSON: the failure is logged without a single character of it', async () => {
    clearCaches();
    // An operator pasted the bare values instead of the JSON object.
    const pasted = `shopZq3456789ab ${API_KEY}`;
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: pasted });
    const response = await m.webhook.handler(
      apiEvent({
        method: 'POST',
        path: '/api/v1/payments/feexpay/webhook',
        headers: { 'x-correlation-id': 'corr-secret-1' },
        query: { token: WEBHOOK_TOKEN },
        body: { reference: 'ref-1', status: 'SUCCESSFUL' },
      }),
      {} as never,
    );
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('fp_');
    const text = output.join('');
    expect(text).toContain('FeexPay secret is not valid JSON');
    // Not the JSON parser's quote of the text (`Unexpected token 's', "shopZq3456"…`), nor any
    // other piece of it.
    expect(text).not.toContain('shopZq');
    expect(text).not.toContain('Unexpected token');
    expect(text).not.toContain('fp_');
    clearCaches();
  });

  it('the safety net: secret-named keys, key-shaped text and phone numbers are masked anywhere', () => {
    m.logger.logger.info('Everything at once', {
      apiKey: API_KEY,
      webhookToken: WEBHOOK_TOKEN,
      headers: { authorization: `Bearer ${API_KEY}`, 'x-other': 'fine' },
      secret: { merchantWebhookSecret: MERCHANT_SECRET },
      phoneNumber: Number(PHONE),
      customer: { phone: `+${PHONE}` },
      note: `call ${PHONE} then retry with ${MERCHANT_SECRET} at https://x.test/webhook/?token=${WEBHOOK_TOKEN}`,
      tokenPresent: true,
      reference: '6a00a986-fcb9-4491-93d5-286930341234',
      amount: 1500,
    });
    expectNothingSensitive();
    const [record] = records();
    expect(record).toMatchObject({
      apiKey: '***',
      webhookToken: '***',
      headers: { authorization: '***', 'x-other': 'fine' },
      secret: '***',
      phoneNumber: m.logger.maskPhone(PHONE),
      tokenPresent: true,
      // Ids stay searchable; amounts stay numbers.
      reference: '6a00a986-fcb9-4491-93d5-286930341234',
      amount: 1500,
    });
    expect(record?.note).toBe(
      `call ${m.logger.maskPhone(PHONE)} then retry with whsec_*** at https://x.test/webhook/?token=***`,
    );
  });
});
