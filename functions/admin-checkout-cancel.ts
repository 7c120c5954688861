/**
 * POST admin/checkouts/{id}/cancel/ (operator scope): cancels an open checkout, audited with the
 * operator's name. Contract: shared/api/admin.ts; use case: shared/back-office/actions.ts.
 */
import { adminCheckoutCancel } from '../shared/api/admin.ts';
import { cancelCheckoutAsOperator } from '../shared/back-office/actions.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';

export const handler = routeHandler(adminCheckoutCancel, async ({ params, userId }) => ({
  status: 200,
  body: await cancelCheckoutAsOperator(params.id, userId),
})).use(metricsFlush());
