/**
 * Request schemas of the checkout routes (zod, strict: an unknown field is a 400 naming it), named
 * by their contracts (shared/api/checkouts.ts), and the catalog checks zod alone cannot express
 * (networks and countries ↔ currency ↔ amount bounds, the customer's phone).
 *
 * Each schema is marked pure, so a handler's bundle keeps only the schemas its contract names.
 */
import * as z from 'zod';
import { type FieldIssue, invalidFields, ValidationError } from '../errors.ts';
import { cleanDescription } from '../feexpay/client.ts';
import { said } from '../http/field-messages.ts';
import {
  amountBounds,
  DESCRIPTION_MAX,
  humanText,
  metadataSchema,
  NAME_MAX,
  ORDER_ID_MESSAGE,
  OTP_CODE_MESSAGE,
  returnUrlSchema,
  WHOLE_AMOUNT_MESSAGE,
} from '../payments/schemas.ts';
import {
  countries,
  countriesOf,
  countryName,
  findNetwork,
  type Network,
  networks,
  normalizePhone,
} from '../providers.ts';
import { CHECKOUT_STATUSES, type CustomerHints } from './model.ts';

/** Default and longest life of a checkout, in seconds. */
export const DEFAULT_EXPIRES_IN_SECONDS = 30 * 60;
export const MAX_EXPIRES_IN_SECONDS = 24 * 3600;
export const MIN_EXPIRES_IN_SECONDS = 5;

/** Printable text without control or bidi-override characters (an order reference). */
const ORDER_ID = /^[^\p{Cc}\p{Cf}]{1,100}$/u;

export const createCheckoutBodySchema = /* @__PURE__ */ z
  .strictObject({
    amount: z
      .number()
      .int(WHOLE_AMOUNT_MESSAGE)
      .positive()
      .describe('What the customer pays, in the currency’s base unit.'),
    currency: z.enum(['XOF', 'XAF']),
    orderId: z
      .string()
      .regex(ORDER_ID, ORDER_ID_MESSAGE)
      .describe(
        'Your order reference (required). One OPEN checkout per order, and none once a checkout of it is PAID.',
      ),
    description: humanText(z.string().max(500))
      .optional()
      .describe(
        `Shown to the customer on the page; letters, digits and spaces are kept (FeexPay's rule), at most ${DESCRIPTION_MAX} after cleaning. No control or bidirectional-text characters, and not blank.`,
      ),
    customer: z
      .strictObject({
        phoneNumber: z
          .string()
          .min(1)
          .max(30)
          .optional()
          .describe('Prefills the page: `+229 01 66 00 00 00`, `0166000000` or `2290166000000`.'),
        firstName: humanText(z.string().trim().min(1).max(NAME_MAX))
          .optional()
          .describe('No control or bidirectional-text characters, and not blank.'),
        lastName: humanText(z.string().trim().min(1).max(NAME_MAX))
          .optional()
          .describe('No control or bidirectional-text characters, and not blank.'),
        email: z.email().max(254).optional(),
      })
      .optional()
      .describe('What you know of the customer: prefills the page and travels to FeexPay.'),
    networks: z
      .array(z.string().min(1).max(40))
      .min(1)
      .max(30)
      .optional()
      .describe(
        'Network ids (GET providers/) the customer may choose from. Default: every network of the currency.',
      ),
    countries: z
      .array(
        z.string().regex(
          /^[A-Z]{2}$/,
          said({
            fr: 'Envoyez un code pays ISO 3166-1 alpha-2 en majuscules (BJ, CI…).',
            en: 'Send an upper-case ISO 3166-1 alpha-2 country code (BJ, CI…).',
          }),
        ),
      )
      .min(1)
      .max(10)
      .optional()
      .describe('Countries (ISO codes) whose networks the customer may choose from.'),
    returnUrl: returnUrlSchema
      .optional()
      .describe(
        'Where the page sends the customer back, with `checkout` and `status` added to the query.',
      ),
    expiresInSeconds: z
      .number()
      .int()
      .min(MIN_EXPIRES_IN_SECONDS)
      .max(MAX_EXPIRES_IN_SECONDS)
      .default(DEFAULT_EXPIRES_IN_SECONDS)
      .describe(
        'How long attempts may start: default 1800 (30 minutes), at most 86400 (24 hours).',
      ),
    locale: z
      .enum(['fr', 'en'])
      .optional()
      .describe('The page’s language. Default: the customer’s browser, French first.'),
    metadata: metadataSchema.optional(),
  })
  .describe('Create a checkout: your server fixes the amount, the customer pays on the page.');

export type CreateCheckoutBody = z.output<typeof createCheckoutBodySchema>;

/**
 * Body of POST checkouts/{id}/pay/: how the customer pays, never how much (the amount and currency
 * are the checkout's; sending them is a 400).
 */
export const payCheckoutBodySchema = /* @__PURE__ */ z
  .strictObject({
    network: z.string().min(1).max(40).describe('One of the checkout’s networks.'),
    phoneNumber: z
      .string()
      .min(1)
      .max(30)
      .describe(
        'The number to charge, as the customer types it: `+229 01 66 00 00 00`, `0166000000` or `2290166000000`.',
      ),
    otp: z
      .string()
      .regex(/^[0-9A-Za-z]{3,12}$/, OTP_CODE_MESSAGE)
      .optional()
      .describe('Payment code, for networks whose flow is `otp`.'),
  })
  .describe('Pay a checkout.');

export type PayCheckoutBody = z.output<typeof payCheckoutBodySchema>;

export const checkoutIdParamsSchema = /* @__PURE__ */ z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(
      /^[A-Za-z0-9_-]+$/,
      said({
        fr: 'Ce n’est pas un identifiant de paiement en ligne (chk_…).',
        en: 'Not a checkout id (chk_…).',
      }),
    ),
});

