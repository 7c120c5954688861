/**
 * Contracts of the payment routes, the docs half (runtime half: payments.ts): what the OpenAPI
 * document says of each. Only lib/openapi.ts imports this.
 */
import type { ContractDocs } from '../http/contract.ts';
import {
  paymentsGet,
  paymentsHistory,
  paymentsInitiate,
  paymentsList,
  paymentsOtp,
  paymentsRetry,
  paymentsStatus,
} from './payments.ts';
import { historyPageSchema, paymentsPageSchema, publicPaymentSchema } from './responses.ts';

export const examplePayment = {
  id: 'pay_k3xq7m2c5v4b6n8p1r9t0w2y3z',
  status: 'PENDING',
  amount: 2500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '229******0000',
  description: 'Order 1042',
  metadata: { orderId: '1042' },
  createdAt: '2026-05-04T10:15:30.000Z',
  updatedAt: '2026-05-04T10:15:31.000Z',
};

const paymentHeaders = {
  'Idempotent-Replayed': 'IdempotentReplayed',
  'X-Correlation-Id': 'CorrelationId',
} as const;

/** Every answer of a payment route that reaches FeexPay may be one of these. */
const PROVIDER_ERRORS = [
  'provider_rejected',
  'provider_error',
  'provider_unavailable',
  'service_unavailable',
] as const;

export const paymentsDocs: ContractDocs[] = [
  {
    contract: paymentsInitiate,
    summary: 'Start a payment',
    description:
      'Creates a payment and asks FeexPay to collect it. Answers 201 with the payment, usually PENDING; FeexPay may settle it at once (FAILED with `failureCode` and `failureReason`). Redirect networks answer a `paymentUrl`; so does `card` (Visa, Mastercard: FeexPay’s card page, which sends the customer back to the required `returnUrl` with `?ref=`; pass it to GET {id}/status/); `flow: otp` networks need `otp`; `flow: otp_confirm` networks answer `awaitingOtp: true`, then take the code FeexPay sent the customer with POST {id}/otp/. If FeexPay never answers, the payment stays PENDING without a reference and expires after a few minutes (then it can be retried). The same `Idempotency-Key` and body replay the first answer with `Idempotent-Replayed: true`; another body with the same key is 422; a request still in flight is 409 with `Retry-After`.',
    tag: 'Payments',
    body: {
      component: 'InitiateRequest',
      example: {
        amount: 2500,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290197000000',
        description: 'Order 1042',
        metadata: { orderId: '1042' },
      },
    },
    responses: {
      201: {
        description: 'The payment (or, with `Idempotent-Replayed: true`, the first answer again).',
        schema: publicPaymentSchema,
        headers: paymentHeaders,
        example: examplePayment,
      },
    },
    errors: ['rate_limited', ...PROVIDER_ERRORS],
  },
  {
    contract: paymentsStatus,
    summary: 'Get a payment',
    description:
      'The payment as it stands, refreshed from FeexPay while PENDING. With `?ref=` (a card payment’s customer back from FeexPay’s card page), the payment is first confirmed with FeexPay for that reference, if FeexPay ties it to this payment. Someone else’s id answers 404, exactly like a missing one.',
    tag: 'Payments',
    responses: {
      200: {
        description: 'The payment.',
        schema: publicPaymentSchema,
        headers: { 'X-Correlation-Id': 'CorrelationId' },
        example: { ...examplePayment, status: 'SUCCESSFUL' },
      },
    },
    errors: ['not_found', 'rate_limited'],
  },
  {
    contract: paymentsHistory,
    summary: 'List the caller’s payments',
    description:
      'Newest first, `limit` per page (default 20, at most 100). Follow `nextCursor` until it is null. Filter with `status`.',
    tag: 'Payments',
    responses: {
      200: {
        description: 'One page.',
        schema: historyPageSchema,
        headers: { 'X-Correlation-Id': 'CorrelationId' },
        example: { items: [examplePayment], nextCursor: null },
      },
    },
    errors: ['rate_limited'],
  },
  {
    contract: paymentsRetry,
    summary: 'Retry a FAILED or EXPIRED payment',
    description:
      'A new, linked payment with the same order (`retryOf` on the new one, `attempts` on the old one). OTP networks need a fresh `otp`. A payment that is PENDING or SUCCESSFUL answers 409 `payment_not_retryable`. One live retry per payment: while an earlier retry of it is still PENDING, a retry with a new key answers 409 `retry_in_progress` naming that attempt. Idempotency as for initiate.',
    tag: 'Payments',
    body: { component: 'RetryRequest', example: {} },
    responses: {
      201: {
        description: 'The new attempt.',
        schema: publicPaymentSchema,
        headers: paymentHeaders,
        example: {
          ...examplePayment,
          id: 'pay_a1b2c3d4e5f6g7h2i3j4k5l6m7',
          retryOf: examplePayment.id,
        },
      },
    },
    errors: [
      'not_found',
      'payment_not_retryable',
      'retry_in_progress',
      'rate_limited',
      ...PROVIDER_ERRORS,
    ],
  },
  {
    contract: paymentsGet,
    summary: 'Get any payment (merchant server)',
    description:
      'Any payment of the deployment, whoever started it (a checkout’s attempt, or a customer’s initiate), refreshed from FeexPay while PENDING. What your backend reads before it fulfils.',
    tag: 'Payments',
    responses: {
      200: {
        description: 'The payment.',
        schema: publicPaymentSchema,
        headers: { 'X-Correlation-Id': 'CorrelationId' },
        example: {
          ...examplePayment,
          status: 'SUCCESSFUL',
          checkoutId: 'chk_m4q7xk2c5v4b6n8p1r9t0w2y3z',
          orderId: '1042',
        },
      },
    },
    errors: ['not_found'],
  },
  {
    contract: paymentsList,
    summary: 'List payments (merchant server)',
    description:
      'Any payment of the deployment, newest first: those of one `orderId` (its checkouts’ attempts), or those created between `from` and `to` (default: the last 30 days; at most 92 days), optionally of one `status`. Follow `nextCursor` until it is null; a page filtered by `status` may hold fewer than `limit`.',
    tag: 'Payments',
    responses: {
      200: {
        description: 'One page.',
        schema: paymentsPageSchema,
        headers: { 'X-Correlation-Id': 'CorrelationId' },
        example: { items: [{ ...examplePayment, orderId: '1042' }], nextCursor: null },
      },
    },
  },
  {
    contract: paymentsOtp,
    summary: 'Send the code of a two-step OTP network',
    description:
      'For a payment with `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris): the code FeexPay sent the customer after the payment started. FeexPay is asked once; the answer is the payment, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code) or PENDING (follow it with GET {id}/status/). A FeexPay refusal is 502 `provider_rejected` and the payment FAILED; FeexPay unavailable is 503 and the code may be sent again. The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`.',
    tag: 'Payments',
    body: { component: 'OtpRequest', example: { otp: '482913' } },
    responses: {
      200: {
        description: 'The payment after FeexPay’s answer to the code.',
        schema: publicPaymentSchema,
        headers: paymentHeaders,
        example: { ...examplePayment, network: 'coris', status: 'SUCCESSFUL' },
      },
    },
    errors: [
      'not_found',
      'otp_not_expected',
      'otp_already_submitted',
      'rate_limited',
      ...PROVIDER_ERRORS,
    ],
  },
];
