/**
 * GET openapi.json — the OpenAPI 3.1 description of the API (public). The document is generated at
 * build time (`npm run openapi` → docs/openapi.json) and bundled as JSON, so this function carries
 * neither the schemas nor the generator; body and ETag are computed once per execution environment.
 */
import { createHash } from 'node:crypto';
import doc from '../docs/openapi.json' with { type: 'json' };
import { httpHandler } from '../shared/http.ts';

const etag = `"${createHash('sha256').update(JSON.stringify(doc)).digest('base64url').slice(0, 27)}"`;
const cacheHeaders = { 'cache-control': 'public, max-age=300', etag };

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
  return { status: 200, body: doc, headers: cacheHeaders };
});
