/**
 * GET checkouts/{id}/ (merchant scope): the checkout, its attempts and the one that paid it.
 * Contract: shared/api/checkouts.ts; use case: shared/checkouts/read.ts.
 */
import { checkoutsGet } from '../shared/api/checkouts.ts';
import { merchantCheckout } from '../shared/checkouts/read.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';

export const handler = routeHandler(checkoutsGet, async ({ params }) => ({
  status: 200,
  body: await merchantCheckout(params.id),
})).use(metricsFlush());
