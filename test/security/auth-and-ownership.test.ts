/**
 * Security tests through the local stack (its adapter verifies JWTs like API Gateway's authorizer):
 * bad tokens on every JWT route, a second user on every `{id}` route, oversized bodies and headers,
 * and malformed HTTP. Every refusal is problem+json; nothing about a payment leaks to a stranger.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE_PATH, AUTH, type AuthRule, routes } from '../../lib/routes.ts';
import type { LocalStack } from '../../local/stack.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

let stack: LocalStack;
let ownerToken = '';
let paymentId = '';
let failedPaymentId = '';

const jwtRoutes = routes.filter((r) => (AUTH[r.auth] as AuthRule).jwt);

/** A token's header, `kid` and claims, unverified. */
function decoded(token: string) {
  const [header, payload] = token.split('.') as [string, string];
  const part = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString());
  const parsed = part(header) as { kid: string };
  return { header: parsed, kid: parsed.kid, claims: part(payload) as Record<string, unknown> };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function pathFor(route: (typeof routes)[number], id = 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'): string {
  return route.path.replace('{id}', id);
}

async function initiate(ending: string): Promise<string> {
  const res = await api(stack, 'POST', 'initiate', {
    token: ownerToken,
    headers: { 'idempotency-key': randomUUID() },
    body: { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: `22901660000${ending}` },
  });
  // 02 stays PENDING; 06 is FAILED at once (both 201: the payment exists).
  expect(res.status, res.text).toBe(201);
  return String(res.body.id);
}

beforeAll(async () => {
  stack = await startTestStack({ log: () => {} });
  ownerToken = await tokenFor('security-owner');
  [paymentId, failedPaymentId] = await Promise.all([initiate('02'), initiate('06')]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('JWT checks on every protected route', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ['expired', () => tokenFor('u1', { expiresInSeconds: -30 })],
    ['not yet valid (nbf in the future)', () => tokenFor('u1', { notBeforeInSeconds: 600 })],
    [
      'issued in the future (iat)',
      () => tokenFor('u1', { claims: { iat: Math.floor(Date.now() / 1000) + 600 } }),
    ],
    ['from another issuer', () => tokenFor('u1', { claims: { iss: 'https://evil.example' } })],
    ['for another audience', () => tokenFor('u1', { claims: { aud: 'someone-else' } })],
    ['without an expiry', () => tokenFor('u1', { claims: { exp: undefined } })],
    [
      'alg none (unsigned)',
      async () => {
        const { header, claims } = decoded(await tokenFor('u1'));
        return `${b64url({ ...header, alg: 'none' })}.${b64url(claims)}.`;
      },
    ],
    [
      'tampered payload (sub changed, signature kept)',
      async () => {
        const [header, payload, signature] = (await tokenFor('u1')).split('.') as [
          string,
          string,
          string,
        ];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        return `${header}.${b64url({ ...claims, sub: 'security-owner' })}.${signature}`;
      },
    ],
    [
      'tampered signature',
      async () => {
        const token = await tokenFor('u1');
        const last = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      },
    ],
    [
      'signed by another key that claims the issuer’s kid',
      async () => {
        const { kid, claims } = decoded(await tokenFor('u1'));
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
          .sign(privateKey);
      },
    ],
    [
      'HS256 with the issuer’s public key as the secret (algorithm confusion)',
      async () => {
        const { kid, claims } = decoded(await tokenFor('u1'));
        const secret = new TextEncoder().encode(JSON.stringify(stack.issuer.jwks.keys[0]));
        return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid }).sign(secret);
      },
    ],
    ['not a JWT at all', async () => 'not-a-jwt'],
  ];

  it.each(cases)('a token %s gets 401 problem+json on every JWT route', async (_name, make) => {
    const token = await make();
    for (const route of jwtRoutes) {
      const res = await api(stack, route.method, pathFor(route, paymentId), {
        token,
        headers: { 'idempotency-key': randomUUID() },
        ...(route.method === 'POST' ? { body: {} } : {}),
      });
      expect(res.status, `${route.method} ${route.path}: ${res.text}`).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.body.status).toBe(401);
    }
  });

  it('no token at all: 401 on every JWT route; the public routes still answer', async () => {
    for (const route of jwtRoutes) {
      const res = await api(stack, route.method, pathFor(route), {
        ...(route.method === 'POST' ? { body: {} } : {}),
      });
      expect(res.status, route.path).toBe(401);
      expect(res.body.status).toBe(401);
    }
    expect((await api(stack, 'GET', 'providers')).status).toBe(200);
  });
});

