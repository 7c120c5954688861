/**
 * Docs half of the back-office routes (runtime half: admin.ts). Only lib/openapi.ts imports it.
 */
import type { ContractDocs } from '../http/contract.ts';
import {
  adminCheckoutCancel,
  adminNetworkHealth,
  adminPage,
  adminPaymentRefund,
  adminPaymentResend,
  adminPaymentsExport,
  adminPaymentsList,
  adminPaymentTimeline,
  adminSearch,
} from './admin.ts';
import { examplePayout } from './payouts.docs.ts';
import { payoutSchema } from './responses.ts';

const correlated = { 'X-Correlation-Id': 'CorrelationId' } as const;

const exampleOperatorPayment = {
  id: 'pay_7h3k9m2q4r6t8v1x3z5b7d9f2h',
  status: 'SUCCESSFUL',
  amount: 2500,
  currency: 'XOF',
  network: 'mtn_bj',
  phoneNumber: '22901****00',
  createdAt: '2026-05-04T10:15:00.000Z',
  updatedAt: '2026-05-04T10:15:40.000Z',
  ownerId: 'user-42',
  reference: 'fp_5c1e2d3f',
};

export const adminDocs: ContractDocs[] = [
  {
    contract: adminPage,
    summary: 'The back office (page)',
    description:
      'The back office’s page, HTML, French or English: it holds no data and asks the operator for a token carrying the operator scope (or takes one from the URL fragment `#token=`), then calls the routes below with it.',
    tag: 'Back office',
    responses: {
      200: { description: 'The page.', schema: 'html', headers: { ETag: 'ETag' } },
      304: { description: 'Not modified since the ETag you sent.' },
    },
  },
  {
    contract: adminPaymentsList,
    summary: 'List payments (operator)',
    description:
      'Payments newest first, created between `from` and `to` (default: the last 30 days; at most 92 days), filtered by `status`, `network` and amount. Follow `nextCursor` until it is null.',
    tag: 'Back office',
    responses: {
      200: {
        description: 'One page.',
        schema: 'object',
        headers: correlated,
        example: { items: [exampleOperatorPayment], nextCursor: null },
      },
    },
  },
  {
    contract: adminPaymentsExport,
    summary: 'Export payments as CSV (operator)',
    description:
      'The list’s filters, every matching payment as CSV (at most 5,000 rows; `X-Export-Truncated: true` when more matched: narrow the dates). Phone numbers masked.',
    tag: 'Back office',
    responses: { 200: { description: 'The CSV file (`text/csv`).', headers: correlated } },
  },
  {
    contract: adminSearch,
    summary: 'Find payments (operator)',
    description:
      'By our id (`pay_…`, or a checkout’s `chk_…`: its attempts), the merchant’s `orderId`, FeexPay’s reference, or the payer’s phone number as typed (`+229 01 66 00 00 00`, `0166000000`): every way the text can be, or only `by`. Each match says how it was found (`matchedBy`). `phoneSearch: false` when the deployment has no phone-lookup key.',
    tag: 'Back office',
    responses: {
      200: {
        description: 'The payments found, newest first.',
        schema: 'object',
        headers: correlated,
        example: {
          items: [{ ...exampleOperatorPayment, matchedBy: ['phone'] }],
          phoneSearch: true,
        },
      },
    },
  },
  {
    contract: adminPaymentTimeline,
    summary: 'A payment and its timeline (operator)',
    description:
      'The payment, its checkout, the actions possible now, and its timeline in time order: state changes, FeexPay’s answers, webhooks received, notification attempts, retries, status reads (counted) and operator actions, each with its time and source.',
    tag: 'Back office',
    responses: {
      200: {
        description: 'The payment and its timeline.',
        schema: 'object',
        headers: correlated,
        example: {
          payment: exampleOperatorPayment,
          timeline: [
            {
              at: '2026-05-04T10:15:00.000Z',
              kind: 'payment',
              type: 'created',
              source: 'initiate',
            },
            {
              at: '2026-05-04T10:15:40.000Z',
              kind: 'payment',
              type: 'status_changed',
              source: 'webhook',
              from: 'PENDING',
              to: 'SUCCESSFUL',
            },
          ],
          actions: { resendNotification: true, cancelCheckout: false },
        },
      },
    },
    errors: ['not_found'],
  },
  {
    contract: adminPaymentResend,
    summary: 'Re-send a payment’s notification (operator)',
    description:
      'Queues the merchant notification of the payment’s final state again, with its original `webhook-id` (a merchant that processed it drops the copy), and records an `operator_action` event naming the operator (the token’s `sub`) on the payment.',
    tag: 'Back office',
    responses: {
      202: {
        description: 'Queued.',
        schema: 'object',
        headers: correlated,
        example: {
          paymentId: exampleOperatorPayment.id,
          webhookId: 'msg_pay_7h3k9m2q4r6t8v1x3z5b7d9f2h_succeeded',
          type: 'payment.succeeded',
          operator: 'alice',
          at: '2026-05-04T11:00:00.000Z',
        },
      },
    },
    errors: ['not_found', 'payment_pending'],
  },
  {
    contract: adminPaymentRefund,
    summary: 'Refund a payment (operator)',
    description:
      'The merchant’s refund (`POST payments/{id}/refunds/`: same rules, same checks, same `refund.succeeded` or `refund.failed`), asked by an operator: `reason` is required, `amount` defaults to all that remains. An `operator_action` event naming the operator (the token’s `sub`) and the refund is recorded on the payment before FeexPay is called; the refund carries `metadata.refundedBy`. It belongs to the merchant of the payment’s checkout (else to the payment’s owner). The page sends a new `Idempotency-Key` per confirmation; the same key and body answer the same refund, without a second audit entry. A card payment answers 422 `refund_not_supported` with the way to refund it from FeexPay’s dashboard.',
    tag: 'Back office',
    body: {
      component: 'OperatorRefundRequest',
      example: { amount: 1000, reason: 'Client débité deux fois' },
    },
    responses: {
      201: {
        description:
          'The refund: PENDING, or already FAILED (nothing was sent; its amount is free).',
        schema: payoutSchema,
        headers: { ...correlated, 'Idempotent-Replayed': 'IdempotentReplayed' },
        example: {
          ...examplePayout,
          reason: 'Client débité deux fois',
          metadata: { refundedBy: 'alice' },
        },
      },
    },
    errors: [
      'not_found',
      'payment_not_refundable',
      'refund_exceeds_remaining',
      'refund_not_supported',
      'payout_amount_out_of_range',
      'request_in_progress',
    ],
  },
  {
    contract: adminCheckoutCancel,
    summary: 'Cancel an open checkout (operator)',
    description:
      'As the merchant’s own cancellation (OPEN → CANCELED while no attempt is live), its `status_changed` event naming the operator.',
    tag: 'Back office',
    responses: {
      200: { description: 'The checkout, CANCELED.', schema: 'object', headers: correlated },
    },
    errors: ['not_found', 'attempt_in_progress', 'checkout_paid', 'checkout_expired'],
  },
  {
    contract: adminNetworkHealth,
    summary: 'Network health (operator)',
    description:
      'Per network, over the last hour and day: payments started and settled, success rate, median seconds to success; and payments started per day (14 days). Computed from our own payments every 5 minutes; `computedAt: null` before the first computation.',
    tag: 'Back office',
    responses: { 200: { description: 'The figures.', schema: 'object', headers: correlated } },
  },
];
