/**
 * API Gateway's `$default` route: any request no route matched. Answers 405 (with `Allow`) when
 * the path exists under another method, 404 otherwise, both as problem+json.
 */
import { MethodNotAllowedError, NotFoundError } from '../shared/errors.ts';
import { correlationIdOf, type HttpEvent, problemResponse } from '../shared/http.ts';
import { createRouteMatcher } from '../shared/route-match.ts';

const matcher = createRouteMatcher();

export async function handler(event: HttpEvent) {
  const method = event.requestContext.http.method;
  const path = event.requestContext.http.path;
  const found = matcher.match(method, path);
  const correlationId = correlationIdOf(event);
  if ('allowed' in found && found.allowed.length > 0) {
    return problemResponse(new MethodNotAllowedError(found.allowed), correlationId);
  }
  return problemResponse(new NotFoundError(`No route for ${method} ${path}.`), correlationId);
}
