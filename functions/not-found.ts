/**
 * API Gateway's `$default` route (its row: `defaultRoute` in lib/routes.ts): any request no route
 * matched.
 *
 * - A known path with a trailing slash (HTTP API route keys cannot end in `/`): 308 to the same
 *   path without it. A 308 keeps the method and the body, so clients that follow redirects (fetch,
 *   curl -L) land on the real route whether or not the gateway normalised the slash itself.
 * - A known path under another method: 405 with `Allow`.
 * - Anything else: 404. Both as problem+json.
 */
import { MethodNotAllowedError, NotFoundError } from '../shared/errors.ts';
import { correlationIdOf, type HttpEvent, problemResponse } from '../shared/http/problem.ts';
import { createRouteMatcher } from '../shared/http/route-match.ts';

const matcher = createRouteMatcher();

export async function handler(event: HttpEvent) {
  const method = event.requestContext.http.method;
  const path = event.requestContext.http.path;
  const correlationId = correlationIdOf(event);
  const found = matcher.match(method, path);
  if ('route' in found && path.endsWith('/')) {
    const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
    return {
      statusCode: 308,
      headers: {
        location: `${path.replace(/\/+$/, '')}${query}`,
        'x-correlation-id': correlationId,
      },
      body: '',
    };
  }
  if ('allowed' in found && found.allowed.length > 0) {
    return problemResponse(new MethodNotAllowedError(found.allowed), correlationId);
  }
  return problemResponse(new NotFoundError(`No route for ${method} ${path}.`), correlationId);
}
