/**
 * The handler wrapper (shared/http/handler.ts): what a route's contract declares is enforced before
 * the route's function runs, and every outcome is an answer with the correlation id.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError } from '../../shared/errors.ts';
import { rawRouteHandler, routeHandler } from '../../shared/http/handler.ts';
import { apiEvent, lambdaContext, testRoute } from '../support/api-event.ts';

const echo = routeHandler(
  {
    route: testRoute({ auth: 'customer' }),
    body: z.strictObject({ amount: z.number().int(), note: z.string().max(5).optional() }),
    maxBodyBytes: 100,
  },
  async ({ body, userId }) => ({ status: 201, body: { ...body, userId } }),
);

const keyed = routeHandler(
  {
    route: testRoute({ auth: 'customer', path: 'test/{id}' }),
    params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
    body: z.strictObject({ otp: z.string().optional() }),
    bodyOptional: true,
    idempotent: true,
  },
  async ({ params, body, idempotencyKey }) => ({
    status: 201,
    body: { id: params.id, otp: body.otp ?? null, idempotencyKey },
  }),
);

async function call(handler: typeof echo, ...args: Parameters<typeof apiEvent>) {
  const response = await handler(apiEvent(...args), lambdaContext);
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

describe('the handler wrapper', () => {
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

  it('answers 403 insufficient_scope when a merchant route is reached without the merchant scope', async () => {
    const merchantOnly = rawRouteHandler(
      { route: testRoute({ auth: 'merchant', method: 'GET' }) },
      async ({ userId }) => ({ status: 200, body: { userId } }),
    );
    const event = (scopes: string[] | null, scope?: string) => {
      const e = apiEvent({ sub: 'client-1' });
      e.requestContext.authorizer = {
        jwt: { claims: { sub: 'client-1', ...(scope ? { scope } : {}) }, scopes },
      };
      return e;
    };
    const customer = await merchantOnly(event(null), lambdaContext);
    expect(customer.statusCode).toBe(403);
    expect(JSON.parse(String(customer.body))).toMatchObject({ code: 'insufficient_scope' });
    expect((await merchantOnly(event(['payments/merchant']), lambdaContext)).statusCode).toBe(200);
    // As API Gateway may hand it: only the claim.
    expect((await merchantOnly(event(null, 'a payments/merchant'), lambdaContext)).statusCode).toBe(
      200,
    );
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

  it('refuses strings that are not Unicode text (an unpaired surrogate escape), naming each', async () => {
    const metadata = routeHandler(
      { route: testRoute({ auth: 'public' }), body: z.record(z.string(), z.unknown()) },
      async () => ({ status: 201 }),
    );
    const res = await call(metadata, {
      method: 'POST',
      body: '{"name":"Ada\\ud800","tags":["ok","\\udfff"],"meta":{"\\ud800k":1},"fine":"caf\\u00e9 \\ud83d\\ude00"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual([
      'name',
      'tags.1',
      'meta.\ufffdk',
    ]);
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

  const callKeyed = (id: string, headers: Record<string, string>) =>
    call(keyed, { method: 'POST', sub: 'u', pathParameters: { id }, headers });

  it('hands over the Idempotency-Key of an idempotent route, an empty optional body as {}', async () => {
    const res = await callKeyed('abc', { 'idempotency-key': 'key-1' });
    expect(res.statusCode).toBe(201);
    expect(res.json).toEqual({ id: 'abc', otp: null, idempotencyKey: 'key-1' });
  });

  it.each([
    ['without an Idempotency-Key', 'abc', {}, 'Idempotency-Key'],
    [
      'with a control character in the key',
      'abc',
      { 'idempotency-key': 'a\u0001b' },
      'Idempotency-Key',
    ],
    ['with a bad path parameter', 'ABC', { 'idempotency-key': 'key-1' }, 'path.id'],
  ])('refuses an idempotent route %s with a 400 naming it', async (_, id, headers, field) => {
    const res = await callKeyed(id, headers);
    expect(res.statusCode).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('maps typed errors to their status and headers', async () => {
    const busy = rawRouteHandler({ route: testRoute() }, async () => {
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
    const broken = rawRouteHandler({ route: testRoute() }, async () => {
      throw new Error('secret internal detail: table payments-prod');
    });
    const res = await call(broken, { headers: { 'x-correlation-id': 'corr-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.json).toMatchObject({ code: 'internal_error', correlationId: 'corr-42' });
  });
});

describe('the header policy (shared/http/headers.ts) on every answer', () => {
  const security = {
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
  };

  it('marks an authenticated answer no-store, even if the route asked for caching', async () => {
    const cached = rawRouteHandler({ route: testRoute({ auth: 'customer' }) }, async () => ({
      status: 200,
      body: { mine: true },
      headers: { 'cache-control': 'public, max-age=600' },
    }));
    const ok = await call(cached, { sub: 'user-1' });
    expect(ok.headers).toMatchObject({ ...security, 'cache-control': 'no-store' });
    // Its refusals too (here: no caller).
    const refused = await call(cached);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers).toMatchObject({ ...security, 'cache-control': 'no-store' });
  });

  it('lets a public route make its answer cacheable, and defaults to no-store', async () => {
    const catalog = rawRouteHandler({ route: testRoute({ auth: 'public' }) }, async () => ({
      status: 200,
      body: {},
      headers: { 'cache-control': 'public, max-age=3600' },
    }));
    expect((await call(catalog)).headers).toMatchObject({
      ...security,
      'cache-control': 'public, max-age=3600',
    });
    const plain = rawRouteHandler({ route: testRoute({ auth: 'public' }) }, async () => ({
      status: 202,
    }));
    expect((await call(plain)).headers).toMatchObject({ ...security, 'cache-control': 'no-store' });
  });

  it('puts the same headers on problems and on the generic 500', async () => {
    const broken = rawRouteHandler({ route: testRoute({ auth: 'webhookToken' }) }, async () => {
      throw new Error('boom');
    });
    const res = await call(broken);
    expect(res.statusCode).toBe(500);
    expect(res.headers).toMatchObject({ ...security, 'cache-control': 'no-store' });
  });
});
