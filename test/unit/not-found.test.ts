import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/not-found.ts';
import { apiEvent } from '../support/api-event.ts';

// The deployed API's `$default` route: what a caller sees when no route matched.
describe('the $default route', () => {
  it('answers an unknown path with a 404 problem', async () => {
    const res = await handler(apiEvent({ path: '/api/v1/payments/feexpay/nope' }));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body as string)).toMatchObject({ status: 404, code: 'not_found' });
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
});
