/**
 * GET {id}/status/ (JWT, owner only): one payment, refreshed from FeexPay while PENDING.
 */
import { httpHandler } from '../shared/http.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { paymentIdParamsSchema } from '../shared/payments/schemas.ts';
import { getPaymentStatus } from '../shared/payments/status.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = httpHandler(
  { auth: true, params: paymentIdParamsSchema },
  async ({ params, userId }) => {
    await enforceRateLimit(userId);
    return { status: 200, body: await getPaymentStatus(userId, params.id) };
  },
).use(metricsFlush());
