/**
 * POST {id}/otp/ (customer JWT, owner only): the code FeexPay sent the customer of a two-step OTP
 * network, sent on to FeexPay. Contract: shared/api/payments.ts; use case: shared/payments/otp.ts.
 */
import { paymentsOtp } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { submitOtp } from '../shared/payments/otp.ts';
import { getOwnedPayment } from '../shared/payments/status.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = routeHandler(
  paymentsOtp,
  async ({ params, body, userId, idempotencyKey, correlationId, language, context }) => {
    await enforceRateLimit(userId);
    return submitOtp({
      payment: await getOwnedPayment(userId, params.id, { consistent: true }),
      otp: body.otp,
      idempotencyScope: userId,
      idempotencyKey,
      correlationId,
      language,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
  },
).use(metricsFlush());
