/**
 * GET {id}/status/ (customer JWT, owner only): one payment, refreshed from FeexPay while PENDING
 * (with `ref`: a card payer back from FeexPay's card page, confirmed at once).
 * Contract: shared/api/payments.ts.
 */
import { paymentsStatus } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { getPaymentStatus } from '../shared/payments/status.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = routeHandler(paymentsStatus, async ({ params, query, userId }) => {
  await enforceRateLimit(userId);
  return { status: 200, body: await getPaymentStatus(userId, params.id, new Date(), query.ref) };
}).use(metricsFlush());
