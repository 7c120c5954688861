/**
 * Why a payment FAILED, as a stable code a frontend can translate, and the text a payer sees for
 * each, in French (first) and English. FeexPay's own words stay in `failureReason` for operators;
 * `failureCodeOf` maps everything FeexPay is known to send (reasons, `statusCode` values,
 * messages, HTTP statuses) and our own reasons to one code. The evidence per mapping:
 * docs/feexpay-api.md §6.2 and §10; the enum as merchants see it: docs/payments.md, "Failure codes".
 *
 * Dependency-free on purpose: the hosted page, the typed client (which gets a generated copy of
 * the messages, `npm run openapi`) and every Lambda bundle can carry it.
 */

/** Every failure code, in the order the docs list them. */
export const FAILURE_CODES = [
  'declined',
  'insufficient_funds',
  'timeout',
  'invalid_number',
  'amount_not_allowed',
  'otp_invalid',
  'card_declined',
  'provider_unavailable',
  'provider_rejected',
  'unknown',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export type Locale = 'fr' | 'en';

/** Locales in the order pages offer them: French first. */
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** What each code means, for developers (docs and the OpenAPI description). */
export const FAILURE_CODE_MEANINGS: Record<FailureCode, string> = {
  declined: 'The customer (or the operator on their behalf) declined or cancelled the payment.',
  insufficient_funds: 'The balance was too low, or a wallet limit was reached.',
  timeout: 'The customer did not confirm in time.',
  invalid_number: 'The number has no wallet on this network, or is not a valid number.',
  amount_not_allowed: 'The operator refused the amount (below its minimum or above a limit).',
  otp_invalid: 'The payment code (OTP) was missing, wrong or expired.',
  card_declined:
    'The card was declined (by its bank, or 3-D Secure failed) on FeexPay’s card page.',
  provider_unavailable:
    'FeexPay or the operator was unavailable; the request was not taken, nobody was charged.',
  provider_rejected:
    'FeexPay refused the request itself (network not enabled for the shop, our credentials, invalid fields).',
  unknown: 'Any other reason; `failureReason` has FeexPay’s words.',
};

/** The payer's text: what happened, then what to do. One catalogue per language. */
const MESSAGES: Record<Locale, Record<FailureCode, string>> = {
  fr: {
    declined: 'Le paiement a été refusé ou annulé. Réessayez et confirmez-le sur votre téléphone.',
    insufficient_funds:
      'Solde insuffisant ou plafond atteint. Rechargez votre compte, puis réessayez.',
    timeout:
      'Le paiement n’a pas été confirmé à temps. Réessayez et validez la demande sur votre téléphone.',
    invalid_number:
      'Ce numéro n’a pas de compte mobile money sur ce réseau. Vérifiez le numéro et le réseau.',
    amount_not_allowed:
      'Votre opérateur n’accepte pas ce montant. Essayez un autre montant ou un autre moyen de paiement.',
    otp_invalid: 'Code de paiement invalide ou expiré. Obtenez un nouveau code, puis réessayez.',
    card_declined:
      'Votre carte a été refusée. Essayez une autre carte ou choisissez un autre moyen de paiement.',
    provider_unavailable:
      'Le service de paiement est indisponible pour le moment. Vous n’avez pas été débité. Réessayez dans quelques minutes.',
    provider_rejected:
      'Ce moyen de paiement ne peut pas traiter ce paiement. Choisissez-en un autre ou contactez le marchand.',
    unknown: 'Le paiement n’a pas abouti. Réessayez ou choisissez un autre moyen de paiement.',
  },
  en: {
    declined: 'The payment was declined or cancelled. Try again and confirm it on your phone.',
    insufficient_funds:
      'Your balance is too low, or a limit was reached. Top up your account, then try again.',
    timeout: 'The payment was not confirmed in time. Try again and approve it on your phone.',
    invalid_number:
      'This number has no mobile-money account on this network. Check the number and the network.',
    amount_not_allowed:
      'Your operator does not accept this amount. Try another amount or another payment method.',
    otp_invalid: 'The payment code is wrong or expired. Get a new code, then try again.',
    card_declined: 'Your card was declined. Try another card or choose another payment method.',
    provider_unavailable:
      'The payment service is unavailable right now. You were not charged. Try again in a few minutes.',
    provider_rejected:
      'This payment method cannot take this payment. Choose another one or contact the merchant.',
    unknown: 'The payment did not go through. Try again or choose another payment method.',
  },
};

/** Every message of a locale (the client's generated copy is built from these). */
export function failureMessages(locale: Locale): Readonly<Record<FailureCode, string>> {
  return MESSAGES[locale];
}

/** True for a string that is one of the codes. */
export function isFailureCode(value: unknown): value is FailureCode {
  return typeof value === 'string' && (FAILURE_CODES as readonly string[]).includes(value);
}

/**
 * The payer's text for a code, in `locale` (French unless `en`). A code this version does not
 * know (a newer server) reads as `unknown`.
 */
export function failureMessage(code: string | undefined, locale: Locale = 'fr'): string {
  const messages = MESSAGES[locale] ?? MESSAGES.fr;
  return messages[isFailureCode(code) ? code : 'unknown'];
}

/** What is known about a failure: any of FeexPay's fields, and the HTTP status of a refusal. */
export interface FailureEvidence {
  /** FeexPay's `reason`, or a reason we set (`PROVIDER_UNAVAILABLE`, `PROVIDER_AUTH_FAILED`). */
  reason?: unknown;
  /** FeexPay's initiation `statusCode` (`"10"`, `"37"`, `"92"`). */
  statusCode?: unknown;
  /** FeexPay's `message` (or `responsemsg`), or the text of a refusal. */
  message?: unknown;
  /** The HTTP status of a refusal (4xx) or an outage (5xx). */
  httpStatus?: number | undefined;
}

/** Initiation `statusCode` values FeexPay's React SDK handles (docs/feexpay-api.md §6.2). */
const STATUS_CODES: Record<string, FailureCode> = {
  '10': 'insufficient_funds',
  '37': 'amount_not_allowed',
  '92': 'declined',
};

/**
 * Reason codes, upper case with `_` for anything but letters and digits. The first two are the
 * reasons seen from FeexPay; they are MTN MoMo's own codes, so MTN's others (inference) are here
 * too, with the names our client and our simulator use.
 */
const REASONS: Record<string, FailureCode> = {
  LOW_BALANCE_OR_PAYEE_LIMIT_REACHED_OR_NOT_ALLOWED: 'insufficient_funds',
  PAYER_NOT_FOUND: 'invalid_number',
  INSUFFICIENT_FUNDS: 'insufficient_funds',
  INSUFFICIENT_BALANCE: 'insufficient_funds',
  NOT_ENOUGH_FUNDS: 'insufficient_funds',
  PAYER_LIMIT_REACHED: 'insufficient_funds',
  BELOW_OPERATOR_MINIMUM: 'amount_not_allowed',
  CANCELLED: 'declined',
  CANCELED: 'declined',
  CANCELLED_BY_CUSTOMER: 'declined',
  TRANSACTION_CANCELED: 'declined',
  APPROVAL_REJECTED: 'declined',
  PAYMENT_NOT_APPROVED: 'declined',
  REJECTED: 'declined',
  DECLINED: 'declined',
  // Card refusals (FeexLink, docs/feexpay-api.md §12.1): the words card processors use.
  CARD_DECLINED: 'card_declined',
  DO_NOT_HONOR: 'card_declined',
  CARD_REFUSED: 'card_declined',
  AUTHENTICATION_FAILED: 'card_declined',
  THREE_D_SECURE_FAILED: 'card_declined',
  TIMEOUT: 'timeout',
  EXPIRED: 'timeout',
  INVALID_PHONE_NUMBER: 'invalid_number',
  INVALID_OTP: 'otp_invalid',
  NETWORK_UNAVAILABLE: 'provider_unavailable',
  SERVICE_UNAVAILABLE: 'provider_unavailable',
  PROVIDER_UNAVAILABLE: 'provider_unavailable',
  PROVIDER_AUTH_FAILED: 'provider_rejected',
  PROVIDER_REJECTED: 'provider_rejected',
  SHOP_NOT_FOUND: 'provider_rejected',
};

/**
 * Free text (messages, unlisted reasons), lower case without accents, first match wins. The OTP
 * rule comes first: FeexPay's OTP refusals also say "code de paiement" (§7.3).
 */
const WORDS: readonly [RegExp, FailureCode][] = [
  [/\botp\b|code (de )?paiement|payment code|code de confirmation|one.time/, 'otp_invalid'],
  [/carte refusee|card (was )?(declined|refused)|3.?d.?secure/, 'card_declined'],
  [/insufficient|insuffisant|low balance|not enough (funds|money)|solde/, 'insufficient_funds'],
  [
    /invalid phone|phone number|numero (de telephone )?invalide|payer not found|subscriber not found|not registered|non inscrit/,
    'invalid_number',
  ],
  [/channel not configured|shop not found|token api invalid|credentials/, 'provider_rejected'],
  [/unavailable|indisponible|bad gateway|gateway|try again later/, 'provider_unavailable'],
  [/time ?out|timed out|expired|expire/, 'timeout'],
  [/cancel|annul|declin|refus|reject/, 'declined'],
  [/(amount|montant).*(less|greater|minimum|maximum|limit|plafond|min|max)/, 'amount_not_allowed'],
];

function normalisedText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

function reasonKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function byWords(text: string): FailureCode | undefined {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
  return WORDS.find(([pattern]) => pattern.test(words))?.[1];
}

/**
 * The failure code for what FeexPay (or our client) said. A string is read as a reason or a
 * message. Order: `statusCode`, then the reason (a known code, then its words), then the message's
 * words, then the HTTP status (5xx or 429: unavailable; other 4xx: refused); else `unknown`.
 */
export function failureCodeOf(evidence: FailureEvidence | string | undefined): FailureCode {
  const given: FailureEvidence =
    typeof evidence === 'string' ? { reason: evidence } : (evidence ?? {});
  const statusCode = normalisedText(given.statusCode);
  if (statusCode && STATUS_CODES[statusCode]) return STATUS_CODES[statusCode];
  for (const field of [given.reason, given.message]) {
    const text = normalisedText(field);
    if (!text) continue;
    const code = REASONS[reasonKey(text)] ?? byWords(text);
    if (code) return code;
  }
  const http = given.httpStatus;
  if (http !== undefined) {
    if (http === 429 || http >= 500) return 'provider_unavailable';
    if (http >= 400) return 'provider_rejected';
  }
  return 'unknown';
}
