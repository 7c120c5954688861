/**
 * POST retry/{id}/ (JWT, owner only): a new, linked attempt for a FAILED or EXPIRED payment.
 * Idempotency-Key required; the body is optional (`{ "otp": "…" }` for OTP networks).
 */
import { httpHandler } from '../shared/http.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { retryPayment } from '../shared/payments/retry.ts';
import {
  paymentIdParamsSchema,
  requireIdempotencyKey,
  retryBodySchema,
} from '../shared/payments/schemas.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = httpHandler(
  { auth: true, params: paymentIdParamsSchema, body: retryBodySchema, bodyOptional: true },
  async ({ params, body, userId, headers, correlationId, context }) => {
    const idempotencyKey = requireIdempotencyKey(headers);
    await enforceRateLimit(userId);
    return retryPayment({
      userId,
      paymentId: params.id,
      idempotencyKey,
      body,
      correlationId,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
  },
).use(metricsFlush());
