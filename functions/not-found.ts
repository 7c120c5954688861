/**
 * API Gateway's `$default` route (its row: `defaultRoute` in lib/routes.ts): any request no route
 * matched. Public and unauthenticated, so nothing a caller sends may make it fail (test/fuzz/).
 *
 * - A known path with a trailing slash (HTTP API route keys cannot end in `/`): 308 to the same
 *   path without it. A 308 keeps the method and the body, so clients that follow redirects (fetch,
 *   curl -L) land on the real route whether or not the gateway normalised the slash itself.
 * - A known path whose parameter is not percent-encoded UTF-8 (`%ZZ`, `%C3%28`): 400 naming `path`.
 * - A known path under another method: 405 with `Allow`.
 * - Anything else: 404. All three as problem+json.
 */
import { MethodNotAllowedError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { headerPolicy } from '../shared/http/headers.ts';
import { preferredLanguage } from '../shared/http/language.ts';
import {
  correlationIdOf,
  type HttpEvent,
  type HttpResponse,
  problemResponse,
} from '../shared/http/problem.ts';
import { createRouteMatcher } from '../shared/http/route-match.ts';

const matcher = createRouteMatcher();

/**
 * A URL as a `Location` value: every character outside RFC 3986's unreserved, sub-delims, `:`, `@`,
 * `/`, `?` and an existing `%XX` escape is percent-encoded, so a path the gateway handed over
 * decoded (a CR, a space, a non-Latin-1 character) can never break the header.
 */
export function locationOf(path: string, query: string): string {
  const safe = (text: string) =>
    text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?]/gu, (char) =>
      char === '%'
        ? '%25'
        : [...Buffer.from(char.isWellFormed() ? char : '\ufffd', 'utf8')]
            .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
            .join(''),
    );
  return `${safe(path)}${query ? `?${safe(query)}` : ''}`;
}

export async function handler(event: HttpEvent): Promise<HttpResponse> {
  const answer = route(event);
  return { ...answer, headers: headerPolicy(answer.headers, { authenticated: false }) };
}

function route(event: HttpEvent): HttpResponse {
  const method = event.requestContext.http.method;
  const path = event.requestContext.http.path;
  const correlationId = correlationIdOf(event);
  const language = preferredLanguage(event.headers?.['accept-language']);
  const found = matcher.match(method, path);
  if ('route' in found && path.endsWith('/')) {
    return {
      statusCode: 308,
      headers: {
        location: locationOf(path.replace(/\/+$/, ''), event.rawQueryString ?? ''),
        'x-correlation-id': correlationId,
      },
      body: '',
    };
  }
  if ('malformed' in found) {
    return problemResponse(
      new ValidationError(
        {
          fr: 'Le chemin n’est pas de l’UTF-8 encodé en pourcentage valide.',
          en: 'The path is not valid percent-encoded UTF-8.',
        },
        {
          fields: [
            {
              field: 'path',
              message: {
                fr: 'Encodez chaque octet du texte UTF-8 en pourcentage (%C3%A9).',
                en: 'Percent-encode each byte of UTF-8 text (%C3%A9).',
              },
            },
          ],
        },
      ),
      correlationId,
      language,
    );
  }
  if ('allowed' in found && found.allowed.length > 0) {
    return problemResponse(new MethodNotAllowedError(found.allowed), correlationId, language);
  }
  return problemResponse(
    new NotFoundError({
      fr: `Aucune route pour ${method} ${path}.`,
      en: `No route for ${method} ${path}.`,
    }),
    correlationId,
    language,
  );
}
