/**
 * Request schemas of the back-office routes (contracts: shared/api/admin.ts).
 */
import * as z from 'zod';
import { said } from '../http/field-messages.ts';
import { PAYMENT_STATUSES } from '../payments/model.ts';
import { humanText, WHOLE_AMOUNT_MESSAGE } from '../payments/schemas.ts';
import { REFUND_REASON_MAX } from '../payouts/schemas.ts';
import { SEARCH_KINDS } from './search.ts';

const NETWORK_ID = /* @__PURE__ */ said({
  fr: 'Envoyez l’identifiant d’un réseau de providers/ (par exemple mtn_ci).',
  en: 'Send a network id from providers/ (e.g. mtn_ci).',
});
const SEARCH_TEXT = /* @__PURE__ */ said({
  fr: 'Tapez un identifiant, un numéro de commande, une référence ou un numéro de téléphone.',
  en: 'Type an id, an order id, a reference or a phone number.',
});

const REFUND_REASON = /* @__PURE__ */ said({
  fr: 'Dites pourquoi vous remboursez (la raison reste sur le remboursement).',
  en: 'Say why you refund (the reason stays on the refund).',
});

const amount = z.coerce.number().int(WHOLE_AMOUNT_MESSAGE).min(0).max(100_000_000).optional();

/** The filters of the list and of its CSV export. */
export const operatorFiltersSchema = /* @__PURE__ */ z.strictObject({
  status: z.enum(PAYMENT_STATUSES).optional(),
  network: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/, NETWORK_ID)
    .optional(),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Created at or after (ISO-8601). Default: 30 days before `to`; at most 92 days.'),
  to: z.iso.datetime({ offset: true }).optional().describe('Created at or before. Default: now.'),
  minAmount: amount.describe('At least this amount.'),
  maxAmount: amount.describe('At most this amount.'),
});

export const operatorListQuerySchema = /* @__PURE__ */ operatorFiltersSchema.extend({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const searchQuerySchema = /* @__PURE__ */ z.strictObject({
  q: z.string().trim().min(1, SEARCH_TEXT).max(128),
  by: z
    .enum(SEARCH_KINDS)
    .optional()
    .describe('Only this way of searching; default: every one that fits.'),
});

/** An operator's refund: the amount (default: all that remains) and, always, why. */
export const operatorRefundBodySchema = /* @__PURE__ */ z.strictObject({
  amount: z
    .number()
    .int(WHOLE_AMOUNT_MESSAGE)
    .positive()
    .optional()
    .describe('What to give back; default: all that remains refundable on the payment.'),
  reason: humanText(z.string().trim().min(1, REFUND_REASON).max(REFUND_REASON_MAX)).describe(
    'Why (required): kept on the refund, and its letters make FeexPay’s `motif`.',
  ),
});

export type OperatorRefundBody = z.output<typeof operatorRefundBodySchema>;
