/**
 * GET pay/{id} (public: the checkout id is the capability): the hosted checkout page, HTML.
 * Rate-limited per checkout and per source address. Contract: shared/api/checkouts.ts; use case:
 * shared/checkouts/page/serve.ts; why a route of the API: docs/decisions.md, decision 48.
 */
import { fullPath } from '../lib/routes.ts';
import { checkoutsPublic, checkoutPage as contract } from '../shared/api/checkouts.ts';
import { checkoutPage } from '../shared/checkouts/page/serve.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { enforcePublicRateLimits } from '../shared/rate-limit.ts';

const checkoutsPath = fullPath(checkoutsPublic.route).replace(/\/public$/, '');
const pagePath = fullPath(contract.route);

export const handler = routeHandler(contract, async ({ params, event, headers }) => {
  await enforcePublicRateLimits(params.id, event.requestContext.http.sourceIp);
  return checkoutPage({
    checkoutId: params.id,
    lang: event.queryStringParameters?.lang,
    headers,
    checkoutPath: checkoutsPath.replace('{id}', params.id),
    pagePath: pagePath.replace('{id}', params.id),
  });
}).use(metricsFlush());
