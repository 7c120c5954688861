/**
 * GET payments/ (merchant scope): any payment of the deployment, newest first, by order, status
 * and time, cursor-paged. Contract: shared/api/payments.ts; use case: shared/payments/list.ts.
 */
import { paymentsList } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { listPayments } from '../shared/payments/list.ts';

export const handler = routeHandler(paymentsList, async ({ query }) => ({
  status: 200,
  body: await listPayments(query),
}));
