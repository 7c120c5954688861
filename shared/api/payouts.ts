/**
 * Contracts of the payout and refund routes, the runtime half (docs half: payouts.docs.ts): the
 * merchant server's (merchant scope) payouts from its FeexPay balance and refunds of payments.
 */
import * as rows from '../../lib/routes.ts';
import type { Contract } from '../http/contract.ts';
import { paymentIdParamsSchema } from '../payments/schemas.ts';
import {
  createPayoutBodySchema,
  createRefundBodySchema,
  listPayoutsQuerySchema,
  payoutIdParamsSchema,
} from '../payouts/schemas.ts';

export const payoutsCreate = {
  route: rows.payoutsCreate,
  body: createPayoutBodySchema,
  idempotent: true,
} satisfies Contract;

export const payoutsGet = {
  route: rows.payoutsGet,
  params: payoutIdParamsSchema,
} satisfies Contract;

export const payoutsList = {
  route: rows.payoutsList,
  query: listPayoutsQuerySchema,
} satisfies Contract;

export const refundsCreate = {
  route: rows.refundsCreate,
  params: paymentIdParamsSchema,
  body: createRefundBodySchema,
  bodyOptional: true,
  idempotent: true,
} satisfies Contract;

export const refundsList = {
  route: rows.refundsList,
  params: paymentIdParamsSchema,
} satisfies Contract;
