/**
 * GET payouts/{id}/ (merchant scope): one of the caller's payouts or refunds.
 * Contract: shared/api/payouts.ts; use case: shared/payouts/read.ts.
 */
import { payoutsGet } from '../shared/api/payouts.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { merchantPayout } from '../shared/payouts/read.ts';

export const handler = routeHandler(payoutsGet, async ({ params, userId }) => ({
  status: 200,
  body: await merchantPayout(userId, params.id),
}));
