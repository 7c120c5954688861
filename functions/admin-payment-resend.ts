/**
 * POST admin/payments/{id}/resend/ (operator scope): re-sends a settled payment's merchant
 * notification, audited with the operator's name. Contract: shared/api/admin.ts; use case:
 * shared/back-office/actions.ts.
 */
import { adminPaymentResend } from '../shared/api/admin.ts';
import { resendNotification } from '../shared/back-office/actions.ts';
import { routeHandler } from '../shared/http/handler.ts';

export const handler = routeHandler(adminPaymentResend, async ({ params, userId }) => ({
  status: 202,
  body: await resendNotification(params.id, userId),
}));
