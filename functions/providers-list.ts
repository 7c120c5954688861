/**
 * GET providers/ (public): FeexPay's pay-in networks by country. The catalog is fixed per
 * deployment, so clients and CDNs may cache it for an hour and revalidate with its ETag.
 */
import { providersList } from '../shared/api/service.ts';
import { staticJsonHandler } from '../shared/http/static-json.ts';
import { catalogByCountry } from '../shared/providers.ts';

export const handler = staticJsonHandler(
  providersList,
  { countries: catalogByCountry() },
  { maxAgeSeconds: 3600 },
);
