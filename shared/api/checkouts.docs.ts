/**
 * Contracts of the checkout routes, the docs half (runtime half: checkouts.ts): what the OpenAPI
 * document says of each. Only lib/openapi.ts imports this.
 */
import { checkoutIdParamsSchema } from '../checkouts/schemas.ts';
import type { ContractDocs } from '../http/contract.ts';
import {
  checkoutsCancel,
  checkoutsCreate,
  checkoutsGet,
  checkoutsOtp,
  checkoutsPay,
  checkoutsPublic,
} from './checkouts.ts';
import { checkoutPage } from './pages.ts';
import { checkoutAttemptSchema, checkoutSchema, publicCheckoutSchema } from './responses.ts';

export const exampleCheckout = {
  id: 'chk_m4q7xk2c5v4b6n8p1r9t0w2y3z',
  status: 'OPEN',
  amount: 2500,
  currency: 'XOF',
  orderId: '1042',
  description: 'Order 1042',
  networks: ['mtn', 'moov', 'celtiis_bj'],
  returnUrl: 'https://shop.example.com/orders/1042',
  metadata: { cartId: 'c_8f3a2b' },
  url: 'https://api.example.com/api/v1/payments/feexpay/pay/chk_m4q7xk2c5v4b6n8p1r9t0w2y3z',
  expiresAt: '2026-05-04T10:45:30.000Z',
  attempts: [
    {
      paymentId: 'pay_k3xq7m2c5v4b6n8p1r9t0w2y3z',
      network: 'mtn',
      status: 'PENDING',
      createdAt: '2026-05-04T10:16:02.000Z',
    },
  ],
  liveAttemptId: 'pay_k3xq7m2c5v4b6n8p1r9t0w2y3z',
  createdAt: '2026-05-04T10:15:30.000Z',
  updatedAt: '2026-05-04T10:16:02.000Z',
};

const exampleAttempt = {
  id: 'pay_k3xq7m2c5v4b6n8p1r9t0w2y3z',
  status: 'PENDING',
  network: 'mtn',
  phoneNumber: '229******0000',
};

const headers = { 'X-Correlation-Id': 'CorrelationId' } as const;
const replayable = { ...headers, 'Idempotent-Replayed': 'IdempotentReplayed' } as const;

const CLOSED = ['checkout_paid', 'checkout_expired', 'checkout_canceled'] as const;

