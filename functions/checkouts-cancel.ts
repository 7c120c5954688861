/**
 * POST checkouts/{id}/cancel/ (merchant scope): OPEN → CANCELED while no attempt is live.
 * Contract: shared/api/checkouts.ts; use case: shared/checkouts/read.ts.
 */
import { checkoutsCancel } from '../shared/api/checkouts.ts';
import { cancelCheckout } from '../shared/checkouts/read.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';

export const handler = routeHandler(checkoutsCancel, async ({ params }) => ({
  status: 200,
  body: await cancelCheckout(params.id),
})).use(metricsFlush());
