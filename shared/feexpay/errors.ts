/**
 * Typed FeexPay client errors (docs/feexpay-api.md §10.3). Callers branch on the class, because
 * each means something different for the money: after a `FeexPayUnavailableError` FeexPay did not
 * take the request (safe to report a failure); after a `FeexPayOutcomeUnknownError` on
 * request-to-pay the phone may be ringing (keep the payment PENDING, let the webhook or the expiry
 * decide, never re-POST).
 *
 * `bodyExcerpt` is a short, redacted piece of FeexPay's answer for logs: API keys (`fp_…`) and long
 * digit runs (phone numbers) are masked before it is stored.
 */
import { type FailureCode, failureCodeOf } from '../payments/failure-codes.ts';

export interface FeexPayErrorOptions {
  httpStatus?: number;
  bodyExcerpt?: string;
  cause?: unknown;
}

export class FeexPayError extends Error {
  /** FeexPay's HTTP status, when it answered at all. */
  readonly httpStatus: number | undefined;
  /** At most ~200 characters of the answer, redacted (see module comment). */
  readonly bodyExcerpt: string | undefined;

  constructor(message: string, options: FeexPayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.httpStatus = options.httpStatus;
    this.bodyExcerpt = options.bodyExcerpt;
  }
}

/**
 * FeexPay did not take the request: 503, 429 or a connection never made (refused, DNS, TLS). On
 * status reads also any other 5xx and 408 (a read is safe to repeat, so the client retries them).
 */
export class FeexPayUnavailableError extends FeexPayError {}

/**
 * For request-to-pay: FeexPay may or may not have created the transaction, so the OUTCOME IS
 * UNKNOWN. Never re-send; the payment stays PENDING. Catch this class, not its subclasses.
 */
export class FeexPayOutcomeUnknownError extends FeexPayError {}

/**
 * No answer within the timeout, a 504 from FeexPay's gateway, or the connection dropped after the
 * request was sent: for request-to-pay the OUTCOME IS UNKNOWN.
 */
export class FeexPayTimeoutError extends FeexPayOutcomeUnknownError {}

/**
 * Request-to-pay only: an error answer that does not prove FeexPay left the request alone (500,
 * 502 and any other 5xx except 503/504, and 408). A 500 can come after FeexPay created the
 * transaction and rang the phone, so the OUTCOME IS UNKNOWN.
 */
export class FeexPayServerError extends FeexPayOutcomeUnknownError {}

/** 400/404/409/422 (and a FAILED answer without a reference): FeexPay refused the request. */
export class FeexPayRejectedError extends FeexPayError {
  /** FeexPay's own words, e.g. `mtn_xx channel not configured`, or a validation message. */
  readonly reason: string;
  /** What the refusal means for the payer (shared/payments/failure-codes.ts). */
  readonly failureCode: FailureCode;

  constructor(reason: string, options: FeexPayErrorOptions & { failureCode?: FailureCode } = {}) {
    super(`FeexPay rejected the request: ${reason}`, options);
    this.reason = reason;
    this.failureCode =
      options.failureCode ?? failureCodeOf({ message: reason, httpStatus: options.httpStatus });
  }
}

/**
 * A status read answered 404: FeexPay does not know this reference (or order id). Not retried;
 * the payment is not settled by it, and expires on its normal schedule (docs/feexpay-api.md §5.2).
 */
export class FeexPayNotFoundError extends FeexPayRejectedError {}

/** 401/403: bad API key, or the server's IP is not allow-listed at FeexPay. */
export class FeexPayAuthError extends FeexPayError {}

/** A 2xx answer we cannot use: not JSON, no reference, a reference we did not ask for. */
export class FeexPayProtocolError extends FeexPayError {}
