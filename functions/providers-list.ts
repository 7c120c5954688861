/**
 * GET providers/ — FeexPay's pay-in networks by country (public). The catalog is fixed per
 * deployment, so clients and CDNs may cache it for an hour and revalidate with its ETag.
 */
import { catalogByCountry } from '../shared/providers.ts';
import { staticJsonHandler } from '../shared/static-json.ts';

export const handler = staticJsonHandler(
  { countries: catalogByCountry() },
  { maxAgeSeconds: 3600 },
);
