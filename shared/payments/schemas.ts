/**
 * Request schemas of the payment routes (zod, strict), named by their contracts
 * (shared/api/payments.ts), and the catalog checks that zod alone cannot express (network ↔
 * currency ↔ phone ↔ amount bounds ↔ OTP).
 *
 * Unknown fields are rejected (400 naming each one) rather than ignored: a typo such as `ammount`
 * or `phone` must not silently produce a different payment than the caller meant.
 *
 * Each schema is marked pure, so a handler's bundle keeps only the schemas its contract names.
 */
import * as z from 'zod';
import { type FieldIssue, invalidFields } from '../errors.ts';
import { cleanDescription } from '../feexpay/client.ts';
import { said } from '../http/field-messages.ts';
import type { Localized } from '../http/language.ts';
import {
  countriesOf,
  countryName,
  findNetwork,
  type Network,
  networks,
  normalizePhone,
  phoneNumberHint,
} from '../providers.ts';
import { PAYMENT_STATUSES } from './model.ts';

export const DESCRIPTION_MAX = 100;
export const NAME_MAX = 50;
export const METADATA_MAX_KEYS = 20;
export const METADATA_KEY_MAX = 40;
export const METADATA_STRING_MAX = 200;
export const METADATA_JSON_MAX_BYTES = 1024;

/** C0 and C1 controls (NUL, tab, line breaks, ESC, DEL…). */
const CONTROL = /\p{Cc}/u;
/**
 * Bidirectional-text controls: marks (U+061C, U+200E, U+200F), embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069), which make text read backwards.
 */
const BIDI = /\p{Bidi_Control}/u;
/** Nothing a person can see: spaces and zero-width characters only. */
const INVISIBLE_ONLY = /^[\s\u00ad\u180e\u200b-\u200d\u2060\ufeff]+$/;

/**
 * Why `value` is not text to show a person (a name, a description), or undefined when it is:
 * control characters, bidirectional-text controls (which make a payee's name read as another's),
 * or nothing visible at all. Other request schemas (checkouts, refunds) use it for their own
 * human-facing fields.
 */
export function humanTextProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return NO_CONTROLS;
  if (BIDI.test(value)) return NO_BIDI;
  if (INVISIBLE_ONLY.test(value)) return VISIBLE;
  return undefined;
}

const NO_CONTROLS = /* @__PURE__ */ said({
  fr: 'Ne doit contenir aucun caractère de contrôle (tabulation, saut de ligne, NUL).',
  en: 'Must not contain control characters (tabs, line breaks, NUL).',
});
const NO_BIDI = /* @__PURE__ */ said({
  fr: 'Ne doit contenir aucun contrôle de texte bidirectionnel (U+202A–U+202E, U+2066–U+2069).',
  en: 'Must not contain bidirectional-text controls (U+202A–U+202E, U+2066–U+2069).',
});
const VISIBLE = /* @__PURE__ */ said({
  fr: 'Doit contenir des caractères visibles.',
  en: 'Must contain visible characters.',
});

/** The 3–12 letters and digits of a network's payment code. */
export const OTP_CODE_MESSAGE = /* @__PURE__ */ said({
  fr: 'Envoyez le code de 3 à 12 lettres et chiffres donné par le réseau.',
  en: 'Send the 3–12 letter and digit code from the network.',
});

/** XOF and XAF have no minor unit. */
export const WHOLE_AMOUNT_MESSAGE = /* @__PURE__ */ said({
  fr: 'Envoyez un nombre entier (le XOF et le XAF n’ont pas de centimes).',
  en: 'Send a whole number (XOF/XAF have no minor unit).',
});

