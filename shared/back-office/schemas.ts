/**
 * Request schemas of the back-office routes (contracts: shared/api/admin.ts).
 */
import * as z from 'zod';
import { PAYMENT_STATUSES } from '../payments/model.ts';
import { SEARCH_KINDS } from './search.ts';

const amount = z.coerce
  .number()
  .int('Must be a whole number of francs.')
  .min(0, 'Must be 0 or more.')
  .max(100_000_000, 'Must be at most 100000000.')
  .optional();

/** The filters of the list and of its CSV export. */
export const operatorFiltersSchema = /* @__PURE__ */ z.strictObject({
  status: z.enum(PAYMENT_STATUSES).optional(),
  network: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/, 'Must be a network id from providers/ (e.g. mtn_bj).')
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
  q: z
    .string()
    .trim()
    .min(1, 'Type an id, an order id, a reference or a phone number.')
    .max(128, 'At most 128 characters.'),
  by: z
    .enum(SEARCH_KINDS)
    .optional()
    .describe('Only this way of searching; default: every one that fits.'),
});
