/**
 * What the API accepts and answers, by the names its OpenAPI document gives them. The types are
 * generated from docs/openapi.json (client/src/openapi.ts, `npm run openapi`), so they follow the
 * server's contracts and the client needs nothing from the server at run time.
 */
import type { Checkout, operations, Payment, ProviderNetwork } from './openapi.ts';

export type {
  Checkout,
  CheckoutNotification,
  CreateCheckoutRequest,
  /** The body of POST payouts/. */
  CreatePayoutRequest,
  /** The body of POST payments/{id}/refunds/. */
  CreateRefundRequest,
  /** Why a payment FAILED; `failureMessage(code, locale)` gives the payer's text. */
  FailureCode,
  HealthReport,
  HistoryPage,
  InitiateRequest,
  /** The body of POST {id}/otp/. */
  OtpRequest,
  Payment,
  PaymentNotification,
  PaymentsPage,
  /** A payout or a refund (`purpose`), from your FeexPay balance. */
  Payout,
  /** Why a payout or a refund FAILED (`insufficient_balance`: top up the FeexPay balance). */
  PayoutFailureCode,
  PayoutNotification,
  PayoutsPage,
  /** RFC 9457 problem details, as the API sends them. */
  Problem,
  ProviderCountry,
  ProviderNetwork,
  ProvidersCatalog,
  PublicCheckout,
  RefundsList,
  RetryRequest,
} from './openapi.ts';

export type PaymentStatus = Payment['status'];
export type Currency = Payment['currency'];
export type Flow = ProviderNetwork['flow'];
export type HistoryQuery = NonNullable<operations['paymentsHistory']['parameters']['query']>;
export type PaymentsQuery = NonNullable<operations['paymentsList']['parameters']['query']>;
export type CheckoutStatus = Checkout['status'];
export type PayoutsQuery = NonNullable<operations['payoutsList']['parameters']['query']>;
