/**
 * POST checkouts/{id}/pay/ (public: the id is the capability): one attempt to pay the checkout;
 * the amount is the checkout's. Rate-limited per checkout and per source address. The answer is
 * the attempt as the customer sees it. Contract: shared/api/checkouts.ts; use case:
 * shared/checkouts/pay.ts.
 */
import { checkoutsPay } from '../shared/api/checkouts.ts';
import { payCheckout } from '../shared/checkouts/pay.ts';
import { attemptView } from '../shared/checkouts/read.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import type { PublicPayment } from '../shared/payments/model.ts';
import { enforcePublicRateLimits } from '../shared/rate-limit.ts';

export const handler = routeHandler(
  checkoutsPay,
  async ({ params, body, idempotencyKey, correlationId, language, context, event }) => {
    await enforcePublicRateLimits(params.id, event.requestContext.http.sourceIp);
    const result = await payCheckout({
      checkoutId: params.id,
      idempotencyKey,
      body,
      correlationId,
      language,
      ...(context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {}),
    });
    // A 201 (or its replay) carries the payment: the customer sees only the attempt's view.
    if (result.status !== 201) return result;
    return { ...result, body: attemptView(result.body as PublicPayment) };
  },
).use(metricsFlush());
