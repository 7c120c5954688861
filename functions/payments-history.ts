/**
 * GET history/ (customer JWT): the caller's payments, newest first, cursor pagination, optional
 * status filter. Contract: shared/api/payments.ts.
 */
import { paymentsHistory } from '../shared/api/payments.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { listHistory } from '../shared/payments/history.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = routeHandler(paymentsHistory, async ({ query, userId }) => {
  await enforceRateLimit(userId);
  return { status: 200, body: await listHistory(userId, query) };
});
