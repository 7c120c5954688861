/**
 * Contracts of the back-office routes, the runtime half (docs half: admin.docs.ts). Every route
 * but the page requires the operator scope (docs/back-office.md).
 */
import * as rows from '../../lib/routes.ts';
import {
  operatorFiltersSchema,
  operatorListQuerySchema,
  operatorRefundBodySchema,
  searchQuerySchema,
} from '../back-office/schemas.ts';
import { checkoutIdParamsSchema } from '../checkouts/schemas.ts';
import type { Contract } from '../http/contract.ts';
import { paymentIdParamsSchema } from '../payments/schemas.ts';

export const adminPaymentsList = {
  route: rows.adminPaymentsList,
  query: operatorListQuerySchema,
} satisfies Contract;

export const adminPaymentsExport = {
  route: rows.adminPaymentsExport,
  query: operatorFiltersSchema,
} satisfies Contract;

export const adminSearch = { route: rows.adminSearch, query: searchQuerySchema } satisfies Contract;

export const adminPaymentTimeline = {
  route: rows.adminPaymentTimeline,
  params: paymentIdParamsSchema,
} satisfies Contract;

export const adminPaymentResend = {
  route: rows.adminPaymentResend,
  params: paymentIdParamsSchema,
} satisfies Contract;

export const adminPaymentRefund = {
  route: rows.adminPaymentRefund,
  params: paymentIdParamsSchema,
  body: operatorRefundBodySchema,
  idempotent: true,
} satisfies Contract;

export const adminCheckoutCancel = {
  route: rows.adminCheckoutCancel,
  params: checkoutIdParamsSchema,
} satisfies Contract;

/** Read nothing from the request: the page, and the network figures. */
export const adminPage = { route: rows.adminPage } satisfies Contract;
export const adminNetworkHealth = { route: rows.adminNetworkHealth } satisfies Contract;
