/**
 * Fuzz run of every route of the local stack, `$default` included: random and malformed bodies
 * (bytes, deep JSON, huge strings, wrong types, near-valid payments), headers (content types,
 * Idempotency-Key, correlation id, tokens), query strings and path parameters (unicode, very long,
 * `..`, encoded junk), with and without a valid token.
 *
 * The contract: never a 5xx (except the one documented 503 `provider_unavailable`, which the
 * generator avoids by never sending phone ending 05), and every 4xx is problem+json whose `status`
 * equals the HTTP status (but the hosted page's 404, a page, as documented).
 *
 * Bounded for `npm test` (FUZZ_RUNS, default 300 requests); `npm run fuzz` runs 5,000. A failure
 * prints fast-check's seed; replay it with FUZZ_SEED=<seed>.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE_PATH, checkoutPage, routes } from '../../lib/routes.ts';
import type { LocalStack } from '../../local/stack.ts';
import { networks } from '../../shared/providers.ts';
import { startTestStack, tokenFor } from '../support/stack.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** The hosted checkout page's path (`GET pay/{id}`), with or without the trailing slash. */
const PAGE_PATH = new RegExp(`^${API_BASE_PATH}/${checkoutPage.path.replace('{id}', '[^/]+')}/?$`);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let stack: LocalStack;
let validToken = '';
let otherToken = '';
let expiredToken = '';
const crashes: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    // A crashed handler is a 500 anyway; keep the reason for the failure message.
    log: (message, error) =>
      crashes.push(`${message}: ${String((error as Error)?.stack ?? error)}`),
    settings: { rateLimitPerMinute: 1_000_000 },
  });
  [validToken, otherToken, expiredToken] = await Promise.all([
    tokenFor('fuzz-user'),
    tokenFor('fuzz-other'),
    tokenFor('fuzz-user', { expiresInSeconds: -60 }),
  ]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

// --- generators --------------------------------------------------------------------------------

const weirdSegment = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%00',
    '%zz',
    '%',
    '%252F',
    'a%2Fb',
    ';',
    '~',
    '*',
    '%E2%82',
  ),
  fc.constantFrom('pay_abcdefghijklmnopqrstuvwxyz', 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', '0'),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n)),
);

/** Path parameters are percent-encoded as a client would, unless they are already escapes. */
function encodeSegment(segment: string): string {
  return /%/.test(segment) ? segment : encodeURIComponent(segment);
}

const pathArb = fc
  .record({
    route: fc.option(fc.constantFrom(...routes), { nil: undefined, freq: 6 }),
    id: weirdSegment,
    extra: fc.array(weirdSegment, { maxLength: 3 }),
    slash: fc.boolean(),
    outsideBase: fc.boolean(),
  })
  .map(({ route, id, extra, slash, outsideBase }) => {
    if (!route) {
      const tail = extra.map(encodeSegment).join('/');
      return { route, path: outsideBase ? `/${tail}` : `${API_BASE_PATH}/${tail}` };
    }
    const path = `${API_BASE_PATH}/${route.path.replace('{id}', encodeSegment(id))}`;
    return { route, path: slash ? `${path}/` : path };
  });

const nearValidInitiate = fc
  .record({
    net: fc.constantFrom(...networks),
    ending: fc.constantFrom('00', '01', '02', '03', '04', '06', '77'),
    amount: fc.oneof(fc.integer({ min: -10, max: 3_000_000 }), fc.double(), fc.constant(1500)),
    withOtp: fc.boolean(),
    extra: fc.option(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
      { nil: undefined, freq: 3 },
    ),
  })
  .map(({ net, ending, amount, withOtp, extra }) => ({
    amount,
    currency: net.country.currency,
    network: net.id,
    phoneNumber: `${net.country.dialCode}${'6'.repeat(net.country.nationalNumberLength - 2)}${ending}`,
    ...(withOtp ? { otp: 'A1B2' } : {}),
    ...extra,
  }));

const webhookLike = fc.record(
  {
    reference: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.integer()),
    status: fc.constantFrom('SUCCESSFUL', 'FAILED', 'PENDING', 'successful', '', 'WAT'),
    amount: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null)),
    callback_info: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(null)),
  },
  { requiredKeys: [] },
);

const deepJson = fc.nat({ max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

const bodyArb: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  nearValidInitiate.map((v) => JSON.stringify(v)),
  webhookLike.map((v) => JSON.stringify(v)),
  fc.constant(JSON.stringify({ otp: 'ABC123' })),
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ maxLength: 200 }),
  deepJson,
  fc.nat({ max: 80_000 }).map((n) => JSON.stringify({ description: 'a'.repeat(n) })),
  fc.constantFrom('{', '{"amount":', 'null', '[]', '"x"', '1e999', '{"__proto__":{"x":1}}'),
);

const contentTypeArb = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/problem+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/jsonx',
    ';;;',
    '',
  ),
  { nil: undefined },
);

/** Header values fetch can send (Latin-1, no CR/LF). */
const headerValue = fc
  .string({ maxLength: 300 })
  .map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '').trim());

const headersArb = fc.record(
  {
    'content-type': contentTypeArb,
    'idempotency-key': fc.option(
      fc.oneof(
        headerValue,
        fc.uuid(),
        fc.nat({ max: 600 }).map((n) => 'k'.repeat(n)),
      ),
      { nil: undefined },
    ),
    'x-correlation-id': fc.option(headerValue, { nil: undefined }),
    accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*'), { nil: undefined }),
    auth: fc.constantFrom('valid', 'valid', 'other', 'none', 'garbage', 'expired', 'basic'),
  },
  { requiredKeys: ['auth'] },
);