/** A string schema that also refuses what `humanTextProblem` refuses. */
export function humanText<S extends z.ZodType<string>>(schema: S): S {
  return schema.superRefine((value, ctx) => {
    const problem = humanTextProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as unknown as S;
}

const metadataValue = /* @__PURE__ */ z.union([
  z.string().max(METADATA_STRING_MAX),
  z.number(),
  z.boolean(),
]);

export const metadataSchema = /* @__PURE__ */ z
  .record(z.string().min(1).max(METADATA_KEY_MAX), metadataValue)
  .refine((m) => Object.keys(m).length <= METADATA_MAX_KEYS, {
    message: said({
      fr: `Au plus ${METADATA_MAX_KEYS} clés.`,
      en: `At most ${METADATA_MAX_KEYS} keys.`,
    }),
  })
  .refine((m) => Buffer.byteLength(JSON.stringify(m), 'utf8') <= METADATA_JSON_MAX_BYTES, {
    message: said({
      fr: `Au plus ${METADATA_JSON_MAX_BYTES} octets une fois écrit en JSON.`,
      en: `At most ${METADATA_JSON_MAX_BYTES} bytes as JSON.`,
    }),
  })
  .describe('Your own small key/value object, echoed back on the payment and in notifications.');

function isAllowedReturnUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** An https URL (plain http only for localhost) to send the customer back to. */
export const returnUrlSchema = /* @__PURE__ */ z
  .string()
  .max(2048)
  .refine(
    isAllowedReturnUrl,
    said({
      fr: 'Envoyez une URL https (http seulement pour localhost).',
      en: 'Send an https URL (http only for localhost).',
    }),
  );

export const initiateBodySchema = /* @__PURE__ */ z
  .strictObject({
    amount: z
      .number()
      .int(WHOLE_AMOUNT_MESSAGE)
      .positive()
      .describe('Amount in the currency’s base unit, within the network’s bounds.'),
    currency: z.enum(['XOF', 'XAF']).describe('Currency of the network’s country.'),
    network: z
      .string()
      .min(1)
      .max(40)
      .describe(
        `Network id from GET providers/, e.g. ${networks
          .slice(0, 3)
          .map((n) => n.id)
          .join(', ')}.`,
      ),
    phoneNumber: z
      .string()
      .min(1)
      .max(30)
      .describe(
        'The number to charge, of the network’s country: `+229 01 66 00 00 00`, `0166000000` or `2290166000000` (spaces, dashes, dots and brackets are dropped). Stored and answered as digits, country code first (`2290166000000`).',
      ),
    description: humanText(z.string().max(500))
      .optional()
      .describe(
        `Shown to the customer; letters, digits and spaces are kept (FeexPay's rule), at most ${DESCRIPTION_MAX} after cleaning. No control or bidirectional-text characters, and not blank.`,
      ),
    firstName: humanText(z.string().trim().min(1).max(NAME_MAX))
      .optional()
      .describe('No control or bidirectional-text characters, and not blank.'),
    lastName: humanText(z.string().trim().min(1).max(NAME_MAX))
      .optional()
      .describe('No control or bidirectional-text characters, and not blank.'),
    email: z.email().max(254).optional(),
    returnUrl: returnUrlSchema
      .optional()
      .describe(
        'Where redirect networks send the customer back; required for `card` (FeexPay’s card page adds `?ref=`: pass it to GET {id}/status/).',
      ),
    otp: z
      .string()
      .regex(/^[0-9A-Za-z]{3,12}$/, OTP_CODE_MESSAGE)
      .optional()
      .describe(
        'The payment code the customer made first, required by `flow: otp` networks (see GET providers/); not sent for others.',
      ),
    metadata: metadataSchema.optional(),
  })
  .describe('Start a payment.');

export type InitiateBody = z.output<typeof initiateBodySchema>;

const otpCode = /* @__PURE__ */ z.string().regex(/^[0-9A-Za-z]{3,12}$/, OTP_CODE_MESSAGE);

/** Body of POST retry/{id}/: optional, carries a fresh OTP for `flow: otp` networks. */
export const retryBodySchema = /* @__PURE__ */ z
  .strictObject({
    otp: otpCode
      .optional()
      .describe('A fresh payment code, for `flow: otp` networks (codes are single-use).'),
  })
  .describe('Retry a FAILED or EXPIRED payment.');

export type RetryBody = z.output<typeof retryBodySchema>;

/** Body of POST {id}/otp/: the code FeexPay sent the customer (two-step OTP networks). */
export const otpBodySchema = /* @__PURE__ */ z
  .strictObject({
    otp: otpCode.describe('The code FeexPay sent the customer after the payment started.'),
  })
  .describe('Confirm a payment with the code FeexPay sent the customer.');

export type OtpBody = z.output<typeof otpBodySchema>;

export const paymentIdParamsSchema = /* @__PURE__ */ z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(
      /^[A-Za-z0-9_-]+$/,
      said({
        fr: 'Ce n’est pas un identifiant de paiement (pay_…).',
        en: 'Not a payment id (pay_…).',
      }),
    ),
});

