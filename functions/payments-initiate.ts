/**
 * POST initiate/ (customer JWT): start a payment. Contract: shared/api/payments.ts; use case:
 * shared/payments/start-attempt.ts.
 */
import { paymentsInitiate } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { validateOrder } from '../shared/payments/schemas.ts';
import { startAttempt } from '../shared/payments/start-attempt.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = routeHandler(
  paymentsInitiate,
  async ({ body, userId, idempotencyKey, correlationId, language, context }) => {
    const order = validateOrder(body);
    await enforceRateLimit(userId);
    return startAttempt({
      userId,
      idempotencyKey,
      route: 'initiate',
      // The number as stored: `+229 01 66 00 00 00` and `2290166000000` are the same request.
      request: { ...body, phoneNumber: order.phoneNumber },
      order,
      correlationId,
      language,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
  },
).use(metricsFlush());
