/**
 * Response schemas: what the API answers, as zod, each a component of the OpenAPI document by its
 * `.meta({ id })`. Routes name theirs in their docs (`*.docs.ts`); the tests check real answers of
 * the local stack against them and the domain types against their inferred types, so the published
 * contract cannot drift from the code.
 *
 * Docs and tests only: no handler imports this module (its `.meta()` calls would ride along).
 */
import * as z from 'zod';
import { CHECKOUT_STATUSES } from '../checkouts/model.ts';
import { FAILURE_CODE_MEANINGS, FAILURE_CODES } from '../payments/failure-codes.ts';
import { PAYMENT_STATUSES } from '../payments/model.ts';
import { PAYOUT_FAILURE_CODE_MEANINGS, PAYOUT_FAILURE_CODES } from '../payouts/failure-codes.ts';
import { PAYOUT_STATUSES } from '../payouts/model.ts';

const isoTimestamp = z.iso.datetime({ offset: true }).describe('ISO-8601 timestamp, UTC.');

export const currencySchema = z.enum(['XOF', 'XAF']).describe('XOF and XAF have no minor unit.');

export const paymentStatusSchema = z
  .enum(PAYMENT_STATUSES)
  .describe(
    'PENDING until FeexPay settles; SUCCESSFUL and FAILED are final; EXPIRED moves on only to SUCCESSFUL when FeexPay later confirms.',
  );

export const failureCodeSchema = z
  .enum(FAILURE_CODES)
  .describe(
    `Why a payment FAILED, as a stable code to show the payer a text for (the typed client's \`failureMessage(code, locale)\` has them in French and English; docs/payments.md, "Failure codes"). ${FAILURE_CODES.map((code) => `\`${code}\`: ${FAILURE_CODE_MEANINGS[code]}`).join(' ')} A code this version does not list should be shown as \`unknown\`.`,
  )
  .meta({ id: 'FailureCode' });

