/**
 * GET admin/payments/ (operator scope): payments newest first, filtered by dates, status, network
 * and amount. Contract: shared/api/admin.ts; use case: shared/back-office/list.ts.
 */
import { adminPaymentsList } from '../shared/api/admin.ts';
import { listForOperator } from '../shared/back-office/list.ts';
import { routeHandler } from '../shared/http/handler.ts';

export const handler = routeHandler(adminPaymentsList, async ({ query }) => ({
  status: 200,
  body: await listForOperator(query),
}));
