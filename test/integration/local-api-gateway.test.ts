/**
 * The local API Gateway (local/api-gateway.ts) through real HTTP: payload 2.0 events as the
 * handler sees them, the JWT authorizer's verdicts, API Gateway's response rules, and problem+json
 * for everything the gateway refuses itself.
 */

import { connect } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, type AuthRule, checkoutPage, routes as declaredRoutes } from '../../lib/routes.ts';
import { type LocalRoute, startApiGateway } from '../../local/api-gateway.ts';
import type { LocalStack } from '../../local/stack.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: the echoed event is inspected field by field
const echo = async (event: any) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(event),
});

const testRoutes: LocalRoute[] = [
  { id: 'TestEcho', method: 'GET', path: 'test/echo/{id}', auth: 'public', handler: echo },
  { id: 'TestEchoPost', method: 'POST', path: 'test/echo/{id}', auth: 'public', handler: echo },
  { id: 'TestSecure', method: 'GET', path: 'test/secure', auth: 'customer', handler: echo },
  {
    id: 'TestString',
    method: 'GET',
    path: 'test/string',
    auth: 'public',
    handler: async () => 'hello',
  },
  {
    id: 'TestObject',
    method: 'GET',
    path: 'test/object',
    auth: 'public',
    handler: async () => ({ hello: 'world' }),
  },
  {
    id: 'TestBinary',
    method: 'GET',
    path: 'test/binary',
    auth: 'public',
    handler: async () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/octet-stream', 'x-count': 3 },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    }),
  },
  {
    id: 'TestSlow',
    method: 'GET',
    path: 'test/slow',
    auth: 'public',
    timeoutSeconds: 1,
    handler: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { statusCode: 200, body: 'too late' };
    },
  },
  {
    id: 'TestThrow',
    method: 'GET',
    path: 'test/throw',
    auth: 'public',
    handler: async () => {
      throw new Error('boom');
    },
  },
];

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({
    routes: [...declaredRoutes, ...testRoutes],
    simulator: false,
    log: () => {},
  });
});
afterAll(() => stack?.stop());

