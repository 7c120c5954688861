/**
 * GET payments/{id}/refunds/ (merchant scope): every refund of a payment, oldest first.
 * Contract: shared/api/payouts.ts; use case: shared/payouts/read.ts.
 */
import { refundsList } from '../shared/api/payouts.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { refundsOfPayment } from '../shared/payouts/read.ts';

export const handler = routeHandler(refundsList, async ({ params }) => ({
  status: 200,
  body: await refundsOfPayment(params.id),
}));
