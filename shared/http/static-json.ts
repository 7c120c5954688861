/**
 * A public route that serves a JSON document fixed for the life of a deployment (the providers
 * catalog, the OpenAPI document): body and strong ETag are computed once per execution
 * environment, `If-None-Match` answers 304, and shared caches may keep it for `maxAgeSeconds`.
 */
import { createHash } from 'node:crypto';
import type { Contract } from './contract.ts';
import { rawRouteHandler } from './handler.ts';

/** RFC 9110 §13.1.2: If-None-Match matches on `*` or any listed tag, compared weakly. */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export function staticJsonHandler(
  contract: Pick<Contract, 'route'>,
  body: unknown,
  options: { maxAgeSeconds: number },
) {
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  const etag = `"${digest.slice(0, 27)}"`;
  const headers = { 'cache-control': `public, max-age=${options.maxAgeSeconds}`, etag };
  return rawRouteHandler(contract, async (request) => {
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return { status: 304, headers };
    return { status: 200, body, headers };
  });
}