describe('routing', () => {
  it('serves a path with and without the trailing slash', async () => {
    const withSlash = await api(stack, 'GET', 'test/echo/abc/');
    const without = await api(stack, 'GET', 'test/echo/abc');
    expect(withSlash.status).toBe(200);
    expect(without.status).toBe(200);
    expect(withSlash.body.pathParameters).toEqual({ id: 'abc' });
    expect(without.body.routeKey).toBe('GET /api/v1/payments/feexpay/test/echo/{id}');
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const res = await api(stack, 'GET', 'no/such/thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers a wrong method with 405 problem+json and Allow', async () => {
    const res = await api(stack, 'DELETE', 'health/');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('answers paths outside the API with 404 problem+json', async () => {
    const res = await fetch(`${stack.baseUrl}/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('runs the real health route', async () => {
    const res = await api(stack, 'GET', 'health/');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});

describe('the payload 2.0 event', () => {
  it('carries the fields API Gateway sets', async () => {
    const res = await fetch(`${stack.apiUrl}/test/echo/a%20b?x=1&x=2&y=&z=%C3%A9`, {
      headers: {
        'X-Custom': 'Value',
        cookie: 'c1=v1; c2=v2',
        'user-agent': 'gateway-test',
        'x-correlation-id': 'corr-123',
      },
    });
    const event = await res.json();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/v1/payments/feexpay/test/echo/{id}',
      rawPath: '/api/v1/payments/feexpay/test/echo/a%20b',
      rawQueryString: 'x=1&x=2&y=&z=%C3%A9',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { x: '1,2', y: '', z: 'é' },
      pathParameters: { id: 'a b' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/api/v1/payments/feexpay/test/echo/a%20b',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'gateway-test',
        },
        routeKey: 'GET /api/v1/payments/feexpay/test/echo/{id}',
        stage: '$default',
      },
    });
    expect(event.headers['x-custom']).toBe('Value');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.body).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('omits queryStringParameters and pathParameters when there are none', async () => {
    const res = await fetch(`${stack.apiUrl}/test/echo/x`);
    const event = await res.json();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.rawQueryString).toBe('');
  });

  it('comma-joins repeated headers', async () => {
    const raw = await rawRequest(
      'GET /api/v1/payments/feexpay/test/echo/x HTTP/1.1\r\nHost: localhost\r\nX-Multi: a\r\nX-Multi: b\r\nConnection: close\r\n\r\n',
    );
    const event = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(event.headers['x-multi']).toBe('a,b');
  });

  it('passes JSON and text bodies as text', async () => {
    const json = await api(stack, 'POST', 'test/echo/x', { body: { a: 1 } });
    expect(json.body).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const text = await api(stack, 'POST', 'test/echo/x', {
      body: 'plain',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(text.body).toMatchObject({ body: 'plain', isBase64Encoded: false });
    const form = await api(stack, 'POST', 'test/echo/x', {
      body: 'a=1&b=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.body).toMatchObject({ body: 'a=1&b=2', isBase64Encoded: false });
  });

  it('base64-encodes binary bodies and bodies without a content type', async () => {
    const bytes = Buffer.from([0, 159, 146, 150, 255]);
    const binary = await fetch(`${stack.apiUrl}/test/echo/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const event = await binary.json();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64').equals(bytes)).toBe(true);

    const untyped = await rawRequest(
      'POST /api/v1/payments/feexpay/test/echo/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
    );
    const untypedEvent = JSON.parse(untyped.slice(untyped.indexOf('\r\n\r\n') + 4));
    expect(untypedEvent).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from('hello').toString('base64'),
    });
  });

  it('refuses bodies over 10 MB with 413 problem+json', async () => {
    const res = await fetch(`${stack.apiUrl}/test/echo/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
  });
});

describe('API Gateway response rules', () => {
  it('turns a string result into a 200 JSON body', async () => {
    const res = await fetch(`${stack.apiUrl}/test/string`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('hello');
  });

  it('turns an object without statusCode into a 200 JSON body', async () => {
    const res = await api(stack, 'GET', 'test/object');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hello: 'world' });
  });

  it('writes status, headers, cookies and a base64 body', async () => {
    const res = await fetch(`${stack.apiUrl}/test/binary`);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-count')).toBe('3');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
  });

  it('answers 500 problem+json when the function throws', async () => {
    const res = await api(stack, 'GET', 'test/throw', { headers: { 'x-correlation-id': 'c-500' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 500, code: 'internal_error', correlationId: 'c-500' });
    expect(res.text).not.toContain('boom');
  });
});

describe('function timeouts', () => {
  it('answers 500 problem+json when the function outlives its timeout, as a failed invocation', async () => {
    const res = await api(stack, 'GET', 'test/slow');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'internal_error' });
  });
});

describe('the JWT authorizer', () => {
  it('hands the verified claims to the function', async () => {
    const token = await tokenFor('user-42', { claims: { scope: 'payments:read payments:write' } });
    const res = await api(stack, 'GET', 'test/secure', { token });
    expect(res.status).toBe(200);
    const jwt = res.body.requestContext.authorizer.jwt;
    expect(jwt.claims).toMatchObject({
      sub: 'user-42',
      iss: stack.settings.jwtIssuer,
      aud: stack.settings.jwtAudience,
    });
    expect(typeof jwt.claims.exp).toBe('string');
    expect(jwt.scopes).toEqual(['payments:read', 'payments:write']);
  });

  it('accepts the token without the Bearer prefix, as API Gateway does', async () => {
    const token = await tokenFor('user-1');
    const res = await api(stack, 'GET', 'test/secure', { headers: { authorization: token } });
    expect(res.status).toBe(200);
  });

  it('accepts tokens from the stack’s own issuer for at least an hour', async () => {
    const token = await stack.issuer.sign('user-2');
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(payload.exp - payload.iat).toBeGreaterThanOrEqual(3600);
    expect((await api(stack, 'GET', 'test/secure', { token })).status).toBe(200);
  });

  const foreignKey = generateKeyPair('RS256');
  const cases: [string, () => Promise<string | undefined>][] = [
    ['missing', async () => undefined],
    ['not a JWT', async () => 'not-a-token'],
    ['expired', () => tokenFor('u', { expiresInSeconds: -10 })],
    ['not yet valid', () => tokenFor('u', { notBeforeInSeconds: 600 })],
    [
      'issued in the future',
      () => tokenFor('u', { claims: { iat: Math.floor(Date.now() / 1000) + 600 } }),
    ],
    ['from a foreign issuer', () => tokenFor('u', { claims: { iss: 'https://evil.example/' } })],
    ['for another audience', () => tokenFor('u', { claims: { aud: 'someone-else' } })],
    [
      'alg none',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
          'base64url',
        );
        const now = Math.floor(Date.now() / 1000);
        const payload = Buffer.from(
          JSON.stringify({
            sub: 'u',
            iss: stack.settings.jwtIssuer,
            aud: stack.settings.jwtAudience,
            iat: now,
            exp: now + 3600,
          }),
        ).toString('base64url');
        return `${header}.${payload}.`;
      },
    ],
    [
      'HS256 signed with the public key as secret',
      async () =>
        new SignJWT({ sub: 'u', iss: stack.settings.jwtIssuer, aud: stack.settings.jwtAudience })
          .setProtectedHeader({ alg: 'HS256', kid: stack.issuer.kid })
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(JSON.stringify(stack.issuer.jwks.keys[0]))),
    ],
    [
      'tampered',
      async () => {
        const [h, p, s] = (await tokenFor('u')).split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        claims.sub = 'admin';
        return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      },
    ],
    [
      'signed by another key under our kid',
      async () =>
        new SignJWT({ sub: 'u', iss: stack.settings.jwtIssuer, aud: stack.settings.jwtAudience })
          .setProtectedHeader({ alg: 'RS256', kid: stack.issuer.kid })
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign((await foreignKey).privateKey),
    ],
    ['without exp', () => tokenFor('u', { claims: { exp: undefined } })],
  ];
  it.each(cases)('refuses a token that is %s with 401 problem+json', async (_name, make) => {
    const token = await make();
    const res = await api(stack, 'GET', 'test/secure', token ? { token } : {});
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('accepts client_id in place of a missing aud, as API Gateway does', async () => {
    const token = await tokenFor('u', {
      claims: { aud: undefined, client_id: stack.settings.jwtAudience },
    });
    expect((await api(stack, 'GET', 'test/secure', { token })).status).toBe(200);
  });

  it('publishes its public key as a JWKS', async () => {
    const res = await fetch(`${stack.baseUrl}/.well-known/jwks.json`);
    const jwks = await res.json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: stack.issuer.kid, alg: 'RS256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});

describe('OAuth2 scopes of an auth kind', () => {
  it('answer 403 problem+json to a valid token without the scope, and pass one with it', async () => {
    const gateway = await startApiGateway({
      host: '127.0.0.1',
      port: 0,
      issuer: stack.issuer,
      // The merchant role, under the scope name an operator configured (MERCHANT_SCOPE).
      scopes: { merchant: 'payments/test', operator: 'payments/admin' },
      routes: [
        { id: 'TestScoped', method: 'GET', path: 'test/scoped', auth: 'merchant', handler: echo },
      ],
      log: () => {},
    });
    try {
      const url = `${gateway.url}/api/v1/payments/feexpay/test/scoped`;
      const customer = await fetch(url, {
        headers: { authorization: `Bearer ${await tokenFor('u-scope')}` },
      });
      expect(customer.status).toBe(403);
      expect(customer.headers.get('content-type')).toBe('application/problem+json');
      expect(customer.headers.get('www-authenticate')).toContain('insufficient_scope');
      expect(await customer.json()).toMatchObject({ status: 403, code: 'insufficient_scope' });
      const scoped = await fetch(url, {
        headers: {
          authorization: `Bearer ${await tokenFor('u-scope', { claims: { scope: 'other payments/test' } })}`,
        },
      });
      expect(scoped.status).toBe(200);
      expect((await scoped.json()).requestContext.authorizer.jwt.scopes).toEqual([
        'other',
        'payments/test',
      ]);
      expect((await fetch(url)).status).toBe(401);
    } finally {
      await gateway.close();
    }
  });

  it('refuses a route whose auth kind it does not know', async () => {
    await expect(
      startApiGateway({
        host: '127.0.0.1',
        port: 0,
        issuer: stack.issuer,
        routes: [{ id: 'TestOdd', method: 'GET', path: 'test/odd', auth: 'nobody', handler: echo }],
      }),
    ).rejects.toThrow(/unknown auth kind "nobody"/);
  });
});

describe('the real routes through the gateway', () => {
  it('refuses a protected route without a token before the function runs', async () => {
    const res = await api(stack, 'GET', 'history/');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('serves a protected route with a local token', async () => {
    const res = await api(stack, 'GET', 'history', { sub: 'gateway-user' });
    expect(res.status).toBe(200);
  });

  it('answers a non-JSON body with 415 and broken JSON with 400, both problem+json', async () => {
    const token = await tokenFor('gateway-user');
    const headers = { 'idempotency-key': 'gateway-test-key-0001' };
    const text = await api(stack, 'POST', 'initiate/', {
      token,
      body: 'amount=100',
      headers: { ...headers, 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toBe('application/problem+json');
    const broken = await api(stack, 'POST', 'initiate/', { token, body: '{"amount":', headers });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('every malformed request to a real route gets a 4xx problem+json, never a 5xx', () => {
  const ids = ['x', '%00', '%FF%FE', 'a'.repeat(2_000), '..', '%2F', 'pay_%20%20'];
  const bodies: [string, string | Uint8Array<ArrayBuffer> | undefined][] = [
    ['application/json', undefined],
    ['application/json', ''],
    ['application/json', 'null'],
    ['application/json', '[]'],
    ['application/json', '"text"'],
    ['application/json', '{'],
    ['application/json', '{"amount":1e999,"phone":[],"network":{}}'],
    ['application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}'],
    ['application/json', `${'['.repeat(5_000)}${']'.repeat(5_000)}`],
    ['application/json', JSON.stringify({ amount: 100, description: 'x'.repeat(20_000) })],
    ['application/json; charset=latin1', '{"amount":100}'],
    ['application/octet-stream', new Uint8Array([0xff, 0xfe, 0x00, 0x01])],
    ['text/plain', 'amount=100'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
  ];
  const queries = [
    '',
    '?limit=-1',
    '?limit=abc',
    '?limit=1e9',
    '?cursor=%%%',
    `?cursor=${'A'.repeat(5_000)}`,
    '?status=NOPE&status=X',
  ];
  const headerSets: Record<string, string>[] = [
    {},
    { 'idempotency-key': '' },
    { 'idempotency-key': 'k'.repeat(1_000) },
    { 'idempotency-key': 'ok-key-000000001', 'x-correlation-id': '<script>' },
  ];

  it('holds for every route, path, query, body and header variant', async () => {
    const failures: string[] = [];
    let n = 0;
    for (const route of declaredRoutes) {
      const paths = route.path.includes('{')
        ? ids.map((id) => route.path.replace(/\{\w+\}/, id))
        : [route.path];
      for (const path of paths) {
        const variants: {
          query: string;
          body?: [string, string | Uint8Array<ArrayBuffer> | undefined];
          headers: Record<string, string>;
        }[] = [];
        for (const query of route.method === 'GET' ? queries : ['']) {
          for (const headers of headerSets) {
            if (route.method === 'POST')
              for (const body of bodies) variants.push({ query, body, headers });
            else variants.push({ query, headers });
          }
        }
        for (const variant of variants) {
          n += 1;
          const headers: Record<string, string> = { ...variant.headers };
          if ((AUTH[route.auth] as AuthRule).jwt) {
            headers.authorization = `Bearer ${await tokenFor(`fuzz-${n}`)}`;
          }
          if (variant.body) headers['content-type'] = variant.body[0];
          const url = `${stack.apiUrl}/${path}/${variant.query}`;
          const res = await fetch(url, { method: route.method, headers, body: variant.body?.[1] });
          const text = await res.text();
          const type = res.headers.get('content-type') ?? '';
          // The hosted page answers an unknown checkout with a page, as documented.
          const pageNotFound =
            route.id === checkoutPage.id && res.status === 404 && type.startsWith('text/html');
          if (
            res.status >= 500 ||
            (res.status >= 400 && type !== 'application/problem+json' && !pageNotFound)
          ) {
            failures.push(
              `${route.method} ${url.slice(0, 160)} [${variant.body?.[0] ?? ''}] → ${res.status} ${text.slice(0, 120)}`,
            );
          }
        }
      }
    }
    expect(n).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('malformed requests', () => {
  it('answers broken HTTP with 400 problem+json', async () => {
    const raw = await rawRequest('GARBAGE\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400 });
  });

  it('answers oversized headers with 431 problem+json', async () => {
    const raw = await rawRequest(
      `GET /api/v1/payments/feexpay/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toContain('application/problem+json');
  });

  it('hands a path parameter that is not percent-encoded UTF-8 to $default, which answers 400', async () => {
    // As API Gateway: no route takes it, so the `$default` function must (functions/not-found.ts).
    for (const id of ['%E0%A4%A', '%ZZ', '%C3%28']) {
      const res = await fetch(`${stack.apiUrl}/${id}/status`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ errors: [{ field: 'path' }] });
    }
  });
});

describe('the merchant-webhook sink', () => {
  it('records what it receives and lists it', async () => {
    const post = await fetch(`${stack.baseUrl}/_local/merchant-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      body: '{"type":"payment.succeeded"}',
    });
    expect(post.status).toBe(204);
    const list = await (await fetch(`${stack.baseUrl}/_local/merchant-webhook`)).json();
    expect(list.deliveries.at(-1)).toMatchObject({
      body: '{"type":"payment.succeeded"}',
      headers: { 'webhook-id': 'msg_1' },
    });
    expect(stack.merchantDeliveries.length).toBeGreaterThan(0);
  });
});

/** Sends raw bytes to the gateway and returns everything it answers. */
function rawRequest(request: string): Promise<string> {
  const url = new URL(stack.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
