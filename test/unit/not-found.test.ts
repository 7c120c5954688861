import { describe, expect, it } from 'vitest';
import { handler, locationOf } from '../../functions/not-found.ts';
import { apiEvent } from '../support/api-event.ts';

// The deployed API's `$default` route: what a caller sees when no route matched.
describe('the $default route', () => {
  it('answers an unknown path with a 404 problem', async () => {
    const res = await handler(apiEvent({ path: '/api/v1/payments/feexpay/nope' }));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body as string)).toMatchObject({ status: 404, code: 'not_found' });
    expect(res.headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

  it('answers a known path under the wrong method with 405 and Allow', async () => {
    const res = await handler(
      apiEvent({ method: 'DELETE', path: '/api/v1/payments/feexpay/providers' }),
    );
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(JSON.parse(res.body as string)).toMatchObject({
      status: 405,
      code: 'method_not_allowed',
    });
  });

  it('sends a trailing-slash path to its route with a method-preserving 308', async () => {
    const event = apiEvent({ path: '/api/v1/payments/feexpay/health/', query: { verbose: '1' } });
    const res = await handler(event);
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe('/api/v1/payments/feexpay/health?verbose=1');
  });

  it.each([
    '/api/v1/payments/feexpay/%ZZ/status/',
    '/api/v1/payments/feexpay/%ZZ/status',
    '/api/v1/payments/feexpay/retry/%C3%28',
    '/api/v1/payments/feexpay/%ED%A0%80/status',
    '/api/v1/payments/feexpay/%C0%AF/status',
    '/api/v1/payments/feexpay/%/status',
  ])(
    'answers %s (not percent-encoded UTF-8) with a 400 naming the path, not a crash',
    async (path) => {
      const method = path.includes('retry') ? 'POST' : 'GET';
      const res = await handler(apiEvent({ method, path }));
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body as string)).toMatchObject({
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'path' }],
      });
    },
  );

  it('redirects a path the gateway handed over decoded to a Location that stays one header', async () => {
    const event = apiEvent({ path: '/api/v1/payments/feexpay/a\r\nb é\ud800/status/' });
    event.rawQueryString = 'x=%0D%0A&y=\u00e9 z';
    const res = await handler(event);
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe(
      '/api/v1/payments/feexpay/a%0D%0Ab%20%C3%A9%EF%BF%BD/status?x=%0D%0A&y=%C3%A9%20z',
    );
    expect(locationOf('/a/%zz%41', '')).toBe('/a/%25zz%41');
  });
});
