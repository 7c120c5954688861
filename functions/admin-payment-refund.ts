/**
 * POST admin/payments/{id}/refunds/ (operator scope, `Idempotency-Key`): refunds a SUCCESSFUL
 * payment for an operator, audited with their name. Contract: shared/api/admin.ts; use case:
 * shared/back-office/actions.ts.
 */
import { adminPaymentRefund } from '../shared/api/admin.ts';
import { refundAsOperator } from '../shared/back-office/actions.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';

export const handler = routeHandler(adminPaymentRefund, (input) =>
  refundAsOperator({
    paymentId: input.params.id,
    operator: input.userId,
    idempotencyKey: input.idempotencyKey,
    body: input.body,
    remainingTimeMs: input.context?.getRemainingTimeInMillis?.(),
  }),
).use(metricsFlush());
