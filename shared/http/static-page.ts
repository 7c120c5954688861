/**
 * A public route that serves a page fixed for the life of a deployment (the API reference page):
 * like `staticJsonHandler` (strong ETag, `If-None-Match` → 304, shared caches keep it for
 * `maxAgeSeconds`), plus gzip. API Gateway HTTP APIs do not compress, and the page carries Redoc's
 * script (about 2.5 MB, 0.7 MB gzipped), so a client that accepts gzip gets the gzipped bytes,
 * compressed once per execution environment, under their own ETag (RFC 9110 §8.8.3: a strong
 * validator names one representation).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Contract } from './contract.ts';
import { rawRouteHandler } from './handler.ts';
import { ifNoneMatchHits } from './static-json.ts';

/** True when `Accept-Encoding` accepts gzip (a `q=0` refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function staticPageHandler(
  contract: Pick<Contract, 'route'>,
  page: string,
  options: { contentType: string; maxAgeSeconds: number; headers?: Record<string, string> },
) {
  const digest = createHash('sha256').update(page).digest('base64url').slice(0, 27);
  const plain = { etag: `"${digest}"`, body: page, isBase64Encoded: false };
  let gzipped: typeof plain | undefined;
  const common = {
    ...options.headers,
    'content-type': options.contentType,
    'cache-control': `public, max-age=${options.maxAgeSeconds}`,
    vary: 'accept-encoding',
  };
  return rawRouteHandler(contract, async (request) => {
    const gzip = acceptsGzip(request.headers['accept-encoding']);
    if (gzip) {
      gzipped ??= {
        etag: `"${digest}-gz"`,
        body: gzipSync(page, { level: 9 }).toString('base64'),
        isBase64Encoded: true,
      };
    }
    const chosen = gzip && gzipped ? gzipped : plain;
    const headers = {
      ...common,
      etag: chosen.etag,
      ...(chosen === plain ? {} : { 'content-encoding': 'gzip' }),
    };
    if (ifNoneMatchHits(request.headers['if-none-match'], chosen.etag)) {
      return { status: 304, headers };
    }
    return {
      status: 200,
      headers,
      raw: { body: chosen.body, isBase64Encoded: chosen.isBase64Encoded },
    };
  });
}
