/**
 * GET payouts/ (merchant scope): the caller's payouts and refunds, newest first, cursor-paged.
 * Contract: shared/api/payouts.ts; use case: shared/payouts/read.ts.
 */
import { payoutsList } from '../shared/api/payouts.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { listMerchantPayouts } from '../shared/payouts/read.ts';

export const handler = routeHandler(payoutsList, async ({ query, userId }) => ({
  status: 200,
  body: await listMerchantPayouts(userId, query),
}));
