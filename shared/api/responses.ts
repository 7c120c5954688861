/**
 * Response schemas: what the API answers, as zod, each a component of the OpenAPI document by its
 * `.meta({ id })`. Routes name theirs in their docs (`*.docs.ts`); the tests check real answers of
 * the local stack against them and the domain types against their inferred types, so the published
 * contract cannot drift from the code.
 *
 * Docs and tests only: no handler imports this module (its `.meta()` calls would ride along).
 */
import * as z from 'zod';
import { FAILURE_CODE_MEANINGS, FAILURE_CODES } from '../payments/failure-codes.ts';
import { PAYMENT_STATUSES } from '../payments/model.ts';

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
      .describe('Ids of the retries of this payment, oldest first.'),
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

const flowSchema = z
  .enum(['push', 'redirect', 'otp', 'otp_confirm'])
  .describe(
    'push: the customer approves a prompt on the phone; redirect: send the customer to `paymentUrl`; otp: the customer makes a payment code first (see `otpHint`) and you send it as `otp` with the request; otp_confirm: start the payment without a code, FeexPay then sends the customer one, which you send with POST {id}/otp/ (the payment says `awaitingOtp`). Whatever the flow, follow `paymentUrl` when a payment has one.',
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
    title: z.string(),
    status: z.number().int(),
    // Described by lib/openapi.ts, which lists every code the routes answer.
    code: z.string(),
    detail: z.string().describe('What happened and what to do, for a developer.'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('The offending fields (`amount`, `query.limit`, `Idempotency-Key`).'),
    correlationId: z.string().describe('Quote it when reporting a problem.'),
    paymentId: z
      .string()
      .optional()
      .describe(
        'The payment the problem is about, when FeexPay refused it or was unavailable; `failureCode` then says why.',
      ),
    failureCode: failureCodeSchema.optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export type PublicPaymentBody = z.output<typeof publicPaymentSchema>;
export type HistoryPageBody = z.output<typeof historyPageSchema>;
export type ProvidersCatalogBody = z.output<typeof providersCatalogSchema>;
export type HealthReportBody = z.output<typeof healthReportSchema>;
export type ProblemBody = z.output<typeof problemSchema>;
