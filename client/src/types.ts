/**
 * What the API accepts and answers, by the names its OpenAPI document gives them. The types are
 * generated from docs/openapi.json (client/src/openapi.ts, `npm run openapi`), so they follow the
 * server's contracts and the client needs nothing from the server at run time.
 */
import type { operations, Payment, ProviderNetwork } from './openapi.ts';

export type {
  /** Why a payment FAILED; `failureMessage(code, locale)` gives the payer's text. */
  FailureCode,
  HealthReport,
  HistoryPage,
  InitiateRequest,
  /** The body of POST {id}/otp/. */
  OtpRequest,
  Payment,
  PaymentNotification,
  /** RFC 9457 problem details, as the API sends them. */
  Problem,
  ProviderCountry,
  ProviderNetwork,
  ProvidersCatalog,
  RetryRequest,
} from './openapi.ts';

export type PaymentStatus = Payment['status'];
export type Currency = Payment['currency'];
export type Flow = ProviderNetwork['flow'];
export type HistoryQuery = NonNullable<operations['paymentsHistory']['parameters']['query']>;