const queryArb = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(
      fc.constantFrom('limit', 'cursor', 'status', 'token', 'x', ''),
      fc.oneof(
        headerValue,
        fc.integer().map(String),
        fc.constantFrom('PENDING', '-1', '1e9', 'NaN'),
      ),
      { maxKeys: 4 },
    )
    .map((q) => new URLSearchParams(q).toString()),
  fc.string({ maxLength: 100 }).map((s) => encodeURI(s).replace(/#/g, '%23')),
  fc.constantFrom('%', '%zz', '&&&', '=&=', 'limit=5&limit=6', 'token=local-webhook-token'),
);

const methodArb = fc.constantFrom(
  'GET',
  'POST',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
);

const randomRequestArb = fc.record({
  target: pathArb,
  useRouteMethod: fc.boolean(),
  method: methodArb,
  query: queryArb,
  headers: headersArb,
  body: bodyArb,
});

/** Requests that get past the front door (right method, token, JSON, key) with a plausible body. */
const wellFormedRequestArb = fc
  .record({
    // Weighted towards the payment routes, where most of the logic is.
    route: fc.constantFrom(
      ...routes,
      ...routes.filter((r) => r.method === 'POST' && r.path !== 'webhook'),
    ),
    id: fc.oneof(weirdSegment, fc.constant('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa')),
    body: fc.oneof(
      fc
        .tuple(nearValidInitiate, fc.boolean())
        .map(([b, plain]) => ({ ...b, amount: plain ? 1500 : b.amount })),
      fc.constant({ otp: 'ABC123' }),
      fc.constant({}),
      webhookLike,
    ),
    query: queryArb,
    key: fc.uuid(),
  })
  .map(({ route, id, body, query, key }) => ({
    target: { route, path: `${API_BASE_PATH}/${route.path.replace('{id}', encodeSegment(id))}` },
    useRouteMethod: true,
    method: route.method as string,
    query,
    headers: {
      auth: 'valid',
      'content-type': 'application/json',
      'idempotency-key': key,
    } as Record<string, string | undefined> & { auth: string },
    body: JSON.stringify(body) as string | Uint8Array | undefined,
  }));

const requestArb = fc.oneof(
  { weight: 3, arbitrary: randomRequestArb },
  { weight: 1, arbitrary: wellFormedRequestArb },
);

function authorization(kind: string): string | undefined {
  switch (kind) {
    case 'valid':
      return `Bearer ${validToken}`;
    case 'other':
      return `Bearer ${otherToken}`;
    case 'expired':
      return `Bearer ${expiredToken}`;
    case 'garbage':
      return 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
    case 'basic':
      return 'Basic dXNlcjpwYXNz';
    default:
      return undefined;
  }
}

// --- the run -----------------------------------------------------------------------------------

describe('fuzzing every route of the local stack', () => {
  it(`${RUNS} random and malformed requests: no 5xx, every 4xx problem+json with a matching status`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const method =
          request.useRouteMethod && request.target.route
            ? request.target.route.method
            : request.method;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (name === 'auth' || value === undefined) continue;
          headers[name] = value;
        }
        const auth = authorization(request.headers.auth);
        if (auth) headers.authorization = auth;
        const hasBody = method !== 'GET' && method !== 'HEAD' && request.body !== undefined;
        const url = `${stack.baseUrl}${request.target.path}${request.query ? `?${request.query}` : ''}`;
        const description = `${method} ${url.slice(0, 300)} headers=${JSON.stringify(headers).slice(0, 300)}`;
        const response = await fetch(url, {
          method,
          headers,
          redirect: 'manual',
          ...(hasBody ? { body: request.body as string | Uint8Array<ArrayBuffer> } : {}),
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(
          response.status,
          `${description}\n${text.slice(0, 500)}\n${crashes.join('\n')}`,
        ).toBeLessThan(500);
        // The hosted page answers an unknown checkout with a page, as documented (a browser asked).
        const pageNotFound =
          response.status === 404 &&
          PAGE_PATH.test(request.target.path) &&
          response.headers.get('content-type') === 'text/html; charset=utf-8';
        if (response.status >= 400 && method !== 'HEAD' && !pageNotFound) {
          expect(response.headers.get('content-type'), description).toBe(
            'application/problem+json',
          );
          const problem = JSON.parse(text) as { status: number; type: string; title: string };
          expect(problem.status, description).toBe(response.status);
          expect(problem.type, description).toMatch(/^urn:feexpay-serverless:problem:/);
          expect(problem.title, description).toBeTruthy();
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    // The run must reach past the front door: some requests accepted, some refused per route.
    expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    // Payments created: only asserted on long runs, where the odds make it certain.
    if (RUNS >= 1000) expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(crashes).toEqual([]);
    if (RUNS > 300) console.info('fuzz: responses by status', Object.fromEntries(statuses));
  });

  it('concurrent duplicates of the same valid payment request never 5xx either', async () => {
    const key = randomUUID();
    const body = JSON.stringify({
      amount: 1500,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: '2290166000000',
    });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${stack.apiUrl}/initiate/`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${validToken}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body,
        }),
      ),
    );
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
  });
});
