/**
 * CORS in the local API Gateway, as API Gateway applies an HTTP API's CORS configuration
 * (lib/cors.ts gives both the same rules):
 *
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered by the
 *   gateway itself, whatever the path and whether or not a route exists: 204, with the allow
 *   headers when the origin and method are allowed, without them otherwise (the browser then
 *   refuses the call);
 * - any other request from an allowed origin gets `Access-Control-Allow-Origin` and
 *   `Access-Control-Expose-Headers` added to the function's answer;
 * - CORS headers a function returns are dropped: the gateway's configuration is the only source.
 */
import type { CorsRules } from '../lib/cors.ts';

export interface CorsAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

function allowedOrigin(rules: CorsRules, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (rules.allowOrigins.includes('*')) return '*';
  return rules.allowOrigins.includes(origin) ? origin : undefined;
}

/** The gateway's answer to a preflight, or undefined when the request is not one. */
export function preflightAnswer(
  rules: CorsRules,
  method: string,
  headers: Record<string, string>,
): CorsAnswer | undefined {
  const requested = headers['access-control-request-method'];
  if (method !== 'OPTIONS' || !headers.origin || !requested) return undefined;
  const origin = allowedOrigin(rules, headers.origin);
  const methodAllowed = (rules.allowMethods as readonly string[]).includes(requested.toUpperCase());
  const answer: CorsAnswer = { statusCode: 204, headers: {}, body: Buffer.alloc(0) };
  if (!origin || !methodAllowed) return answer;
  answer.headers = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': rules.allowMethods.join(','),
    'access-control-allow-headers': rules.allowHeaders.join(','),
    'access-control-max-age': String(rules.maxAgeSeconds),
  };
  return answer;
}

/** The function's headers without CORS headers, plus the gateway's for this request's origin. */
export function withCorsHeaders(
  rules: CorsRules,
  requestHeaders: Record<string, string>,
  responseHeaders: Record<string, string>,
): Record<string, string> {
  const headers = Object.fromEntries(
    Object.entries(responseHeaders).filter(
      ([name]) => !name.toLowerCase().startsWith('access-control-'),
    ),
  );
  const origin = allowedOrigin(rules, requestHeaders.origin);
  if (!origin) return headers;
  return {
    ...headers,
    'access-control-allow-origin': origin,
    'access-control-expose-headers': rules.exposeHeaders.join(','),
  };
}
