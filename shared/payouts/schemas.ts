/**
 * Request schemas of the payout and refund routes (zod, strict), and the checks zod alone cannot
 * express: the network's payout path, its country's phone numbers, FeexPay's payout limits
 * (docs/feexpay-api.md §4.6: minimum per country, the per-payout maximum, the networks that need a
 * beneficiary code). Each schema is marked pure, so a handler's bundle keeps only its own.
 */
import * as z from 'zod';
import { type FieldIssue, invalidFields, UnprocessableError } from '../errors.ts';
import {
  MOTIF_MAX,
  PAYOUT_MAX_AMOUNT,
  PAYOUT_ROUTES,
  PAYOUT_UNSUPPORTED,
} from '../feexpay/payout.ts';
import { said } from '../http/field-messages.ts';
import type { Localized } from '../http/language.ts';
import { humanText, metadataSchema, WHOLE_AMOUNT_MESSAGE } from '../payments/schemas.ts';
import {
  type Country,
  countryName,
  findNetwork,
  type Network,
  phoneProblem,
} from '../providers.ts';

/** FeexPay's `motif` rule: letters, digits and spaces (§4.6). Accented letters are letters. */
const MOTIF = /^[\p{L}\p{N} ]+$/u;

export const REFUND_REASON_MAX = 200;

const MOTIF_TOO_LONG = /* @__PURE__ */ said({
  fr: `Envoyez au plus ${MOTIF_MAX} caractères (la limite de FeexPay).`,
  en: `Send at most ${MOTIF_MAX} characters (FeexPay’s limit).`,
});
const MOTIF_LETTERS = /* @__PURE__ */ said({
  fr: 'Envoyez des lettres, des chiffres et des espaces seulement (la règle de FeexPay).',
  en: 'Send letters, digits and spaces only (FeexPay’s rule).',
});
const NOT_A_PAYOUT_ID = /* @__PURE__ */ said({
  fr: 'Envoyez l’identifiant d’un virement ou d’un remboursement (po_… ou rf_…).',
  en: 'Send a payout or refund id (po_… or rf_…).',
});

export const createPayoutBodySchema = /* @__PURE__ */ z.strictObject({
  amount: z
    .number()
    .int(WHOLE_AMOUNT_MESSAGE)
    .positive()
    .describe(
      `In the currency’s base unit: at least FeexPay’s minimum for the network (50 in Benin, 100 elsewhere), at most ${PAYOUT_MAX_AMOUNT}.`,
    ),
  currency: z.enum(['XOF', 'XAF']).describe('Currency of the network’s country.'),
  network: z.string().min(1).max(40).describe('Network id from GET providers/.'),
  phoneNumber: z
    .string()
    .min(1)
    .max(20)
    .describe('The beneficiary: digits only, country code first, no "+" (e.g. 2290166000000).'),
  motif: z
    .string()
    .trim()
    .min(1)
    .max(MOTIF_MAX, MOTIF_TOO_LONG)
    .regex(MOTIF, MOTIF_LETTERS)
    .describe(
      `What the beneficiary’s operator shows: letters, digits and spaces, at most ${MOTIF_MAX} characters.`,
    ),
  metadata: metadataSchema.optional(),
});

export type CreatePayoutBody = z.output<typeof createPayoutBodySchema>;

export const createRefundBodySchema = /* @__PURE__ */ z.strictObject({
  amount: z
    .number()
    .int(WHOLE_AMOUNT_MESSAGE)
    .positive()
    .optional()
    .describe('What to give back; default: all that remains refundable on the payment.'),
  reason: humanText(z.string().trim().min(1).max(REFUND_REASON_MAX))
    .optional()
    .describe(
      'Why, for your records (kept on the refund); its letters, digits and spaces make FeexPay’s `motif`.',
    ),
  metadata: metadataSchema.optional(),
});

export type CreateRefundBody = z.output<typeof createRefundBodySchema>;

