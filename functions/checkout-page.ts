/**
 * GET pay/{id} (public: the checkout id is the capability): the hosted checkout page, HTML.
 * Rate-limited per checkout and per source address. Contract: shared/api/pages.ts; use case:
 * shared/checkouts/page/serve.ts; why a route of the API: docs/decisions.md, decision 48.
 */
import { checkoutsPublic, fullPath } from '../lib/routes.ts';
import { checkoutPage as contract } from '../shared/api/pages.ts';
import { isCheckoutId } from '../shared/checkouts/model.ts';
import { checkoutPage } from '../shared/checkouts/page/serve.ts';
import { rawRouteHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { enforcePublicRateLimits } from '../shared/rate-limit.ts';

const checkoutsPath = fullPath(checkoutsPublic).replace(/\/public$/, '');
const pagePath = fullPath(contract.route);

export const handler = rawRouteHandler(contract, async ({ event, headers }) => {
  const id = event.pathParameters?.id ?? '';
  // Anything that is no checkout id shares one counter (and gets the not-found page).
  await enforcePublicRateLimits(
    isCheckoutId(id) ? id : 'not-a-checkout',
    event.requestContext.http.sourceIp,
  );
  return checkoutPage({
    checkoutId: id,
    lang: event.queryStringParameters?.lang,
    headers,
    checkoutPath: checkoutsPath.replace('{id}', encodeURIComponent(id)),
    pagePath: pagePath.replace('{id}', encodeURIComponent(id)),
  });
}).use(metricsFlush());
