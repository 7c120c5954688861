/**
 * POST checkouts/ (merchant scope): create a checkout; its `url` is the hosted page on this API's
 * host. Contract: shared/api/checkouts.ts; use case: shared/checkouts/create.ts.
 */
import { checkoutPage, fullPath } from '../lib/routes.ts';
import { checkoutsCreate } from '../shared/api/checkouts.ts';
import { createCheckout } from '../shared/checkouts/create.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { requestOrigin } from '../shared/http/request.ts';
import { metricsFlush } from '../shared/metrics.ts';

const pagePath = fullPath(checkoutPage);

export const handler = routeHandler(
  checkoutsCreate,
  async ({ body, userId, idempotencyKey, event }) => {
    const origin = requestOrigin(event);
    return createCheckout({
      merchantId: userId,
      idempotencyKey,
      body,
      pageUrl: (id) => `${origin}${pagePath.replace('{id}', id)}`,
    });
  },
).use(metricsFlush());
