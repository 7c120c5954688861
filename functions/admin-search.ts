/**
 * GET admin/search/?q= (operator scope): payments by our id, the merchant's orderId, FeexPay's
 * reference or a phone number. Contract: shared/api/admin.ts; use case:
 * shared/back-office/search.ts.
 */
import { adminSearch } from '../shared/api/admin.ts';
import { searchPayments } from '../shared/back-office/search.ts';
import { routeHandler } from '../shared/http/handler.ts';

export const handler = routeHandler(adminSearch, async ({ query }) => ({
  status: 200,
  body: await searchPayments(query.q, query.by),
}));
