/**
 * Contracts of the checkout routes, the runtime half (docs half: checkouts.docs.ts): the merchant
 * server's (merchant scope: create, read, cancel a checkout) and the customer's (public, the
 * checkout id being the capability: its view, paying it, the code of a two-step OTP network, the
 * hosted page).
 */
import * as rows from '../../lib/routes.ts';
import {
  checkoutIdParamsSchema,
  checkoutIssues,
  createCheckoutBodySchema,
  payCheckoutBodySchema,
} from '../checkouts/schemas.ts';
import type { Contract } from '../http/contract.ts';
import { cardReturnQuerySchema, otpBodySchema } from '../payments/schemas.ts';

export const checkoutsCreate = {
  route: rows.checkoutsCreate,
  body: createCheckoutBodySchema,
  bodyChecks: checkoutIssues,
  idempotent: true,
} satisfies Contract;

export const checkoutsGet = {
  route: rows.checkoutsGet,
  params: checkoutIdParamsSchema,
} satisfies Contract;

export const checkoutsCancel = {
  route: rows.checkoutsCancel,
  params: checkoutIdParamsSchema,
} satisfies Contract;

export const checkoutsPublic = {
  route: rows.checkoutsPublic,
  params: checkoutIdParamsSchema,
  query: cardReturnQuerySchema,
} satisfies Contract;

export const checkoutsPay = {
  route: rows.checkoutsPay,
  params: checkoutIdParamsSchema,
  body: payCheckoutBodySchema,
  idempotent: true,
} satisfies Contract;

export const checkoutsOtp = {
  route: rows.checkoutsOtp,
  params: checkoutIdParamsSchema,
  body: otpBodySchema,
  idempotent: true,
} satisfies Contract;

// The hosted page's contract is in pages.ts: its bundle must not load this module's schemas.
