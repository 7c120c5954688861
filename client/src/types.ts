/**
 * What the API accepts and answers, as plain TypeScript (no runtime dependency). The server's zod
 * schemas are the source of truth; test/unit/client-types.test.ts fails to type-check when these
 * drift from them.
 */

export type PaymentStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
export type Currency = 'XOF' | 'XAF';
export type Flow = 'push' | 'redirect' | 'otp';

export interface Payment {
  id: string;
  status: PaymentStatus;
  /** In the currency's base unit (XOF/XAF have no minor unit). */
  amount: number;
  currency: Currency;
  network: string;
  /** Masked: `229******0000`. */
  phoneNumber: string;
  description?: string;
  metadata?: Record<string, string | number | boolean>;
  /** Redirect networks: send the customer here. */
  paymentUrl?: string;
  /** Why the payment FAILED. */
  failureReason?: string;
  retryOf?: string;
  attempts?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface InitiateRequest {
  amount: number;
  currency: Currency;
  network: string;
  /** Digits only, country code first (`2290197000000`). */
  phoneNumber: string;
  description?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  returnUrl?: string;
  /** Required by OTP networks. */
  otp?: string;
  metadata?: Record<string, string | number | boolean>;
}

export interface RetryRequest {
  otp?: string;
}

export interface HistoryPage {
  items: Payment[];
  nextCursor: string | null;
}

export interface HistoryQuery {
  limit?: number;
  cursor?: string;
  status?: PaymentStatus;
}

export interface ProviderNetwork {
  id: string;
  name: string;
  minAmount: number;
  maxAmount: number;
  flow: Flow;
  otpHint?: string;
  feePercent: number | null;
}

export interface ProviderCountry {
  iso: string;
  name: string;
  dialCode: string;
  currency: Currency;
  nationalNumberLength: number;
  networks: ProviderNetwork[];
}

export interface ProvidersCatalog {
  countries: ProviderCountry[];
}

export interface HealthReport {
  status: 'ok' | 'fail';
  checks: { dynamodb: 'ok' | 'fail'; feexpaySecret: 'ok' | 'fail' };
  detail?: string;
}

/** RFC 9457 problem details, as the API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  correlationId: string;
}
