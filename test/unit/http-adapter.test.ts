import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';

const echo = httpHandler(
  {
    auth: true,
    body: z.strictObject({ amount: z.number().int(), note: z.string().max(5).optional() }),
    maxBodyBytes: 100,
  },
  async ({ body, userId }) => ({ status: 201, body: { ...body, userId } }),
);

async function call(handler: typeof echo, ...args: Parameters<typeof apiEvent>) {
  const response = await handler(apiEvent(...args), lambdaContext);
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

describe('the HTTP adapter', () => {
  it('gives the route its validated body and the caller', async () => {
    const res = await call(echo, { method: 'POST', sub: 'user-1', body: { amount: 500 } });
    expect(res.statusCode).toBe(201);
    expect(res.json).toEqual({ amount: 500, userId: 'user-1' });
    expect(res.headers['x-correlation-id']).toBe('req-test');
  });

  it('decodes base64 bodies as API Gateway sends them', async () => {
    const body = Buffer.from(JSON.stringify({ amount: 7 })).toString('base64');
    const res = await call(echo, {
      method: 'POST',
      sub: 'u',
      body,
      isBase64Encoded: true,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.json).toEqual({ amount: 7, userId: 'u' });
  });

  it('answers 401 when no caller reached a protected route', async () => {
    const res = await call(echo, { method: 'POST', body: { amount: 1 } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it.each([
    [
      'malformed JSON',
      { body: '{"amount":', headers: { 'content-type': 'application/json' } },
      400,
      'malformed_json',
    ],
    [
      'a non-JSON content type',
      { body: 'amount=1', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
    ['no content type', { body: '{"amount":1}', headers: {} }, 415, 'unsupported_media_type'],
    [
      'an empty body',
      { body: '', headers: { 'content-type': 'application/json' } },
      400,
      'validation_failed',
    ],
    [
      'an oversized body',
      {
        body: JSON.stringify({ amount: 1, pad: 'x'.repeat(200) }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'payload_too_large',
    ],
  ])('rejects %s with a problem+json %i', async (_, options, status, code) => {
    const res = await call(echo, { method: 'POST', sub: 'u', ...options });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.json).toMatchObject({ status, code, correlationId: 'req-test' });
    expect(res.json.type).toMatch(/^urn:feexpay-serverless:problem:/);
  });

  it('names every offending field, unknown ones included', async () => {
    const res = await call(echo, {
      method: 'POST',
      sub: 'u',
      body: { amount: 1.5, note: 'too long', extra: true },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['amount', 'extra', 'note']);
  });

  it('maps typed errors to their status and headers', async () => {
    const busy = httpHandler({}, async () => {
      throw new ConflictError('Still running.', {
        code: 'request_in_progress',
        retryAfterSeconds: 2,
      });
    });
    const res = await call(busy);
    expect(res.statusCode).toBe(409);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json).toMatchObject({ code: 'request_in_progress', detail: 'Still running.' });
  });

  it('hides unexpected errors behind a generic 500 with the correlation id', async () => {
    const broken = httpHandler({}, async () => {
      throw new Error('secret internal detail: table payments-prod');
    });
    const res = await call(broken, { headers: { 'x-correlation-id': 'corr-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.json).toMatchObject({ code: 'internal_error', correlationId: 'corr-42' });
  });
});