export const historyQuerySchema = /* @__PURE__ */ z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
});

export type HistoryQuery = z.output<typeof historyQuerySchema>;

/** An order reference: 1–100 printable characters. */
export const ORDER_ID_MESSAGE = /* @__PURE__ */ said({
  fr: 'Envoyez de 1 à 100 caractères imprimables.',
  en: 'Send 1–100 printable characters.',
});

const CARD_REF_MESSAGE = /* @__PURE__ */ said({
  fr: 'Envoyez le `ref` que FeexPay a ajouté à votre adresse de retour.',
  en: 'Send the `ref` FeexPay added to your return URL.',
});

/**
 * The query of the routes a card payer comes back through (GET {id}/status/, GET
 * checkouts/{id}/public/): `ref`, FeexPay's reference from the card page's return URL. Other
 * parameters are ignored, as they were before `ref` existed.
 */
export const cardReturnQuerySchema = /* @__PURE__ */ z.object({
  ref: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, CARD_REF_MESSAGE)
    .optional()
    .describe(
      'Card payments: the `ref` FeexPay’s card page added to the return URL. The payment is confirmed with FeexPay at once (docs/cards.md).',
    ),
});

/** GET payments/ (merchant): every filter optional; `from` defaults to 30 days before `to`. */
export const listPaymentsQuerySchema = /* @__PURE__ */ z.strictObject({
  orderId: z
    .string()
    .regex(/^[^\p{Cc}\p{Cf}]{1,100}$/u, ORDER_ID_MESSAGE)
    .optional()
    .describe('Only the payments (a checkout’s attempts) of this order.'),
  status: z.enum(PAYMENT_STATUSES).optional(),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'Created at or after (ISO-8601). Default: 30 days before `to`; at most 92 days before it.',
    ),
  to: z.iso.datetime({ offset: true }).optional().describe('Created at or before. Default: now.'),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * The order part of a payment, validated against the catalog and ready to store and send: the
 * body with its network resolved and its description cleaned.
 */
export type ValidatedOrder = Omit<InitiateBody, 'network'> & { network: Network };

/**
 * What is wrong with `otp` for a network, or undefined: `otp` networks need the code the customer
 * made; a two-step network (`otp_confirm`) gets its code later, through POST {id}/otp/; others
 * take none (FeexPay is sent only the fields its call lists: docs/feexpay-api.md §4.1).
 */
export function otpFieldProblem(net: Network, otp: string | undefined): Localized | undefined {
  if (net.flow === 'otp') {
    return otp
      ? undefined
      : {
          fr: `${net.name} demande un code de paiement. ${net.otpHint?.fr ?? ''}`.trim(),
          en: `${net.name} needs a payment code. ${net.otpHint?.en ?? ''}`.trim(),
        };
  }
  if (!otp) return undefined;
  if (net.flow === 'otp_confirm') {
    return {
      fr: `${net.name} envoie un code au client une fois le paiement lancé : n’envoyez pas otp ici, envoyez le code avec POST {id}/otp/.`,
      en: `${net.name} sends the customer a code after the payment starts: leave otp out here and send the code with POST {id}/otp/.`,
    };
  }
  return {
    fr: `${net.name} ne prend pas de code de paiement : retirez otp.`,
    en: `${net.name} takes no payment code; remove otp.`,
  };
}

function tooLongDescription(): Localized {
  return {
    fr: `Au plus ${DESCRIPTION_MAX} caractères une fois nettoyé (lettres, chiffres et espaces).`,
    en: `At most ${DESCRIPTION_MAX} characters once cleaned (letters, digits and spaces).`,
  };
}

/** What an amount must be on a network, in both languages. */
export function amountBounds(min: number, max: number, currency: string): Localized {
  return {
    fr: `Envoyez un montant entre ${min} et ${max} ${currency}.`,
    en: `Send an amount between ${min} and ${max} ${currency}.`,
  };
}

/**
 * The catalog checks of an initiate body (network, currency, amount bounds, phone number of the
 * network's country, payment code), on whichever of its fields have the right type: the route
 * runs them even when the schema refused other fields, so one answer names every field to fix.
 */
/** The stored digits of a payer's number on `net`: its country's, or (cards) any country it is offered in. */
function phoneFor(phoneNumber: string, net: Network): string | undefined {
  for (const country of countriesOf(net)) {
    const digits = normalizePhone(phoneNumber, country);
    if (digits) return digits;
  }
  return undefined;
}

/** What to send as the payer's number on `net`. */
function phoneHint(net: Network): Localized {
  if (!net.offeredIn) return phoneNumberHint(net.country);
  const codes = net.offeredIn.map((c) => `+${c.dialCode}`).join(', ');
  return {
    fr: `Envoyez le numéro du payeur avec son indicatif (${codes}).`,
    en: `Send the payer's number with its country code (${codes}).`,
  };
}

export function orderIssues(body: Partial<Record<keyof InitiateBody, unknown>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof body.network !== 'string') return issues;
  const net = findNetwork(body.network);
  if (!net) {
    issues.push({
      field: 'network',
      message: {
        fr: 'Réseau inconnu : voyez GET providers/ pour les identifiants.',
        en: 'Unknown network; see GET providers/ for the ids.',
      },
    });
    return issues;
  }
  const { currency } = net.country;
  if (typeof body.currency === 'string' && body.currency !== currency) {
    const country = countryName(net.country);
    issues.push({
      field: 'currency',
      message: {
        fr: `${net.name} (${country.fr}) prend le ${currency} : envoyez ${currency}.`,
        en: `${net.name} in ${country.en} takes ${currency}: send ${currency}.`,
      },
    });
  }
  if (
    typeof body.amount === 'number' &&
    Number.isInteger(body.amount) &&
    body.amount > 0 &&
    (body.amount < net.minAmount || body.amount > net.maxAmount)
  ) {
    issues.push({ field: 'amount', message: amountBounds(net.minAmount, net.maxAmount, currency) });
  }
  if (typeof body.phoneNumber === 'string' && !phoneFor(body.phoneNumber, net)) {
    issues.push({ field: 'phoneNumber', message: phoneHint(net) });
  }
  if (body.otp === undefined || typeof body.otp === 'string') {
    const otpProblem = otpFieldProblem(net, body.otp as string | undefined);
    if (otpProblem) issues.push({ field: 'otp', message: otpProblem });
    if (net.flow === 'card' && !body.returnUrl) {
      issues.push({
        field: 'returnUrl',
        message: {
          fr: 'Un paiement par carte demande returnUrl : la page carte de FeexPay y renvoie le client, avec ?ref=.',
          en: 'Card payments need returnUrl: FeexPay’s card page sends the customer back there, with ?ref=.',
        },
      });
    }
  }
  return issues;
}

/**
 * Catalog checks on a schema-valid body. Throws one `ValidationError` listing every problem; the
 * phone number is normalised (client/src/phone.ts) to the digits stored and answered.
 */
export function validateOrder(body: InitiateBody): ValidatedOrder {
  const issues = orderIssues(body);
  const net = findNetwork(body.network);
  const phoneNumber = net && phoneFor(body.phoneNumber, net);
  let description: string | undefined;
  if (body.description !== undefined) {
    description = cleanDescription(body.description);
    if (description.length > DESCRIPTION_MAX) {
      issues.push({ field: 'description', message: tooLongDescription() });
    }
  }
  if (issues.length > 0 || !net || !phoneNumber) throw invalidFields(issues);
  return {
    network: net,
    amount: body.amount,
    currency: net.country.currency,
    phoneNumber,
    ...(description ? { description } : {}),
    ...(body.firstName ? { firstName: body.firstName } : {}),
    ...(body.lastName ? { lastName: body.lastName } : {}),
    ...(body.email ? { email: body.email } : {}),
    ...(body.returnUrl ? { returnUrl: body.returnUrl } : {}),
    ...(body.otp ? { otp: body.otp } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
  };
}
