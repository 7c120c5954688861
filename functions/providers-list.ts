/**
 * GET providers/ — FeexPay's pay-in networks by country (public). The catalog is static per
 * deployment, so the body and its ETag are computed once per execution environment and clients
 * and CDNs may cache it for an hour.
 */
import { createHash } from 'node:crypto';

import { httpHandler } from '../shared/http.ts';
import { catalogByCountry } from '../shared/providers.ts';

const body = { countries: catalogByCountry() };
const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
const cacheHeaders = { 'cache-control': 'public, max-age=3600', etag };

/** RFC 9110 §13.1.2: If-None-Match matches on `*` or any listed tag, compared weakly. */
function matches(ifNoneMatch: string | undefined): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export const handler = httpHandler({}, async ({ headers }) => {
  if (matches(headers['if-none-match'])) return { status: 304, headers: cacheHeaders };
  return { status: 200, body, headers: cacheHeaders };
});
