/**
 * GET checkouts/{id}/public/ (public: the id is the capability): what the customer may see of the
 * checkout, its latest attempt refreshed from FeexPay while PENDING (with `ref`: a card payer back
 * from FeexPay's card page, confirmed at once). Rate-limited per checkout and
 * per source address. Contract: shared/api/checkouts.ts; use case: shared/checkouts/read.ts.
 */
import { checkoutsPublic } from '../shared/api/checkouts.ts';
import { customerCheckout, publicView } from '../shared/checkouts/read.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { enforcePublicRateLimits } from '../shared/rate-limit.ts';

export const handler = routeHandler(checkoutsPublic, async ({ params, query, event }) => {
  await enforcePublicRateLimits(params.id, event.requestContext.http.sourceIp);
  const { checkout, attempt } = await customerCheckout(params.id, new Date(), query.ref);
  return {
    status: 200,
    body: publicView(checkout, attempt),
    headers: { 'cache-control': 'no-store' },
  };
}).use(metricsFlush());
