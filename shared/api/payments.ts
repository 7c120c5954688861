/**
 * Contracts of the payment routes, the runtime half: what each handler accepts (docs half:
 * payments.docs.ts). A customer JWT on every one; writes take an Idempotency-Key.
 */
import * as rows from '../../lib/routes.ts';
import type { Contract } from '../http/contract.ts';
import {
  historyQuerySchema,
  initiateBodySchema,
  otpBodySchema,
  paymentIdParamsSchema,
  retryBodySchema,
} from '../payments/schemas.ts';

export const paymentsInitiate = {
  route: rows.paymentsInitiate,
  body: initiateBodySchema,
  idempotent: true,
} satisfies Contract;

export const paymentsStatus = {
  route: rows.paymentsStatus,
  params: paymentIdParamsSchema,
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

export const paymentsOtp = {
  route: rows.paymentsOtp,
  params: paymentIdParamsSchema,
  body: otpBodySchema,
  idempotent: true,
} satisfies Contract;
