/**
 * POST checkouts/{id}/otp/ (public: the id is the capability): the code a two-step OTP network
 * (Coris) sent the customer, for the checkout's attempt. Rate-limited per checkout and per source
 * address. The answer is the attempt as the customer sees it. Contract: shared/api/checkouts.ts;
 * use case: shared/checkouts/otp.ts.
 */
import { checkoutsOtp } from '../shared/api/checkouts.ts';
import { submitCheckoutOtp } from '../shared/checkouts/otp.ts';
import { attemptView } from '../shared/checkouts/read.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import type { PublicPayment } from '../shared/payments/model.ts';
import { enforcePublicRateLimits } from '../shared/rate-limit.ts';

export const handler = routeHandler(
  checkoutsOtp,
  async ({ params, body, idempotencyKey, correlationId, language, context, event }) => {
    await enforcePublicRateLimits(params.id, event.requestContext.http.sourceIp);
    const result = await submitCheckoutOtp({
      checkoutId: params.id,
      otp: body.otp,
      idempotencyKey,
      correlationId,
      language,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
    // A 200 (or its replay) carries the payment: the customer sees only the attempt's view.
    if (result.status !== 200) return result;
    return { ...result, body: attemptView(result.body as PublicPayment) };
  },
).use(metricsFlush());
