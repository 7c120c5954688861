/**
 * POST payouts/ (merchant scope): a payout from the merchant's FeexPay balance to a wallet.
 * Contract: shared/api/payouts.ts; use case: shared/payouts/create.ts.
 */
import { payoutsCreate } from '../shared/api/payouts.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { createPayout } from '../shared/payouts/create.ts';

export const handler = routeHandler(payoutsCreate, ({ body, userId, idempotencyKey, context }) =>
  createPayout({
    merchantId: userId,
    idempotencyKey,
    body,
    remainingTimeMs: context?.getRemainingTimeInMillis?.(),
  }),
).use(metricsFlush());
