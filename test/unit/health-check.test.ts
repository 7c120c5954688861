/**
 * GET health/ (functions/health-check.ts, shared/health.ts): what a stranger learns (ok or
 * degraded, nothing else), what the deployment's `healthDetail` adds, and what a flood costs (the
 * checks run at most once per 10 s per environment).
 */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/health-check.ts';
import { overrideConfig, resetConfig } from '../../shared/config.ts';
import { clearHealthCache, HEALTH_CACHE_SECONDS } from '../../shared/health.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const secretValue = JSON.stringify({
  apiKey: `fp_${'k'.repeat(64)}`,
  shopId: 'shop-1',
  webhookToken: 'w'.repeat(32),
  merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
});

async function health() {
  const res = await handler(apiEvent({ path: '/api/v1/payments/feexpay/health' }), lambdaContext);
  return { ...res, json: JSON.parse(res.body as string) };
}

describe('GET health/', () => {
  beforeEach(() => {
    resetConfig();
    overrideConfig({ tableName: 'payments-table-internal-name' });
    dynamo.reset();
    secrets.reset();
    clearCaches();
    clearHealthCache();
  });

  afterEach(() => {
    vi.useRealTimers();
    resetConfig();
  });

  it('answers a stranger 200 {"status":"ok"} and nothing more, never cached', async () => {
    dynamo.on(GetCommand).resolves({});
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretValue });
    const res = await health();
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 {"status":"degraded"} when a check fails, without naming it or any internals', async () => {
    dynamo.on(GetCommand).rejects(new Error('AccessDenied on payments-table-internal-name'));
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretValue });
    const res = await health();
    expect(res.statusCode).toBe(503);
    expect(res.json).toEqual({ status: 'degraded' });
    expect(res.body).not.toContain('dynamodb');
    expect(res.body).not.toContain('payments-table-internal-name');
  });

  it('names each check where the deployment enables the detail (healthDetail)', async () => {
    overrideConfig({ healthDetail: true });
    dynamo.on(GetCommand).resolves({});
    secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    const res = await health();
    expect(res.statusCode).toBe(503);
    expect(res.json).toEqual({
      status: 'degraded',
      checks: { dynamodb: 'ok', secretsManager: 'fail' },
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(res.body).not.toContain('AccessDenied');
  });

  it('never says whether the secret parses: a secret that is not JSON, or lacks keys, is "ok"', async () => {
    overrideConfig({ healthDetail: true });
    dynamo.on(GetCommand).resolves({});
    for (const value of ['fp_leak not json', JSON.stringify({ apiKey: 'fp_leak' })]) {
      clearCaches();
      clearHealthCache();
      secrets.on(GetSecretValueCommand).resolves({ SecretString: value });
      const res = await health();
      expect(res.statusCode).toBe(200);
      expect(res.json.checks).toEqual({ dynamodb: 'ok', secretsManager: 'ok' });
      expect(res.body).not.toContain('fp_leak');
    }
  });

  it('runs the checks at most once per 10 s: a flood of probes costs one DynamoDB read', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T09:40:00Z'));
    dynamo.on(GetCommand).resolves({});
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretValue });
    const answers = await Promise.all(Array.from({ length: 50 }, () => health()));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    vi.setSystemTime(new Date(Date.now() + (HEALTH_CACHE_SECONDS - 1) * 1000));
    await health();
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
    // Then the next probe checks again, and sees DynamoDB failing.
    dynamo.on(GetCommand).rejects(new Error('down'));
    vi.setSystemTime(new Date(Date.now() + 1000));
    expect((await health()).statusCode).toBe(503);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});