export const checkoutsDocs: ContractDocs[] = [
  {
    contract: checkoutsCreate,
    summary: 'Create a checkout',
    description:
      'Your server fixes the amount and names the order; the answer’s `url` is the hosted page where the customer pays (French by default). One OPEN checkout per `orderId`: a second is 409 `checkout_exists` naming the first in `checkoutId`; once a checkout of the order is PAID, 409 `order_paid`. An EXPIRED or CANCELED checkout no longer holds its order. The same `Idempotency-Key` and body answer the checkout it created (as it stands now), with `Idempotent-Replayed: true`; another body is 422.',
    tag: 'Checkouts',
    body: {
      component: 'CreateCheckoutRequest',
      example: {
        amount: 2500,
        currency: 'XOF',
        orderId: '1042',
        description: 'Order 1042',
        customer: { phoneNumber: '+229 01 97 00 00 00', firstName: 'Aminata' },
        countries: ['BJ'],
        returnUrl: 'https://shop.example.com/orders/1042',
        metadata: { cartId: 'c_8f3a2b' },
      },
    },
    responses: {
      201: {
        description: 'The checkout, OPEN.',
        schema: checkoutSchema,
        headers: replayable,
        example: { ...exampleCheckout, attempts: [], liveAttemptId: undefined },
      },
    },
    errors: ['checkout_exists', 'order_paid'],
  },
  {
    contract: checkoutsGet,
    summary: 'Get a checkout',
    description:
      'The checkout, its attempts (each a payment: GET payments/{id}/) and the one that paid it. Read it (or the payment named by `paidPaymentId`) before you fulfil, or wait for `checkout.completed`.',
    tag: 'Checkouts',
    responses: {
      200: {
        description: 'The checkout.',
        schema: checkoutSchema,
        headers,
        example: exampleCheckout,
      },
    },
    errors: ['not_found'],
  },
  {
    contract: checkoutsCancel,
    summary: 'Cancel a checkout',
    description:
      'OPEN → CANCELED, while no attempt is live (409 `attempt_in_progress` naming it otherwise). Cancelling a CANCELED checkout answers it again; a PAID or EXPIRED one is 409.',
    tag: 'Checkouts',
    responses: {
      200: {
        description: 'The checkout, CANCELED.',
        schema: checkoutSchema,
        headers,
        example: { ...exampleCheckout, status: 'CANCELED', attempts: [], liveAttemptId: undefined },
      },
    },
    errors: ['not_found', 'attempt_in_progress', 'checkout_paid', 'checkout_expired'],
  },
  {
    contract: checkoutsPublic,
    summary: 'What the customer sees of a checkout',
    description:
      'Public: the checkout id is the capability. The amount, currency, description, status, networks, expiry and the latest attempt (masked number, status, why it failed). Nothing else. The hosted page polls it; with `?ref=` (back from FeexPay’s card page) a card attempt is first confirmed with FeexPay. Rate-limited per checkout and per address.',
    tag: 'Checkouts',
    responses: {
      200: {
        description: 'The customer’s view.',
        schema: publicCheckoutSchema,
        headers,
        example: {
          id: exampleCheckout.id,
          status: 'OPEN',
          amount: 2500,
          currency: 'XOF',
          description: 'Order 1042',
          networks: exampleCheckout.networks,
          expiresAt: exampleCheckout.expiresAt,
          attempt: exampleAttempt,
        },
      },
    },
    errors: ['not_found', 'rate_limited'],
  },
  {
    contract: checkoutsPay,
    summary: 'Pay a checkout',
    description:
      'Public: the checkout id is the capability. Starts one attempt with the customer’s network and number (`+229 01 97 00 00 00`, `0197000000` and `2290197000000` are the same number); the amount and currency are the checkout’s (sending them is a 400). One attempt at a time: 409 `attempt_in_progress` names the live one in `paymentId`. With `network: card` the attempt answers FeexPay’s card page as `paymentUrl` (the number is the payer’s, with its country code); the page sends the customer back to the hosted page with `?ref=`. A FAILED or EXPIRED attempt lets the customer try again, with another number or network. None after PAID, CANCELED or expiry (409). Idempotency as for initiate. Rate-limited per checkout and per address.',
    tag: 'Checkouts',
    body: {
      component: 'PayCheckoutRequest',
      example: { network: 'mtn', phoneNumber: '+229 01 97 00 00 00' },
    },
    responses: {
      201: {
        description: 'The attempt (usually PENDING: the customer approves on the phone).',
        schema: checkoutAttemptSchema,
        headers: replayable,
        example: exampleAttempt,
      },
    },
    errors: [
      'not_found',
      'attempt_in_progress',
      ...CLOSED,
      'too_many_attempts',
      'rate_limited',
      'provider_rejected',
      'provider_error',
      'provider_unavailable',
      'service_unavailable',
    ],
  },
  {
    contract: checkoutsOtp,
    summary: 'Send the code of a two-step OTP network, for a checkout',
    description:
      'Public: the checkout id is the capability. When the checkout’s attempt says `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris), the code FeexPay sent the customer after the attempt started. The same step as POST {id}/otp/: FeexPay is asked once; the answer is the attempt, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code: pay again for a new code) or PENDING (follow the checkout). The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`; no attempt waiting for a code is 409 `otp_not_expected`. Rate-limited per checkout and per address.',
    tag: 'Checkouts',
    body: { component: 'OtpRequest', example: { otp: '482913' } },
    responses: {
      200: {
        description: 'The attempt after FeexPay’s answer to the code.',
        schema: checkoutAttemptSchema,
        headers: replayable,
        example: { ...exampleAttempt, network: 'coris', status: 'SUCCESSFUL' },
      },
    },
    errors: [
      'not_found',
      'otp_not_expected',
      'otp_already_submitted',
      'rate_limited',
      'provider_rejected',
      'provider_error',
      'provider_unavailable',
      'service_unavailable',
    ],
  },
  {
    contract: checkoutPage,
    summary: 'The hosted checkout page',
    description:
      'The page at a checkout’s `url`, HTML: French by default, English by `Accept-Language`, the checkout’s `locale` or `?lang=en`. The customer picks a network, types a number, approves on the phone and watches the status live; the page brings them back to your `returnUrl` with `checkout` and `status` in the query. 404 (a page) for an unknown id.',
    tag: 'Checkouts',
    params: checkoutIdParamsSchema,
    responses: {
      200: { description: 'The page.', schema: 'html' },
      404: { description: 'No such checkout (a page saying so).', schema: 'html' },
    },
    errors: ['rate_limited'],
  },
];
