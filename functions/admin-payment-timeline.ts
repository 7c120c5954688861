/**
 * GET admin/payments/{id}/ (operator scope): one payment and its timeline. Contract:
 * shared/api/admin.ts; use case: shared/back-office/timeline.ts.
 */
import { adminPaymentTimeline } from '../shared/api/admin.ts';
import { paymentTimeline } from '../shared/back-office/timeline.ts';
import { routeHandler } from '../shared/http/handler.ts';

export const handler = routeHandler(adminPaymentTimeline, async ({ params }) => ({
  status: 200,
  body: await paymentTimeline(params.id),
}));
