/**
 * Contracts of the payment routes, the runtime half: what each handler accepts (docs half:
 * payments.docs.ts). A customer JWT on the customer's routes, the merchant scope on the merchant
 * server's (`paymentsGet`, `paymentsList`); writes take an Idempotency-Key.
 */
import * as rows from '../../lib/routes.ts';
import type { Contract } from '../http/contract.ts';
import {
  cardReturnQuerySchema,
  historyQuerySchema,
  initiateBodySchema,
  listPaymentsQuerySchema,
  orderIssues,
  otpBodySchema,
  paymentIdParamsSchema,
  retryBodySchema,
} from '../payments/schemas.ts';

export const paymentsInitiate = {
  route: rows.paymentsInitiate,
  body: initiateBodySchema,
  bodyChecks: orderIssues,
  idempotent: true,
} satisfies Contract;

export const paymentsStatus = {
  route: rows.paymentsStatus,
  params: paymentIdParamsSchema,
  query: cardReturnQuerySchema,
} satisfies Contract;

export const paymentsHistory = {
  route: rows.paymentsHistory,
  query: historyQuerySchema,
} satisfies Contract;

export const paymentsRetry = {
  route: rows.paymentsRetry,
  params: paymentIdParamsSchema,
  body: retryBodySchema,
  bodyOptional: true,
  idempotent: true,
} satisfies Contract;

export const paymentsGet = {
  route: rows.paymentsGet,
  params: paymentIdParamsSchema,
} satisfies Contract;

export const paymentsList = {
  route: rows.paymentsList,
  query: listPaymentsQuerySchema,
} satisfies Contract;

export const paymentsOtp = {
  route: rows.paymentsOtp,
  params: paymentIdParamsSchema,
  body: otpBodySchema,
  idempotent: true,
} satisfies Contract;
