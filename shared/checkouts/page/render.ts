/**
 * The hosted checkout page, rendered by the API (docs/decisions.md, decision 48): one HTML answer
 * with its style, its script and its starting state inline, so a phone on a slow network needs a
 * single request before the customer can type a number. Mobile-first (a 360-pixel screen first),
 * in the customer's language (French first), accessible (labels, focus order, contrast, keyboard),
 * no framework. Every screen is in the HTML; the script (script.ts) moves between them.
 *
 * The style and the script are the same for every page, so they are built once per execution
 * environment, with their hashes for the Content-Security-Policy (no inline code runs but these).
 */

import { createHash } from 'node:crypto';
import { preferredLanguage } from '../../http/language.ts';
import { type FailureCode, failureMessages, type Locale } from '../../payments/failure-codes.ts';
import type { Payment } from '../../payments/model.ts';
import { findNetwork, normalizePhone, countriesOf as offeredCountries } from '../../providers.ts';
import type { Checkout } from '../model.ts';
import { publicView } from '../read.ts';
import { fill, MESSAGES, type Messages } from './messages.ts';
import { runCheckoutPage } from './script.ts';
import type { PageCountry, PageState } from './state.ts';
import { STYLE } from './style.ts';

/** A number as people write it in each country, for the phone field's hint. */
const EXAMPLE_NUMBERS: Record<string, string> = {
  BJ: '01 97 00 00 00',
  TG: '90 00 00 00',
  CI: '07 00 00 00 00',
  SN: '77 000 00 00',
  BF: '70 00 00 00',
  CG: '06 600 00 00',
  ML: '70 00 00 00',
};

/** The page's script: its function's own source, run with the server's phone rule. */
export const PAGE_SCRIPT = `(${runCheckoutPage.toString()})(${normalizePhone.toString()})`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Only the page's own style and script run; it talks only to this API, embeds nothing and may be
 * embedded nowhere (no clickjacking of a payment form).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page's language: the switch (`?lang=`), then the checkout's `locale`, then the browser's
 * Accept-Language (the first of French and English it prefers), French otherwise.
 */
export function pickLocale(
  lang: string | undefined,
  checkoutLocale: Locale | undefined,
  acceptLanguage: string | undefined,
): Locale {
  if (lang === 'fr' || lang === 'en') return lang;
  if (checkoutLocale) return checkoutLocale;
  return preferredLanguage(acceptLanguage, 'fr');
}

/** `2 500 F CFA` (French), `F CFA 2,500` (English): as people read amounts there. */
export function formatAmount(amount: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en', {
    style: 'currency',
    currency,
  }).format(amount);
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe inside a `<script>` element: no `<` can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The checkout's networks by country, in catalog order, with names in the page's language. */
function countriesOf(checkout: Checkout, locale: Locale): PageCountry[] {
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  const byCountry = new Map<string, PageCountry>();
  const found = checkout.networks.map(findNetwork).filter((n) => n !== undefined);
  const mobile = found.filter((n) => !n.offeredIn);
  // The card method shows in each of the page's countries that it is offered in (all of them when
  // the checkout takes cards only), after the mobile-money networks.
  const entries = [
    ...mobile.map((network) => ({ network, country: network.country })),
    ...found
      .filter((n) => n.offeredIn)
      .flatMap((network) =>
        offeredCountries(network)
          .filter((c) => mobile.length === 0 || mobile.some((m) => m.country.iso === c.iso))
          .map((country) => ({ network, country })),
      ),
  ];
  for (const { network, country } of entries) {
    const entry = byCountry.get(country.iso) ?? {
      iso: country.iso,
      name: regions.of(country.iso) ?? country.name,
      dialCode: country.dialCode,
      nationalNumberLength: country.nationalNumberLength,
      example: EXAMPLE_NUMBERS[country.iso] ?? '0'.repeat(country.nationalNumberLength),
      networks: [],
    };
    const otpHint = network.otpHint?.[locale];
    entry.networks.push({
      id: network.id,
      name: network.flow === 'card' ? MESSAGES[locale].card : network.name,
      flow: network.flow,
      ...(otpHint ? { otpHint } : {}),
    });
    byCountry.set(country.iso, entry);
  }
  return [...byCountry.values()];
}

/** The country the page opens on: the one of the customer's number, else the first. */
function homeCountry(checkout: Checkout, countries: PageCountry[]): PageCountry | undefined {
  const phone = checkout.customer?.phoneNumber;
  return (phone && countries.find((c) => normalizePhone(phone, c) === phone)) || countries[0];
}

/** Which screen the page opens on. */
function screenOf(checkout: Checkout, attempt: Payment | undefined): string {
  if (checkout.status === 'PAID') return 'paid';
  if (checkout.status === 'EXPIRED') return 'expired';
  if (checkout.status === 'CANCELED') return 'canceled';
  if (attempt?.status === 'PENDING') return attempt.awaitingOtp ? 'code' : 'waiting';
  // A success the checkout has not recorded yet: it is about to be PAID.
  if (attempt?.status === 'SUCCESSFUL') return 'waiting';
  if (attempt) return 'failed';
  return 'pay';
}

export interface RenderInput {
  checkout: Checkout;
  /** Its latest attempt, if any. */
  attempt: Payment | undefined;
  locale: Locale;
  /** The checkout's public routes, e.g. `/api/v1/payments/feexpay/checkouts/chk_…`. */
  checkoutPath: string;
  /** This page's own path, for the language switch. */
  pagePath: string;
}

