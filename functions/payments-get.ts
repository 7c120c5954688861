/**
 * GET payments/{id}/ (merchant scope): any payment of the deployment, refreshed from FeexPay while
 * PENDING; what a merchant's backend reads before it fulfils. Contract: shared/api/payments.ts.
 */
import { paymentsGet } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { getAnyPayment } from '../shared/payments/status.ts';

export const handler = routeHandler(paymentsGet, async ({ params }) => ({
  status: 200,
  body: await getAnyPayment(params.id),
})).use(metricsFlush());
