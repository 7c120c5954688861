/**
 * POST payments/{id}/refunds/ (merchant scope): give a SUCCESSFUL payment's money back to its
 * payer, in full or in part. Contract: shared/api/payouts.ts; use case: shared/payouts/create.ts.
 */
import { refundsCreate } from '../shared/api/payouts.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { createRefund } from '../shared/payouts/create.ts';

export const handler = routeHandler(refundsCreate, (input) =>
  createRefund({
    merchantId: input.userId,
    idempotencyKey: input.idempotencyKey,
    paymentId: input.params.id,
    body: input.body,
    remainingTimeMs: input.context?.getRemainingTimeInMillis?.(),
  }),
).use(metricsFlush());