export const payoutIdParamsSchema = /* @__PURE__ */ z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, NOT_A_PAYOUT_ID),
});

export const listPayoutsQuerySchema = /* @__PURE__ */ z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100).'),
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page.'),
});

export type ListPayoutsQuery = z.output<typeof listPayoutsQuerySchema>;

/**
 * Why FeexPay cannot pay out `amount` on `net` (422 problem, its code), or undefined: a network
 * without a payout path or needing a beneficiary code, an amount below the network's minimum or
 * above the per-payout maximum.
 */
export function payoutLimitProblem(
  net: Network,
  amount: number,
): { code: string; field: string; message: Localized } | undefined {
  const unsupported = PAYOUT_UNSUPPORTED[net.id];
  const route = PAYOUT_ROUTES[net.id];
  const currency = net.country.currency;
  if (unsupported || !route) {
    const why = unsupported ?? {
      fr: `FeexPay n’a pas de chemin de virement pour ${net.name}.`,
      en: `FeexPay has no payout path for ${net.name}.`,
    };
    return {
      code: 'payout_network_unsupported',
      field: 'network',
      message: {
        fr: `${why.fr} Faites le virement sur un autre réseau, ou depuis le tableau de bord de FeexPay.`,
        en: `${why.en} Pay out on another network, or from FeexPay’s dashboard.`,
      },
    };
  }
  if (amount < route.minAmount) {
    const country = countryName(net.country);
    return {
      code: 'payout_amount_out_of_range',
      field: 'amount',
      message: {
        fr: `FeexPay vire au moins ${route.minAmount} ${currency} sur ${net.name} (${country.fr}).`,
        en: `FeexPay pays out at least ${route.minAmount} ${currency} on ${net.name} (${country.en}).`,
      },
    };
  }
  if (amount > PAYOUT_MAX_AMOUNT) {
    return {
      code: 'payout_amount_out_of_range',
      field: 'amount',
      message: {
        fr: `FeexPay vire au plus ${PAYOUT_MAX_AMOUNT} ${currency} à la fois : faites plusieurs virements.`,
        en: `FeexPay pays out at most ${PAYOUT_MAX_AMOUNT} ${currency} at a time; split it into several.`,
      },
    };
  }
  return undefined;
}

/** The payout body checked against the catalog and FeexPay's limits: its network, or a 400/422. */
export function validatePayout(body: CreatePayoutBody): Network {
  const net = findNetwork(body.network);
  if (!net) {
    throw invalidFields([
      {
        field: 'network',
        message: {
          fr: 'Réseau inconnu : voyez GET providers/ pour les identifiants.',
          en: 'Unknown network; see GET providers/ for the ids.',
        },
      },
    ]);
  }
  const issues: FieldIssue[] = [];
  if (body.currency !== net.country.currency) {
    const country = countryName(net.country);
    issues.push({
      field: 'currency',
      message: {
        fr: `${net.name} (${country.fr}) vire en ${net.country.currency}.`,
        en: `${net.name} (${country.en}) pays out in ${net.country.currency}.`,
      },
    });
  }
  if (phoneProblem(body.phoneNumber, net)) {
    issues.push({ field: 'phoneNumber', message: payoutPhoneHint(net.country) });
  }
  if (issues.length) throw invalidFields(issues);
  const problem = payoutLimitProblem(net, body.amount);
  if (problem) {
    throw new UnprocessableError(problem.message, {
      code: problem.code,
      fields: [{ field: problem.field, message: problem.message }],
    });
  }
  return net;
}

/** The beneficiary's number as payouts take it: international digits only. */
function payoutPhoneHint(country: Country): Localized {
  const { dialCode, nationalNumberLength: n } = country;
  const name = countryName(country);
  return {
    fr: `Envoyez un numéro (${name.fr}) en chiffres seulement : ${dialCode} puis ${n} chiffres, sans « + » ni espaces.`,
    en: `Send a ${name.en} number in digits only: ${dialCode} then ${n} digits, no "+" or spaces.`,
  };
}
