/**
 * The API's CORS rules, as plain data: the CDK stack hands them to the HTTP API's CORS
 * configuration (lib/api.ts) and the local API Gateway applies them the same way
 * (local/cors.ts), so a browser sees the same answers from `npm start` as from a deployment.
 * Only the allowed origins differ per stage (`corsAllowedOrigins` in lib/config.ts; locally
 * `CORS_ALLOWED_ORIGINS`).
 */

export interface CorsRules {
  /** Exact origins (`https://shop.example`), or `*`. */
  allowOrigins: readonly string[];
  allowMethods: readonly ('GET' | 'POST' | 'OPTIONS')[];
  /** Request headers browsers may send cross-origin (lower case). */
  allowHeaders: readonly string[];
  /** Response headers browsers may read (lower case). */
  exposeHeaders: readonly string[];
  /** How long a browser may cache a preflight answer. */
  maxAgeSeconds: number;
}

/** Idempotency-Key for initiate and retry; x-correlation-id to join a browser's logs to ours. */
export const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-correlation-id',
] as const;

export const CORS_EXPOSE_HEADERS = [
  'x-correlation-id',
  'retry-after',
  'idempotent-replayed',
  'etag',
  'location',
] as const;

export function corsRules(allowOrigins: readonly string[]): CorsRules {
  return {
    allowOrigins,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAgeSeconds: 3600,
  };
}
