/**
 * Contracts of the payout and refund routes, the docs half (runtime half: payouts.ts): what the
 * OpenAPI document says of each. Only lib/openapi.ts imports this.
 */
import type { ContractDocs } from '../http/contract.ts';
import { payoutsCreate, payoutsGet, payoutsList, refundsCreate, refundsList } from './payouts.ts';
import { payoutSchema, payoutsPageSchema, refundsListSchema } from './responses.ts';

export const examplePayout = {
  id: 'rf_q4m7xk2c5v4b6n8p1r9t0w2y3z',
  purpose: 'refund',
  status: 'PENDING',
  amount: 1000,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '229******0000',
  motif: 'Commande 1042 annulee',
  paymentId: 'pay_k3xq7m2c5v4b6n8p1r9t0w2y3z',
  reason: 'Commande 1042 annulée',
  createdAt: '2026-05-04T11:02:00.000Z',
  updatedAt: '2026-05-04T11:02:01.000Z',
};

const headers = { 'X-Correlation-Id': 'CorrelationId' } as const;
const replayable = { ...headers, 'Idempotent-Replayed': 'IdempotentReplayed' } as const;

export const payoutsDocs: ContractDocs[] = [
  {
    contract: payoutsCreate,
    summary: 'Pay out to a wallet',
    description:
      'Sends money from your FeexPay balance to a mobile-money wallet. The payout is recorded PENDING before FeexPay is called, and FeexPay is called once: if it does not answer, the payout stays PENDING and is settled by FeexPay’s webhook or the reconciler’s status reads, never sent twice. It becomes SUCCESSFUL only when FeexPay’s status read confirms our reference and amount; `payout.succeeded` or `payout.failed` follows. FeexPay’s limits are checked first: at least 50 XOF in Benin and 100 elsewhere, at most 100000 per payout, a `motif` of at most 30 letters, digits and spaces; Orange BF, Wave BF and Coris take no payouts through the API (422). The same `Idempotency-Key` and body answer the payout it created, as it stands, with `Idempotent-Replayed: true`; another body is 422.',
    tag: 'Payouts',
    body: {
      component: 'CreatePayoutRequest',
      example: {
        amount: 5000,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290166000000',
        motif: 'Paiement vendeur 118',
        metadata: { sellerId: 's_118' },
      },
    },
    responses: {
      201: {
        description:
          'The payout: PENDING (FeexPay accepted it, or its answer is unknown), or already FAILED (FeexPay refused it or was unavailable: nothing was sent).',
        schema: payoutSchema,
        headers: replayable,
        example: {
          ...examplePayout,
          id: 'po_t3m7xk2c5v4b6n8p1r9t0w2y3z',
          purpose: 'payout',
          amount: 5000,
          motif: 'Paiement vendeur 118',
          paymentId: undefined,
          reason: undefined,
        },
      },
    },
    errors: ['payout_network_unsupported', 'payout_amount_out_of_range'],
  },
  {
    contract: payoutsGet,
    summary: 'Get a payout',
    description: 'One of your payouts or refunds (another client’s is 404).',
    tag: 'Payouts',
    responses: {
      200: { description: 'The payout.', schema: payoutSchema, headers, example: examplePayout },
    },
    errors: ['not_found'],
  },
  {
    contract: payoutsList,
    summary: 'List payouts and refunds',
    description: 'Your payouts and refunds, newest first, a page at a time (`nextCursor`).',
    tag: 'Payouts',
    responses: {
      200: {
        description: 'One page.',
        schema: payoutsPageSchema,
        headers,
        example: { items: [examplePayout], nextCursor: null },
      },
    },
  },
  {
    contract: refundsCreate,
    summary: 'Refund a payment',
    description:
      'Gives a SUCCESSFUL payment’s money back to its payer: a payout to the payment’s phone on its network, from your FeexPay balance (FeexPay has no refund API). `amount` defaults to all that remains refundable; refunds that are PENDING or SUCCESSFUL hold their amount and their sum never exceeds the amount paid, even under concurrent requests; a FAILED refund frees its amount (make a new refund with a new key). The payment then shows `amountRefunded` and `refunds`; `refund.succeeded` or `refund.failed` follows. A checkout’s overpaying attempt (`checkout.overpaid`, `overpaidPaymentIds`) is refunded in one call on that payment. A card payment answers 422 `refund_not_supported` with the way to refund it from FeexPay’s dashboard. The same `Idempotency-Key` and body answer the refund it created, as it stands; another body is 422.',
    tag: 'Payouts',
    body: {
      component: 'CreateRefundRequest',
      example: { amount: 1000, reason: 'Commande 1042 annulée' },
    },
    responses: {
      201: {
        description:
          'The refund: PENDING, or already FAILED (nothing was sent; its amount is free).',
        schema: payoutSchema,
        headers: replayable,
        example: examplePayout,
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
    contract: refundsList,
    summary: 'List a payment’s refunds',
    description: 'Every refund of the payment, oldest first, in any status.',
    tag: 'Payouts',
    responses: {
      200: {
        description: 'The refunds.',
        schema: refundsListSchema,
        headers,
        example: { items: [examplePayout] },
      },
    },
    errors: ['not_found'],
  },
];
