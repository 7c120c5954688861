/**
 * GET providers/ (public): FeexPay's pay-in networks by country, each with an availability hint
 * from our own recent payments (shared/back-office/availability.ts). The catalog is fixed per
 * deployment and the hints change every few minutes, so clients and CDNs may cache it for a minute
 * and revalidate with its ETag.
 */
import { createHash } from 'node:crypto';
import { providersList } from '../shared/api/service.ts';
import { recentHealth, withAvailability } from '../shared/back-office/availability.ts';
import { rawRouteHandler } from '../shared/http/handler.ts';
import { ifNoneMatchHits } from '../shared/http/static-json.ts';
import { catalogByCountry } from '../shared/providers.ts';

const catalog = catalogByCountry();
const MAX_AGE_SECONDS = 60;

let last: { health: unknown; body: unknown; etag: string } | undefined;

export const handler = rawRouteHandler(providersList, async (request) => {
  const health = await recentHealth();
  if (!last || last.health !== health) {
    const body = { countries: withAvailability(catalog, health) };
    const digest = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
    last = { health, body, etag: `"${digest.slice(0, 27)}"` };
  }
  const headers = { 'cache-control': `public, max-age=${MAX_AGE_SECONDS}`, etag: last.etag };
  if (ifNoneMatchHits(request.headers['if-none-match'], last.etag)) return { status: 304, headers };
  return { status: 200, body: last.body, headers };
});