/** A payment as its owner sees it (`toPublicPayment`): no owner id, phone masked. */
export const publicPaymentSchema = z
  .object({
    id: z.string().describe('Opaque payment id.'),
    status: paymentStatusSchema,
    amount: z.number().int().describe('In the currency’s base unit.'),
    currency: currencySchema,
    network: z.string().describe('Network id from GET providers/.'),
    phoneNumber: z.string().describe('The customer’s number, masked (229******0000).'),
    description: z.string().optional(),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Echo of the metadata you sent.'),
    paymentUrl: z
      .string()
      .optional()
      .describe('Redirect networks: send the customer here to approve the payment.'),
    failureReason: z
      .string()
      .optional()
      .describe('Why the payment FAILED, in FeexPay’s words (for operators; show `failureCode`).'),
    failureCode: failureCodeSchema.optional(),
    awaitingOtp: z
      .boolean()
      .optional()
      .describe(
        'Two-step OTP networks (`flow: otp_confirm`): FeexPay sent the customer a code; send it with POST {id}/otp/.',
      ),
    retryOf: z.string().optional().describe('The FAILED or EXPIRED payment this one retries.'),
    attempts: z
      .array(z.string())
      .optional()
      .describe(
        'On the first payment of a retry chain: the ids of every retry of the chain, oldest first.',
      ),
    checkoutId: z.string().optional().describe('The checkout this payment is an attempt of.'),
    orderId: z.string().optional().describe('The merchant’s order, for a checkout’s attempt.'),
    amountRefunded: z
      .number()
      .int()
      .optional()
      .describe(
        'Once a refund was asked for: the sum of its SUCCESSFUL refunds (docs/refunds-and-payouts.md).',
      ),
    refunds: z
      .array(z.string())
      .optional()
      .describe('Once a refund was asked for: the ids of its refunds, oldest first.'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Payment', description: 'A payment, as its owner sees it.' });

export const historyPageSchema = z
  .object({
    items: z.array(publicPaymentSchema).describe('Newest first.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'HistoryPage', description: 'One page of the caller’s payments.' });

/** A page of the merchant's payment list (GET payments/). */
export const paymentsPageSchema = z
  .object({
    items: z.array(publicPaymentSchema).describe('Newest first.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'PaymentsPage', description: 'One page of the deployment’s payments.' });

const checkoutStatusSchema = z
  .enum(CHECKOUT_STATUSES)
  .describe(
    'OPEN until an attempt pays it (PAID), its time runs out with nothing live (EXPIRED), or you cancel it (CANCELED). An attempt that succeeds late still makes an EXPIRED or CANCELED checkout PAID.',
  );

const orderIdSchema = z.string().describe('Your order reference.');

/** A checkout as the merchant's server sees it (`toMerchantCheckout`). */
export const checkoutSchema = z
  .object({
    id: z.string().describe('`chk_…`: 130 random bits; the capability the customer holds.'),
    status: checkoutStatusSchema,
    amount: z.number().int().describe('In the currency’s base unit.'),
    currency: currencySchema,
    orderId: orderIdSchema,
    description: z.string().optional(),
    customer: z
      .object({
        phoneNumber: z.string().optional().describe('Masked (229******0000).'),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
        email: z.string().optional(),
      })
      .optional(),
    networks: z.array(z.string()).describe('Network ids the customer may choose from.'),
    returnUrl: z.string().optional(),
    locale: z.enum(['fr', 'en']).optional(),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Echo of the metadata you sent.'),
    url: z.string().describe('The hosted page: send the customer here.'),
    expiresAt: isoTimestamp.describe('No attempt starts after this.'),
    attempts: z
      .array(
        z.object({
          paymentId: z.string(),
          network: z.string(),
          status: paymentStatusSchema,
          createdAt: isoTimestamp,
        }),
      )
      .describe('Every attempt to pay it, oldest first; each is a payment (GET payments/{id}/).'),
    liveAttemptId: z.string().optional().describe('The attempt that may still succeed.'),
    paidPaymentId: z.string().optional().describe('The one attempt that paid it.'),
    paidAt: isoTimestamp.optional(),
    lateSuccess: z
      .boolean()
      .optional()
      .describe('Paid by an attempt that succeeded after the checkout EXPIRED or was CANCELED.'),
    overpaidPaymentIds: z
      .array(z.string())
      .optional()
      .describe('Attempts that succeeded after another paid it: refund them.'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Checkout', description: 'A checkout, as the merchant’s server sees it.' });

/** An attempt as the customer sees it (`attemptView`). */
export const checkoutAttemptSchema = z
  .object({
    id: z.string().describe('The payment this attempt is.'),
    status: paymentStatusSchema,
    network: z.string(),
    phoneNumber: z.string().describe('Masked (229******0000).'),
    paymentUrl: z
      .string()
      .optional()
      .describe('Redirect networks, while PENDING: where the customer approves it.'),
    awaitingOtp: z
      .literal(true)
      .optional()
      .describe(
        'Two-step OTP networks (`flow: otp_confirm`, e.g. Coris), while PENDING: FeexPay sent the customer a code, to send with POST checkouts/{id}/otp/.',
      ),
    failureCode: z
      .enum(FAILURE_CODES)
      .optional()
      .describe('Why it did not pay (FAILED or EXPIRED): one of the documented failure codes.'),
  })
  .meta({
    id: 'CheckoutAttempt',
    description: 'An attempt to pay a checkout, as its payer sees it.',
  });

/** The customer's view of a checkout (`publicView`): nothing else is public. */
export const publicCheckoutSchema = z
  .object({
    id: z.string(),
    status: checkoutStatusSchema,
    amount: z.number().int(),
    currency: currencySchema,
    description: z.string().optional(),
    networks: z.array(z.string()).describe('Network ids the customer may pay with.'),
    expiresAt: isoTimestamp,
    attempt: checkoutAttemptSchema.optional().describe('The latest attempt, live or just ended.'),
  })
  .meta({ id: 'PublicCheckout', description: 'What anyone holding the checkout id may see.' });

const flowSchema = z
  .enum(['push', 'redirect', 'otp', 'otp_confirm', 'card'])
  .describe(
    'push: the customer approves a prompt on the phone; redirect: send the customer to `paymentUrl`; otp: the customer makes a payment code first (see `otpHint`) and you send it as `otp` with the request; otp_confirm: start the payment without a code, FeexPay then sends the customer one, which you send with POST {id}/otp/ (the payment says `awaitingOtp`); card: a bank card (Visa, Mastercard) on FeexPay’s hosted card page (FeexLink): send the customer to `paymentUrl`, which brings them back to your `returnUrl` with `?ref=` (network id `card`, listed in every country that offers it; docs/cards.md). Whatever the flow, follow `paymentUrl` when a payment has one.',
  );

export const providerNetworkSchema = z
  .object({
    id: z.string().describe('Network id to send as `network`.'),
    name: z.string(),
    minAmount: z.number().int(),
    maxAmount: z.number().int(),
    flow: flowSchema,
    otpHint: z
      .object({ fr: z.string(), en: z.string() })
      .optional()
      .describe('How the customer gets the payment code (OTP networks), in French and English.'),
    feePercent: z.number().nullable().describe('Indicative fee in percent, or null if unknown.'),
    availability: z
      .object({
        status: z.enum(['ok', 'degraded', 'down', 'unknown']),
        successRate: z.number().nullable(),
        medianSecondsToSuccess: z.number().nullable(),
        window: z.enum(['hour', 'day']).nullable(),
        computedAt: z.string(),
      })
      .optional()
      .describe(
        'A hint from this deployment’s own recent payments (FeexPay publishes no availability): `ok` when at least 80 % of the settled payments of the last hour (or day, when the hour has fewer than 5) succeeded, `degraded` from 50 %, `down` below, `unknown` with too few. Absent before the first computation.',
      ),
  })
  .meta({ id: 'ProviderNetwork' });

export const providerCountrySchema = z
  .object({
    iso: z.string().length(2).describe('ISO 3166-1 alpha-2.'),
    name: z.string(),
    dialCode: z.string().describe('Country calling code, digits only.'),
    currency: currencySchema,
    nationalNumberLength: z.number().int().describe('Digits after the dial code.'),
    networks: z.array(providerNetworkSchema),
  })
  .meta({ id: 'ProviderCountry' });

export const providersCatalogSchema = z
  .object({ countries: z.array(providerCountrySchema) })
  .meta({ id: 'ProvidersCatalog', description: 'FeexPay pay-in networks by country.' });

const checkResult = z.enum(['ok', 'fail']);

export const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('`degraded` (503) when a dependency check failed.'),
    checks: z
      .object({ dynamodb: checkResult, secretsManager: checkResult })
      .optional()
      .describe('Each check, only where the deployment enables the detail (`healthDetail`).'),
    checkedAt: z
      .string()
      .optional()
      .describe('When the checks ran (they are reused for 10 s), with `checks`.'),
  })
  .meta({ id: 'HealthReport', description: 'Liveness and dependency checks; never secrets.' });

export const webhookAckSchema = z
  .object({
    received: z.literal(true),
    duplicate: z.boolean().describe('The same event was received before.'),
  })
  .meta({ id: 'WebhookAck' });

/** RFC 9457 problem details, as `problemResponse` (shared/http/problem.ts) writes them. */
export const problemSchema = z
  .object({
    type: z.string().describe('`urn:feexpay-serverless:problem:<code>`.'),
    title: z
      .string()
      .describe(
        'A short summary, in the language of `Content-Language` (French for `Accept-Language: fr`, `fr-FR`, `fr-BJ`…; English otherwise).',
      ),
    status: z.number().int(),
    // Described by lib/openapi.ts, which lists every code the routes answer.
    code: z.string(),
    detail: z
      .string()
      .describe(
        'What happened and what to do, for a developer, in the language of `Content-Language`. Branch on `code` and the id fields, never on this text.',
      ),
    errors: z
      .array(
        z.object({
          field: z
            .string()
            .describe(
              'Where: a body field by its path (`amount`, `customer.phoneNumber`), `query.<name>`, `path.<name>`, a header (`Idempotency-Key`) or `(body)`.',
            ),
          message: z
            .string()
            .describe(
              'What to send instead, in the language of `Content-Language`; written by us, never a library’s text.',
            ),
        }),
      )
      .optional()
      .describe(
        'Every offending field of the request at once (body, query, path and headers, schema and catalog checks together), on `validation_failed` (and the `Idempotency-Key` on `idempotency_key_reused`).',
      ),
    checkoutId: z
      .string()
      .optional()
      .describe('The checkout the problem is about: the one holding the order, for a 409.'),
    correlationId: z.string().describe('Quote it when reporting a problem.'),
    paymentId: z
      .string()
      .optional()
      .describe(
        'The payment the problem is about: when FeexPay refused it or was unavailable (`failureCode` then says why; retry it with POST retry/{paymentId}/), the payment a 409 refuses to retry or to take a code for, or a checkout’s live (or paying) attempt.',
      ),
    activeAttempt: z
      .string()
      .optional()
      .describe(
        'The payment still PENDING that blocks the request (`retry_in_progress`, `attempt_in_progress`): follow it, and act again once it has ended.',
      ),
    failureCode: failureCodeSchema.optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const payoutFailureCodeSchema = z
  .enum(PAYOUT_FAILURE_CODES)
  .describe(
    `Why a payout or a refund FAILED (docs/refunds-and-payouts.md, "Failure codes"). ${PAYOUT_FAILURE_CODES.map((code) => `\`${code}\`: ${PAYOUT_FAILURE_CODE_MEANINGS[code]}`).join(' ')}`,
  )
  .meta({ id: 'PayoutFailureCode' });

/** A payout or a refund, as the merchant's server sees it (`toPublicPayout`). */
export const payoutSchema = z
  .object({
    id: z.string().describe('`po_…` for a payout, `rf_…` for a refund.'),
    purpose: z.enum(['payout', 'refund']).describe('A refund is a payout to a payment’s payer.'),
    status: z
      .enum(PAYOUT_STATUSES)
      .describe(
        'PENDING until FeexPay confirms; SUCCESSFUL and FAILED are final and never change again.',
      ),
    amount: z.number().int().describe('In the currency’s base unit.'),
    currency: currencySchema,
    network: z.string().describe('Network id from GET providers/.'),
    phoneNumber: z.string().describe('The beneficiary’s number, masked (229******0000).'),
    motif: z.string().describe('What FeexPay’s `motif` carried (at most 30 characters).'),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Echo of the metadata you sent.'),
    paymentId: z.string().optional().describe('A refund’s payment.'),
    reason: z.string().optional().describe('A refund’s reason, as you gave it.'),
    failureReason: z.string().optional().describe('Why it FAILED, in FeexPay’s words.'),
    failureCode: payoutFailureCodeSchema.optional(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({
    id: 'Payout',
    description: 'A payout (or a refund) from the merchant’s FeexPay balance.',
  });

export const payoutsPageSchema = z
  .object({
    items: z.array(payoutSchema).describe('Newest first.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'PayoutsPage', description: 'One page of your payouts and refunds.' });

export const refundsListSchema = z
  .object({ items: z.array(payoutSchema).describe('Oldest first.') })
  .meta({ id: 'RefundsList', description: 'Every refund of a payment.' });

export type PublicPaymentBody = z.output<typeof publicPaymentSchema>;
export type PayoutBody = z.output<typeof payoutSchema>;
export type HistoryPageBody = z.output<typeof historyPageSchema>;
export type CheckoutBody = z.output<typeof checkoutSchema>;
export type PublicCheckoutBody = z.output<typeof publicCheckoutSchema>;
export type ProvidersCatalogBody = z.output<typeof providersCatalogSchema>;
export type HealthReportBody = z.output<typeof healthReportSchema>;
export type ProblemBody = z.output<typeof problemSchema>;
