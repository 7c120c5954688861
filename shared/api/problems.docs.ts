/**
 * Every problem the API answers, by code: what it means for the caller, and an example that is a
 * real error (the document shows it as the handler wrapper writes it). A route's docs name the
 * codes only its domain knows; lib/openapi.ts adds those its contract implies.
 */
import {
  ConflictError,
  ForbiddenError,
  MalformedJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
} from '../errors.ts';

interface ProblemDocs {
  description: string;
  /** An `HttpError`, or (internal_error) anything else. */
  example: Error;
}

export const PROBLEMS = {
  validation_failed: {
    description:
      'Fields are missing or wrong; `errors` names every one at once (body, query, path, headers), each with what to send, in French or English after `Accept-Language`.',
    example: new ValidationError('Fix these fields: amount, phoneNumber.', {
      fields: [
        { field: 'amount', message: 'Send an amount between 100 and 2000000 XOF.' },
        {
          field: 'phoneNumber',
          message:
            'Send a Benin number: +229 then 10 digits (spaces, dashes, dots and brackets allowed), or the 10 digits alone.',
        },
      ],
    }),
  },
  malformed_json: {
    description: 'The body is not JSON.',
    example: new MalformedJsonError('The body is not valid JSON: Unexpected end of JSON input'),
  },
  unauthorized: {
    description: 'The bearer token (or the webhook token) is missing, expired or not valid.',
    example: new UnauthorizedError('Send "Authorization: Bearer <token>".'),
  },
  insufficient_scope: {
    description: 'The token is valid but lacks a scope this route requires.',
    example: new ForbiddenError('This route needs the scope payments/example.'),
  },
  not_found: {
    description: 'No such payment (or checkout) for this caller.',
    example: new NotFoundError('No payment pay_x.'),
  },
  method_not_allowed: {
    description: 'The path exists under another method; `Allow` lists them.',
    example: new MethodNotAllowedError(['GET']),
  },
  request_in_progress: {
    description:
      'The first request with this Idempotency-Key is still running; retry after `Retry-After` seconds with the same key.',
    example: new ConflictError(
      'A request with this Idempotency-Key is still being processed; retry shortly.',
      { code: 'request_in_progress', retryAfterSeconds: 2 },
    ),
  },
  payment_not_retryable: {
    description: 'The payment (`paymentId`) is not FAILED or EXPIRED (or its retry was paid).',
    example: new ConflictError(
      'Payment pay_x is SUCCESSFUL; only FAILED or EXPIRED payments can be retried.',
      {
        code: 'payment_not_retryable',
        ids: { paymentId: 'pay_x' },
      },
    ),
  },
  payment_pending: {
    description:
      'The payment is still PENDING: it has no final state, so no notification to re-send (back office).',
    example: new ConflictError('Payment pay_x is still PENDING: it has sent no notification yet.', {
      code: 'payment_pending',
    }),
  },
  retry_in_progress: {
    description:
      'Another retry of this payment (`paymentId`) is still PENDING: `activeAttempt` is its id; follow it, and retry again only once it has FAILED or EXPIRED.',
    example: new ConflictError(
      'Payment pay_x already has a retry in progress: pay_y. Follow it with GET pay_y/status/; retry again only once it has FAILED or EXPIRED.',
      { code: 'retry_in_progress', ids: { paymentId: 'pay_x', activeAttempt: 'pay_y' } },
    ),
  },
  checkout_exists: {
    description:
      'The order already has an OPEN checkout; `checkoutId` names it (send the customer to its `url`, or cancel it first).',
    example: new ConflictError(
      'Order 1042 already has an OPEN checkout: chk_x. Send the customer to its url, or cancel it first.',
      { code: 'checkout_exists', ids: { checkoutId: 'chk_x' } },
    ),
  },
  order_paid: {
    description: 'A checkout of this order is PAID (`checkoutId`): the order takes no more money.',
    example: new ConflictError('Order 1042 is paid, by checkout chk_x.', {
      code: 'order_paid',
      ids: { checkoutId: 'chk_x' },
    }),
  },
  attempt_in_progress: {
    description:
      'An attempt to pay the checkout is still live (`activeAttempt`, also given as `paymentId`); no other starts, and the checkout cannot be cancelled, until it ends.',
    example: new ConflictError(
      'Checkout chk_x has an attempt in progress: pay_y. Wait until it succeeds or fails.',
      {
        code: 'attempt_in_progress',
        ids: { checkoutId: 'chk_x', paymentId: 'pay_y', activeAttempt: 'pay_y' },
      },
    ),
  },
  checkout_paid: {
    description: 'The checkout is PAID (`paymentId` is the attempt that paid it).',
    example: new ConflictError('Checkout chk_x is paid.', {
      code: 'checkout_paid',
      ids: { checkoutId: 'chk_x', paymentId: 'pay_y' },
    }),
  },
  checkout_expired: {
    description: 'The checkout expired: no attempt starts any more.',
    example: new ConflictError('Checkout chk_x expired.', {
      code: 'checkout_expired',
      ids: { checkoutId: 'chk_x' },
    }),
  },
  checkout_canceled: {
    description: 'The checkout was cancelled: no attempt starts any more.',
    example: new ConflictError('Checkout chk_x was cancelled.', {
      code: 'checkout_canceled',
      ids: { checkoutId: 'chk_x' },
    }),
  },
  too_many_attempts: {
    description: 'The checkout took every attempt it allows (20).',
    example: new ConflictError('Checkout chk_x took 20 attempts; it takes no more.', {
      code: 'too_many_attempts',
      ids: { checkoutId: 'chk_x' },
    }),
  },
  otp_not_expected: {
    description:
      'The payment is not waiting for a code: it is settled, its network takes none after it starts, or FeexPay has not asked for one.',
    example: new ConflictError('Payment pay_x is SUCCESSFUL; there is no code to send.', {
      code: 'otp_not_expected',
      ids: { paymentId: 'pay_x' },
    }),
  },
  otp_already_submitted: {
    description:
      'A code was already sent for this payment with another Idempotency-Key; follow the payment with GET {id}/status/.',
    example: new ConflictError(
      'A code was already sent for payment pay_x; follow it with GET pay_x/status/.',
      { code: 'otp_already_submitted', ids: { paymentId: 'pay_x' } },
    ),
  },
  payment_not_refundable: {
    description:
      'Only a SUCCESSFUL payment can be refunded (a PENDING, FAILED or EXPIRED one took no money); `paymentId` names it.',
    example: new ConflictError(
      'Payment pay_x is FAILED: only a SUCCESSFUL payment can be refunded (nothing was taken otherwise).',
      { code: 'payment_not_refundable', ids: { paymentId: 'pay_x' } },
    ),
  },
  refund_exceeds_remaining: {
    description:
      'The refund asks for more than remains refundable (refunds PENDING or SUCCESSFUL hold their amount; a FAILED one frees it). `detail` and `errors` name what remains.',
    example: new UnprocessableError('At most 1500 XOF remains refundable on payment pay_x.', {
      code: 'refund_exceeds_remaining',
      ids: { paymentId: 'pay_x' },
      fields: [{ field: 'amount', message: 'At most 1500.' }],
    }),
  },
  refund_not_supported: {
    description:
      'FeexPay’s API cannot pay this payment back (a card payment, or a network without payouts): `detail` says how to refund it from FeexPay’s dashboard.',
    example: new UnprocessableError(
      'FeexPay’s API cannot refund a card payment. Refund it from the FeexPay dashboard (app-v2.feexpay.me): open the transaction, then ask FeexPay’s support to reverse it; the payment here stays SUCCESSFUL.',
      { code: 'refund_not_supported', ids: { paymentId: 'pay_x' } },
    ),
  },
  payout_network_unsupported: {
    description:
      'FeexPay cannot pay out on this network through its API (no payout path, or a code needed from the beneficiary).',
    example: new UnprocessableError(
      'FeexPay needs a code (OTP) from the beneficiary for Orange Money Burkina payouts, which its API cannot take. Pay out on another network, or from FeexPay’s dashboard.',
      {
        code: 'payout_network_unsupported',
        fields: [{ field: 'network', message: 'No payouts through the API on orange_bf.' }],
      },
    ),
  },
  payout_amount_out_of_range: {
    description:
      'The amount is below FeexPay’s payout minimum for the network’s country (50 XOF in Benin, 100 elsewhere) or above its per-payout maximum (100000).',
    example: new UnprocessableError('FeexPay pays out at least 100 XOF on Wave (Senegal).', {
      code: 'payout_amount_out_of_range',
      fields: [
        { field: 'amount', message: 'FeexPay pays out at least 100 XOF on Wave (Senegal).' },
      ],
    }),
  },
  payload_too_large: {
    description: 'The body is too large.',
    example: new PayloadTooLargeError('The body must be at most 16384 bytes.'),
  },
  unsupported_media_type: {
    description: 'Send `Content-Type: application/json`.',
    example: new UnsupportedMediaTypeError(
      'Send the body as JSON with "Content-Type: application/json".',
    ),
  },
  idempotency_key_reused: {
    description: 'This Idempotency-Key was used with another body.',
    example: new UnprocessableError(
      'This Idempotency-Key was already used with a different request. Use a new key for a new payment.',
      {
        code: 'idempotency_key_reused',
        fields: [{ field: 'Idempotency-Key', message: 'Already used with another body.' }],
      },
    ),
  },
  rate_limited: {
    description:
      'Too many requests from this user (or, on a public checkout route, for this checkout or from this address); retry after `Retry-After` seconds.',
    example: new RateLimitedError(12),
  },
  provider_rejected: {
    description:
      'FeexPay refused the payment; it is FAILED and nobody was charged. `paymentId` and `failureCode` say which and why.',
    example: new UpstreamError('FeexPay refused payment pay_x: INVALID_NUMBER', {
      status: 502,
      code: 'provider_rejected',
    }),
  },
  provider_error: {
    description:
      'FeexPay refused our credentials; nobody was charged (an initiated payment is FAILED, `failureCode` `provider_rejected`).',
    example: new UpstreamError(
      'The payment provider refused the request; payment pay_x was not started.',
      { status: 502, code: 'provider_error' },
    ),
  },
  provider_unavailable: {
    description:
      'FeexPay is unavailable; nobody was charged. Retry after `Retry-After` seconds (for initiate: POST retry/{id}; for the OTP step: send the code again).',
    example: new UpstreamError(
      'FeexPay is unavailable; payment pay_x was not started and nobody was charged. Retry it with POST retry/pay_x/ shortly.',
      { status: 503, code: 'provider_unavailable', retryAfterSeconds: 30 },
    ),
  },
  service_unavailable: {
    description: 'Our settings are unavailable; nobody was charged. Retry shortly.',
    example: new ServiceUnavailableError(
      'Payments are temporarily unavailable; try again shortly.',
    ),
  },
  internal_error: {
    description: 'Something failed on our side; quote the correlation id.',
    example: new Error('anything unexpected: the answer never says what'),
  },
} satisfies Record<string, ProblemDocs>;

export type ProblemCode = keyof typeof PROBLEMS;
