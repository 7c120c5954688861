import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/health-check.ts';
import { overrideConfig } from '../../shared/config.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';

overrideConfig({ tableName: 'payments-table-internal-name' });
const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const secretValue = JSON.stringify({
  apiKey: `fp_${'k'.repeat(64)}`,
  shopId: 'shop-1',
  webhookToken: 'w'.repeat(32),
  merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
});

describe('GET health/', () => {
  beforeEach(() => {
    dynamo.reset();
    secrets.reset();
    clearCaches();
  });

  it('answers 200 when DynamoDB and the FeexPay secret are reachable', async () => {
    dynamo.on(GetCommand).resolves({});
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretValue });
    const res = await handler(apiEvent({ path: '/api/v1/payments/feexpay/health' }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({
      status: 'ok',
      checks: { dynamodb: 'ok', feexpaySecret: 'ok' },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 naming the failing check, without leaking internals', async () => {
    dynamo.on(GetCommand).rejects(new Error('AccessDenied on payments-table-internal-name'));
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretValue });
    const res = await handler(apiEvent({ path: '/api/v1/payments/feexpay/health' }), lambdaContext);
    expect(res.statusCode).toBe(503);
    const body = JSON.parse(res.body as string);
    expect(body.checks).toEqual({ dynamodb: 'fail', feexpaySecret: 'ok' });
    expect(body.detail).toContain('dynamodb');
    expect(res.body).not.toContain('payments-table-internal-name');
    expect(res.body).not.toContain('AccessDenied');
  });

  it('reports a malformed secret as a failed check and never echoes its values', async () => {
    dynamo.on(GetCommand).resolves({});
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ apiKey: 'fp_leak' }) });
    const res = await handler(apiEvent({ path: '/api/v1/payments/feexpay/health' }), lambdaContext);
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body as string).checks.feexpaySecret).toBe('fail');
    expect(res.body).not.toContain('fp_leak');
  });
});