export const checkoutStatusSchema = /* @__PURE__ */ z.enum(CHECKOUT_STATUSES);

/** A checkout request checked against the catalog: its networks resolved, its texts cleaned. */
export interface ValidatedCheckout {
  networks: Network[];
  description?: string;
  customer?: CustomerHints;
}

/**
 * Catalog checks on a schema-valid body: the networks (given, or those of the given countries, or
 * every one of the currency) that take this currency and this amount; the customer's phone, which
 * must be a number of one of their countries. Throws one `ValidationError` listing every problem.
 */
export function validateCheckout(body: CreateCheckoutBody): ValidatedCheckout {
  const issues: FieldIssue[] = [];
  let candidates = networks.filter((n) => n.country.currency === body.currency);
  if (body.networks) {
    const unknown = body.networks.filter((id) => !findNetwork(id));
    const otherCurrency = body.networks.filter(
      (id) => findNetwork(id) && findNetwork(id)?.country.currency !== body.currency,
    );
    if (unknown.length > 0) {
      const ids = unknown.join(', ');
      issues.push({
        field: 'networks',
        message: {
          fr: `Inconnu : ${ids} (voyez GET providers/).`,
          en: `Unknown: ${ids} (see GET providers/).`,
        },
      });
    }
    if (otherCurrency.length > 0) {
      const ids = otherCurrency.join(', ');
      issues.push({
        field: 'networks',
        message: {
          fr: `${ids} ne prennent pas le ${body.currency}.`,
          en: `${ids} do not take ${body.currency}.`,
        },
      });
    }
    candidates = candidates.filter((n) => body.networks?.includes(n.id));
  }
  if (body.countries) {
    const unknown = body.countries.filter((iso) => !countries.some((c) => c.iso === iso));
    if (unknown.length > 0) {
      const isos = unknown.join(', ');
      issues.push({
        field: 'countries',
        message: { fr: `Aucun réseau dans : ${isos}.`, en: `No networks in ${isos}.` },
      });
    }
    candidates = candidates.filter((n) =>
      countriesOf(n).some((c) => body.countries?.includes(c.iso)),
    );
  }
  const allowed = candidates.filter(
    (n) => body.amount >= n.minAmount && body.amount <= n.maxAmount,
  );
  if (issues.length === 0 && allowed.length === 0) {
    issues.push(
      candidates.length === 0
        ? {
            field: body.networks ? 'networks' : body.countries ? 'countries' : 'currency',
            message: {
              fr: `Aucun de ces réseaux ne prend le ${body.currency}.`,
              en: `No network takes ${body.currency} here.`,
            },
          }
        : {
            field: 'amount',
            message: amountBounds(
              Math.min(...candidates.map((n) => n.minAmount)),
              Math.max(...candidates.map((n) => n.maxAmount)),
              body.currency,
            ),
          },
    );
  }
  let description: string | undefined;
  if (body.description !== undefined) {
    description = cleanDescription(body.description);
    if (description.length > DESCRIPTION_MAX) {
      issues.push({
        field: 'description',
        message: {
          fr: `Au plus ${DESCRIPTION_MAX} caractères une fois nettoyé (lettres, chiffres et espaces).`,
          en: `At most ${DESCRIPTION_MAX} characters once cleaned (letters, digits and spaces).`,
        },
      });
    }
  }
  let customer: CustomerHints | undefined;
  if (body.customer) {
    const { phoneNumber, ...names } = body.customer;
    let phone: string | undefined;
    if (phoneNumber !== undefined) {
      const homes = [...new Set(allowed.flatMap(countriesOf))];
      phone = homes.map((country) => normalizePhone(phoneNumber, country)).find(Boolean);
      if (!phone) {
        const names = homes.map(countryName);
        issues.push({
          field: 'customer.phoneNumber',
          message: {
            fr: `Envoyez un numéro de l’un de ces pays : ${names.map((n) => n.fr).join(', ') || 'aucun'} (+indicatif puis le numéro, ou le numéro national).`,
            en: `Send a number of ${names.map((n) => n.en).join(', ') || 'these countries'} (+country code then the number, or the national number).`,
          },
        });
      }
    }
    customer = { ...names, ...(phone ? { phoneNumber: phone } : {}) };
  }
  if (issues.length > 0) throw invalidFields(issues);
  return {
    networks: allowed,
    ...(description ? { description } : {}),
    ...(customer && Object.keys(customer).length > 0 ? { customer } : {}),
  };
}

/**
 * The catalog checks of `validateCheckout` on a body the schema refused, on whichever fields have
 * the right type (the contract's `bodyChecks`): one 400 names the schema's fields and these.
 */
export function checkoutIssues(raw: Record<string, unknown>): FieldIssue[] {
  const { amount, currency, customer } = raw;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) return [];
  if (currency !== 'XOF' && currency !== 'XAF') return [];
  const strings = (value: unknown) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string')
      ? (value as string[])
      : undefined;
  const phoneNumber =
    customer && typeof customer === 'object' && 'phoneNumber' in customer
      ? (customer as { phoneNumber: unknown }).phoneNumber
      : undefined;
  try {
    validateCheckout({
      amount,
      currency,
      orderId: '',
      expiresInSeconds: DEFAULT_EXPIRES_IN_SECONDS,
      networks: strings(raw.networks),
      countries: strings(raw.countries),
      description: typeof raw.description === 'string' ? raw.description : undefined,
      customer: typeof phoneNumber === 'string' ? { phoneNumber } : undefined,
    });
  } catch (error) {
    if (error instanceof ValidationError) return error.fields ?? [];
    throw error;
  }
  return [];
}