describe('a second user on every {id} route', () => {
  const idRoutes = jwtRoutes.filter((r) => r.path.includes('{id}'));

  it('covers at least status, retry and the OTP step', () => {
    expect(idRoutes.map((r) => r.path).sort()).toEqual(
      expect.arrayContaining(['{id}/status', 'retry/{id}', '{id}/otp']),
    );
  });

  /** A body each write route accepts, so only ownership can refuse it. */
  const validBody = (route: (typeof idRoutes)[number]) =>
    route.path === '{id}/otp' ? { otp: '123456' } : {};

  it.each(idRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: someone else’s payment is a 404 exactly like a missing one, with no payment data',
    async (_name, route) => {
      const stranger = await tokenFor(`stranger-${randomUUID()}`);
      for (const id of [paymentId, failedPaymentId]) {
        const foreign = await api(stack, route.method, pathFor(route, id), {
          token: stranger,
          headers: { 'idempotency-key': randomUUID() },
          ...(route.method === 'POST' ? { body: validBody(route) } : {}),
        });
        const missing = await api(
          stack,
          route.method,
          pathFor(route, 'pay_zzzzzzzzzzzzzzzzzzzzzzzzzz'),
          {
            token: stranger,
            headers: { 'idempotency-key': randomUUID() },
            ...(route.method === 'POST' ? { body: validBody(route) } : {}),
          },
        );
        expect(foreign.status, foreign.text).toBe(404);
        expect(missing.status).toBe(404);
        expect(foreign.headers.get('content-type')).toBe('application/problem+json');
        // Same keys, same code and title: nothing distinguishes "exists, not yours" from "missing".
        expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(missing.body).sort());
        expect(foreign.body.code).toBe(missing.body.code);
        expect(foreign.body.title).toBe(missing.body.title);
        for (const leak of [
          '1500',
          '2290166',
          '660000',
          'PENDING',
          'FAILED',
          'mtn',
          'security-owner',
        ]) {
          expect(foreign.text).not.toContain(leak);
        }
      }
      // The owner still sees the payment, and the stranger's attempt changed nothing.
      const own = await api(stack, 'GET', `${paymentId}/status`, { token: ownerToken });
      expect(own.status).toBe(200);
      expect(own.body.status).toBe('PENDING');
      expect(own.body.attempts).toBeUndefined();
    },
  );

  it('history lists only the caller’s payments', async () => {
    const stranger = await api(stack, 'GET', 'history', { sub: `stranger-${randomUUID()}` });
    expect(stranger.status).toBe(200);
    expect(JSON.stringify(stranger.body)).not.toContain(paymentId);
  });
});

describe('oversized and malformed requests', () => {
  it('a JSON body over the route limit is a 413 problem, before any work', async () => {
    const res = await api(stack, 'POST', 'initiate', {
      token: ownerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 1500, description: 'a'.repeat(20_000) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.status).toBe(413);
  });

  it('a webhook body over 64 KB is a 413 problem (with the right token)', async () => {
    const res = await api(
      stack,
      'POST',
      `webhook?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
      {
        body: { reference: 'x', status: 'SUCCESSFUL', padding: 'p'.repeat(70_000) },
      },
    );
    expect(res.status).toBe(413);
    expect(res.body.status).toBe(413);
  });

  it('a body over API Gateway’s 10 MB is refused by the adapter with a 413 problem', async () => {
    const res = await fetch(`${stack.apiUrl}/initiate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 10, 0x61),
    }).catch((error: Error) => error);
    // Node may close the socket while the client still uploads; the answer, when read, is a 413.
    if (res instanceof Response) {
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    } else {
      expect(String(res.cause ?? res)).toMatch(/EPIPE|ECONNRESET|other side closed|SocketError/i);
    }
  });

  it('headers over Node’s 16 KB limit get 431 problem+json, never a 5xx', async () => {
    const res = await fetch(`${stack.apiUrl}/providers`, {
      headers: { 'x-padding': 'h'.repeat(20_000) },
    });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { status: number }).status).toBe(431);
  });

  it('an oversized Authorization header is refused, not crashed on', async () => {
    const res = await fetch(`${stack.apiUrl}/history`, {
      headers: { authorization: `Bearer ${'a'.repeat(15_000)}` },
    });
    expect([401, 431]).toContain(res.status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('malformed HTTP gets a 400 problem+json and the connection closes', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(stack.settings.port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write(`GET ${API_BASE_PATH}/providers HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('content-type: application/problem+json');
    expect(answer).toContain('"status":400');
  });
});
