/**
 * GET pay/{id} (public: the id is the capability): the hosted checkout page for one checkout, in
 * the customer's language, compressed when the browser accepts it (API Gateway's HTTP API does not
 * compress), never cached (it shows the checkout as it is now). An unknown id gets a small page
 * saying so, with status 404.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { NotFoundError } from '../../errors.ts';
import type { HttpResult } from '../../http/contract.ts';
import * as payments from '../../payments/store.ts';
import { loadCheckout } from '../read.ts';
import { MESSAGES } from './messages.ts';
import { CONTENT_SECURITY_POLICY, pickLocale, renderCheckoutPage } from './render.ts';

export interface PageRequest {
  checkoutId: string;
  /** `lang` from the query: the language switch. */
  lang: string | undefined;
  headers: Record<string, string | undefined>;
  /** The checkout's public routes and the page's own path, on this API. */
  checkoutPath: string;
  pagePath: string;
  now?: Date;
}

const BROTLI_QUALITY = 5;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  vary: 'accept-encoding, accept-language',
};

export async function checkoutPage(request: PageRequest): Promise<HttpResult> {
  const now = request.now ?? new Date();
  const acceptLanguage = request.headers['accept-language'];
  let html: string;
  let status = 200;
  try {
    const checkout = await loadCheckout(request.checkoutId, now);
    const latest = checkout.attempts.at(-1);
    const attempt = latest ? await payments.get(latest.paymentId) : undefined;
    html = renderCheckoutPage({
      checkout,
      attempt,
      locale: pickLocale(request.lang, checkout.locale, acceptLanguage),
      checkoutPath: request.checkoutPath,
      pagePath: request.pagePath,
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    status = 404;
    html = notFoundPage(pickLocale(request.lang, undefined, acceptLanguage));
  }
  return { status, ...encoded(html, request.headers['accept-encoding']) };
}

const NOT_FOUND = {
  fr: {
    title: 'Lien de paiement introuvable',
    body: 'Vérifiez le lien, ou demandez-en un nouveau au marchand.',
  },
  en: {
    title: 'Payment link not found',
    body: 'Check the link, or ask the merchant for a new one.',
  },
} as const;

function notFoundPage(locale: 'fr' | 'en'): string {
  const t = NOT_FOUND[locale];
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${MESSAGES[locale].title}</title></head><body><main><h1>${t.title}</h1><p>${t.body}</p></main></body></html>`;
}

/** The page, brotli- or gzip-compressed when the browser says it takes that. */
function encoded(
  html: string,
  acceptEncoding: string | undefined,
): Pick<HttpResult, 'raw' | 'headers'> {
  const accepts = (coding: string) =>
    new RegExp(`(^|[\\s,])${coding}(?![\\w-])(?!;\\s*q=0(\\.0*)?(\\s|,|$))`, 'i').test(
      acceptEncoding ?? '',
    );
  if (accepts('br')) {
    // Quality 5: ~1.5 ms for the page and within a few percent of the best; higher qualities cost
    // tens of milliseconds per request (docs/performance.md §8).
    const body = brotliCompressSync(html, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: html.length,
      },
    });
    return {
      raw: { body: body.toString('base64'), isBase64Encoded: true },
      headers: { ...PAGE_HEADERS, 'content-encoding': 'br' },
    };
  }
  if (accepts('gzip')) {
    return {
      raw: { body: gzipSync(html, { level: 6 }).toString('base64'), isBase64Encoded: true },
      headers: { ...PAGE_HEADERS, 'content-encoding': 'gzip' },
    };
  }
  return { raw: { body: html, isBase64Encoded: false }, headers: PAGE_HEADERS };
}
