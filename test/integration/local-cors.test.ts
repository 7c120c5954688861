/**
 * CORS locally as deployed: the local API Gateway answers preflights and adds CORS headers from
 * the same rules the CDK stack gives the HTTP API (lib/cors.ts), with the dev stage's origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageDefaults } from '../../lib/config.ts';
import type { LocalStack } from '../../local/stack.ts';
import { buildStack } from '../cdk/helpers.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

/** The CORS configuration of the HTTP API the CDK stack deploys (dev stage). */
const deployed = (() => {
  const { template } = buildStack();
  const apis = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));
  expect(apis).toHaveLength(1);
  return apis[0]?.Properties.CorsConfiguration as {
    AllowOrigins: string[];
    AllowMethods: string[];
    AllowHeaders: string[];
    ExposeHeaders: string[];
    MaxAge: number;
  };
})();

const ALLOWED = deployed.AllowOrigins[0] as string;
const list = (value: string | null) => (value ?? '').split(',').sort();

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

async function preflight(path: string, origin: string, method = 'POST') {
  return fetch(`${stack.apiUrl}/${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,content-type,idempotency-key',
    },
  });
}

describe('CORS on the local API', () => {
  it('uses the dev stage origins by default, as the deployed dev stage does', () => {
    expect(stack.settings.corsAllowedOrigins).toEqual(stageDefaults.dev.corsAllowedOrigins);
    expect(deployed.AllowOrigins).toEqual(stageDefaults.dev.corsAllowedOrigins);
  });

  it('answers a preflight from an allowed origin with the deployed allow headers (204)', async () => {
    const res = await preflight('initiate/', ALLOWED);

    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(list(res.headers.get('access-control-allow-methods'))).toEqual(
      [...deployed.AllowMethods].sort(),
    );
    expect(list(res.headers.get('access-control-allow-headers'))).toEqual(
      [...deployed.AllowHeaders].sort(),
    );
    expect(res.headers.get('access-control-max-age')).toBe(String(deployed.MaxAge));
    expect(await res.text()).toBe('');
  });

  it('answers a preflight for any path, routed or not, before the authorizer', async () => {
    for (const path of ['history', 'abc/status/', 'no/such/route']) {
      const res = await preflight(path, ALLOWED, 'GET');
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe(ALLOWED);
    }
  });

  it('gives an origin it does not allow no CORS headers, so the browser refuses', async () => {
    const res = await preflight('initiate/', 'https://evil.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const method = await preflight('initiate/', ALLOWED, 'DELETE');
    expect(method.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds allow-origin and expose-headers to answers for an allowed origin, errors included', async () => {
    const ok = await api(stack, 'GET', 'history', {
      token: await tokenFor('cors-user'),
      headers: { origin: ALLOWED },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(list(ok.headers.get('access-control-expose-headers'))).toEqual(
      [...deployed.ExposeHeaders].sort(),
    );

    const unauthorized = await api(stack, 'GET', 'history', { headers: { origin: ALLOWED } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(ALLOWED);

    const other = await api(stack, 'GET', 'providers', {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an OPTIONS request that is not a preflight still reaches the API (405 with Allow)', async () => {
    const res = await fetch(`${stack.apiUrl}/providers`, { method: 'OPTIONS' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });
});
