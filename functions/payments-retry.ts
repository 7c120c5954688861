/**
 * POST retry/{id}/ (customer JWT, owner only): a new, linked attempt for a FAILED or EXPIRED
 * payment. Contract: shared/api/payments.ts; use case: shared/payments/retry.ts.
 */
import { paymentsRetry } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { retryPayment } from '../shared/payments/retry.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = routeHandler(
  paymentsRetry,
  async ({ params, body, userId, idempotencyKey, correlationId, language, context }) => {
    await enforceRateLimit(userId);
    return retryPayment({
      userId,
      paymentId: params.id,
      idempotencyKey,
      body,
      correlationId,
      language,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
  },
).use(metricsFlush());