export function renderCheckoutPage(input: RenderInput): string {
  const { checkout, attempt, locale } = input;
  const t: Messages = MESSAGES[locale];
  const amount = formatAmount(checkout.amount, checkout.currency, locale);
  const countries = countriesOf(checkout, locale);
  const home = homeCountry(checkout, countries);
  const phone = checkout.customer?.phoneNumber;
  const state: PageState = {
    locale,
    checkoutPath: input.checkoutPath,
    checkout: publicView(checkout, attempt),
    amount,
    countries,
    ...(phone && home && phone.startsWith(home.dialCode)
      ? { phone: phone.slice(home.dialCode.length) }
      : {}),
    ...(checkout.returnUrl ? { returnUrl: checkout.returnUrl } : {}),
    messages: t,
    failures: failureMessages(locale) as Record<FailureCode, string>,
  };
  const screen = screenOf(checkout, attempt);
  const hidden = (name: string) => (name === screen ? '' : ' hidden');
  const e = escapeHtml;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const networkOptions = countries
    .flatMap((country) =>
      country.networks.map(
        (network) =>
          `<label class="option" data-country="${country.iso}"${country === home ? '' : ' hidden'}><input type="radio" name="network" value="${e(network.id)}"${country === home && network === home.networks[0] ? ' checked' : ''}><span>${e(network.name)}</span></label>`,
      ),
    )
    .join('');
  const countryField =
    countries.length > 1
      ? `<label for="country">${e(t.country)}</label><select id="country">${countries
          .map(
            (c) => `<option value="${c.iso}"${c === home ? ' selected' : ''}>${e(c.name)}</option>`,
          )
          .join('')}</select>`
      : '';
  const back = `<a class="back button secondary" href="#" hidden>${e(t.back)}</a>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${e(t.title)} · ${e(amount)}</title>
<style>${STYLE}</style>
</head>
<body>
<main id="app" data-screen="${screen}">
<header><p class="secured">${e(t.secured)}</p><a class="lang" href="${e(input.pagePath)}?lang=${other}" lang="${other}" hreflang="${other}">${e(t.language)}</a></header>
<section class="order" aria-label="${e(t.amountLabel)}">
<p class="label">${e(t.amountLabel)}</p>
<p class="amount" id="amount">${e(amount)}</p>
${checkout.description ? `<p class="description">${e(checkout.description)}</p>` : ''}
<p class="valid" id="valid-until"></p>
</section>
<form id="pay" data-screen-of="pay" novalidate${hidden('pay')}>
<h1 tabindex="-1" class="visually-hidden">${e(fill(t.pay, { amount }))}</h1>
${countryField}
<fieldset><legend>${e(t.network)}</legend>${networkOptions}</fieldset>
<label for="phone">${e(t.phone)}</label>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required aria-describedby="phone-hint phone-error">
<p class="hint" id="phone-hint">${home ? e(fill(t.phoneHint, { example: `+${home.dialCode} ${home.example}` })) : ''}</p>
<p class="error" id="phone-error" hidden></p>
<div id="otp-field" hidden>
<label for="otp">${e(t.otp)}</label>
<input id="otp" name="otp" inputmode="text" autocomplete="one-time-code" maxlength="12" aria-describedby="otp-hint otp-error">
<p class="error" id="otp-error" hidden></p>
</div>
<p class="hint" id="otp-hint" hidden></p>
<p class="error" id="form-error" role="alert" hidden></p>
<button id="pay-button" type="submit" class="button">${e(fill(t.pay, { amount }))}</button>
</form>
<section data-screen-of="waiting" aria-live="polite"${hidden('waiting')}>
<div class="spinner" aria-hidden="true"></div>
<h1 tabindex="-1" id="waiting-title">${e(t.waitingTitle)}</h1>
<p id="waiting-body"></p>
<p id="redirect-note" hidden></p>
<a id="redirect" class="button" href="#" hidden></a>
<p class="hint">${e(t.waitingNote)}</p>
</section>
<form id="code-form" data-screen-of="code" novalidate${hidden('code')}>
<h1 tabindex="-1">${e(t.codeTitle)}</h1>
<p id="code-body"></p>
<label for="code">${e(t.otp)}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" aria-describedby="code-body code-error">
<p class="error" id="code-error" role="alert" hidden></p>
<button id="code-button" type="submit" class="button">${e(t.confirm)}</button>
</form>
<section data-screen-of="failed"${hidden('failed')}>
<h1 tabindex="-1">${e(t.failedTitle)}</h1>
<p id="failure" role="alert"></p>
<button id="try-again" type="button" class="button">${e(t.tryAgain)}</button>
<button id="other-number" type="button" class="button secondary">${e(t.otherNumber)}</button>
</section>
<section data-screen-of="paid"${hidden('paid')}>
<div class="mark ok" aria-hidden="true">✓</div>
<h1 tabindex="-1">${e(t.paidTitle)}</h1>
<p>${e(fill(t.paidBody, { amount }))}</p>
${back}
</section>
<section data-screen-of="expired"${hidden('expired')}>
<h1 tabindex="-1">${e(t.expiredTitle)}</h1>
<p>${e(t.expiredBody)}</p>
${back}
</section>
<section data-screen-of="canceled"${hidden('canceled')}>
<h1 tabindex="-1">${e(t.canceledTitle)}</h1>
<p>${e(t.canceledBody)}</p>
${back}
</section>
<noscript><p class="error">${e(t.noscript)}</p></noscript>
</main>
<script type="application/json" id="state">${scriptJson(state)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
