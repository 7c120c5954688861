import { clearCaches } from '@aws-lambda-powertools/parameters';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/webhook-receive.ts';

const TOKEN = 'tok_0123456789abcdef0123456789';

const ddbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);
const secretsMock = mockClient(SecretsManagerClient);

beforeEach(() => {
  ddbMock.reset();
  sqsMock.reset();
  secretsMock.reset();
  secretsMock.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      apiKey: 'fp_test',
      shopId: 'shop',
      webhookToken: TOKEN,
      merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  });
  ddbMock.onAnyCommand().resolves({});
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });
});

const payload = {
  reference: '6a00a986-fcb9-4491-93d5-28693034ef95',
  order_id: '6a00a986-fcb9-4491-93d5-28693034ef95',
  status: 'SUCCESSFUL',
  amount: '1500',
  callback_info: 'pay_123',
  phoneNumber: 22997000000,
  reseau: 'MTN',
  type: 'Paiement',
  something_new: { nested: true },
};

function event(options: { token?: string; body?: string; base64?: boolean } = {}) {
  const body = options.body ?? JSON.stringify(payload);
  return {
    version: '2.0',
    routeKey: 'POST /webhook',
    rawPath: '/api/v1/payments/feexpay/webhook/',
    rawQueryString: options.token ? `token=${options.token}` : '',
    headers: { 'content-type': 'text/plain' },
    queryStringParameters: options.token ? { token: options.token } : undefined,
    requestContext: { requestId: 'req-1', http: { method: 'POST' } },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 === true,
  } as never;
}

const call = (e: unknown) => handler(e as never, {} as never);

describe('POST webhook/', () => {
  it('stores the raw body and queues the event with one write and one send, answering 200', async () => {
    const res = await call(event({ token: TOKEN }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({ received: true, duplicate: false });

    const writes = ddbMock.commandCalls(PutCommand);
    expect(ddbMock.calls()).toHaveLength(1);
    const item = writes[0]?.args[0].input.Item as Record<string, unknown>;
    expect(item.pk).toBe(`WEBHOOK#${payload.reference}#SUCCESSFUL`);
    expect(item.rawBody).toBe(JSON.stringify(payload));
    expect(item.amount).toBe(1500);
    expect(item.callbackInfo).toBe('pay_123');
    expect(writes[0]?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');

    const sends = sqsMock.commandCalls(SendMessageCommand);
    expect(sends).toHaveLength(1);
    expect(JSON.parse(sends[0]?.args[0].input.MessageBody as string)).toMatchObject({
      reference: payload.reference,
      claimedStatus: 'SUCCESSFUL',
      callbackInfo: 'pay_123',
    });
  });

  it('accepts a base64-encoded body and keeps it as delivered', async () => {
    const res = await call(event({ token: TOKEN, base64: true }));
    expect(res.statusCode).toBe(200);
    const item = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item as Record<string, unknown>;
    expect(item.isBase64Encoded).toBe(true);
    expect(Buffer.from(item.rawBody as string, 'base64').toString()).toBe(JSON.stringify(payload));
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'tok_wrong'],
    ['almost right', `${TOKEN}x`],
  ])('answers 401 for a %s token and stores or queues nothing', async (_label, token) => {
    const res = await call(event({ token }));
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(ddbMock.calls()).toHaveLength(0);
    expect(sqsMock.calls()).toHaveLength(0);
  });

  it('answers 400 malformed_json for a body that is not JSON', async () => {
    const res = await call(event({ token: TOKEN, body: '{"reference": ' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body as string).code).toBe('malformed_json');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('answers 400 naming the reference field when it is missing', async () => {
    const res = await call(event({ token: TOKEN, body: JSON.stringify({ status: 'SUCCESSFUL' }) }));
    expect(res.statusCode).toBe(400);
    const problem = JSON.parse(res.body as string);
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['reference']);
  });

  it('answers 413 for a body over 64 KB', async () => {
    const big = JSON.stringify({ ...payload, description: 'x'.repeat(70 * 1024) });
    const res = await call(event({ token: TOKEN, body: big }));
    expect(res.statusCode).toBe(413);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('answers 200 to a duplicate of a processed event and queues nothing', async () => {
    ddbMock.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'exists',
        $metadata: {},
        Item: marshall({ state: 'processed', processedAt: '2026-01-01T00:00:00.000Z' }),
      }),
    );
    const res = await call(event({ token: TOKEN }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({ received: true, duplicate: true });
    expect(sqsMock.calls()).toHaveLength(0);
  });

  it('re-queues a duplicate whose first copy was never processed (crash between store and send)', async () => {
    ddbMock.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'exists',
        $metadata: {},
        Item: marshall({ state: 'queued' }),
      }),
    );
    const res = await call(event({ token: TOKEN }));
    expect(res.statusCode).toBe(200);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('answers a generic 500 when the queue is down, so FeexPay may redeliver', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('boom'));
    const res = await call(event({ token: TOKEN }));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('boom');
  });
});

describe('rotating the webhook token', () => {
  const NEW_TOKEN = 'tok_new_fedcba9876543210fedcba98';

  beforeEach(() => {
    clearCaches();
    secretsMock.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        apiKey: 'fp_test',
        shopId: 'shop',
        webhookToken: NEW_TOKEN,
        webhookTokenPrevious: TOKEN,
        merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
    });
  });

  it('accepts the new token and, until the URL at FeexPay is updated, the previous one', async () => {
    expect((await call(event({ token: NEW_TOKEN }))).statusCode).toBe(200);
    expect((await call(event({ token: TOKEN }))).statusCode).toBe(200);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(2);
  });

  it('still refuses any other token', async () => {
    for (const token of ['tok_other_0123456789abcdef', `${TOKEN}x`, '']) {
      expect((await call(event({ token }))).statusCode).toBe(401);
    }
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
