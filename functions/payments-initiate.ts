/**
 * POST initiate/ (JWT): start a payment. Idempotency-Key required. Use case: shared/payments/start-attempt.ts.
 */
import { httpHandler } from '../shared/http.ts';
import { metricsFlush } from '../shared/metrics.ts';
import {
  initiateBodySchema,
  requireIdempotencyKey,
  validateOrder,
} from '../shared/payments/schemas.ts';
import { startAttempt } from '../shared/payments/start-attempt.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = httpHandler(
  { auth: true, body: initiateBodySchema },
  async ({ body, userId, headers, correlationId, context }) => {
    const idempotencyKey = requireIdempotencyKey(headers);
    const order = validateOrder(body);
    await enforceRateLimit(userId);
    return startAttempt({
      userId,
      idempotencyKey,
      route: 'initiate',
      request: body,
      order,
      correlationId,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
  },
).use(metricsFlush());
