/**
 * GET reference (public): the OpenAPI document as a page. `npm run openapi` builds it with
 * Redocly (docs/api-reference.html, Redoc's script inlined) and it is bundled as text, so this
 * function reads nothing at run time; body, ETag and gzip are made once per execution environment.
 *
 * The page runs only its own two inline scripts: the Content-Security-Policy names them by hash
 * and allows nothing else to load or connect (Redoc's styles are inline; its search runs in a
 * worker made from a blob).
 */
import { createHash } from 'node:crypto';
import page from '../docs/api-reference.html';
import { apiReference } from '../shared/api/service.ts';
import { staticPageHandler } from '../shared/http/static-page.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/** CSP `sha256-…` sources of the page's inline scripts. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((m) => !/\bsrc=/.test(m[1] ?? ''))
    .map((m) => `'sha256-${sha256(m[2] ?? '')}'`);
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${inlineScriptHashes(page).join(' ')}`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const handler = staticPageHandler(apiReference, page, {
  contentType: 'text/html; charset=utf-8',
  maxAgeSeconds: 300,
  headers: {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  },
});
