/**
 * Typed errors: every non-2xx answer becomes a `PaymentsApiError` subclass chosen by status and
 * `code`, so callers branch with `instanceof` instead of parsing bodies. No answer at all is a
 * `PaymentsNetworkError`. An aborted call rejects with the signal's reason (an `AbortError`).
 */
import type { Problem } from './types.ts';

/** Base of every error the client throws (except aborts). */
export class PaymentsError extends Error {
  /** The Idempotency-Key of the call, when it had one: reuse it to retry the same payment. */
  idempotencyKey: string | undefined;
  constructor(message: string, options: { cause?: unknown; idempotencyKey?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.idempotencyKey = options.idempotencyKey;
  }
}

/** The request got no answer (offline, DNS, connection reset) after the client's own retries. */
export class PaymentsNetworkError extends PaymentsError {}

/** `waitForFinal` gave up before the payment settled; `payment` is the last state seen. */
export class PaymentsTimeoutError extends PaymentsError {
  readonly payment: unknown;
  constructor(message: string, payment: unknown) {
    super(message);
    this.payment = payment;
  }
}

/** What `apiErrorFor` and the error classes take besides the problem. */
export interface ApiErrorOptions {
  retryAfterSeconds?: number;
  idempotencyKey?: string;
  /** The answer's `Content-Language`. */
  language?: 'fr' | 'en';
}

/** The API answered with an error (problem+json). */
export class PaymentsApiError extends PaymentsError {
  readonly status: number;
  /** Stable code: `validation_failed`, `request_in_progress`, `rate_limited`, … Branch on it. */
  readonly code: string;
  /** A short summary, in `language`. */
  readonly title: string;
  /** What happened and what to do, in `language`: for people, not for branching. */
  readonly detail: string;
  /**
   * Every offending field at once, each with what to send, in `language`, e.g.
   * `[{ field: 'amount', message: 'Send an amount between 100 and 2000000 XOF.' }]`.
   */
  readonly fields: { field: string; message: string }[];
  readonly correlationId: string | undefined;
  /** From `Retry-After`, in seconds, when the API sent it. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * The payment the problem is about: the one FeexPay refused or could not start (retry it with
   * `retry(paymentId)`; `failureCode` says why), the one a 409 refuses to retry or to take a
   * code for, or a checkout's live or paying attempt.
   */
  readonly paymentId: string | undefined;
  /**
   * The payment still PENDING that blocks the request (`retry_in_progress`,
   * `attempt_in_progress`): follow it with `status()` / `waitForFinal()`, act once it has ended.
   */
  readonly activeAttempt: string | undefined;
  /** The checkout the problem is about (`checkout_exists`, `order_paid`, a checkout's 409s). */
  readonly checkoutId: string | undefined;
  readonly failureCode: Problem['failureCode'];
  /** The language of `title`, `detail` and the field messages (the answer's `Content-Language`). */
  readonly language: 'fr' | 'en' | undefined;
  readonly problem: Partial<Problem>;
  constructor(status: number, problem: Partial<Problem>, options: ApiErrorOptions = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`, {
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.fields = problem.errors ?? [];
    this.correlationId = problem.correlationId;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.paymentId = problem.paymentId;
    this.activeAttempt = problem.activeAttempt;
    this.checkoutId = problem.checkoutId;
    this.failureCode = problem.failureCode;
    this.language = options.language;
    this.problem = problem;
  }
}

/** 400, 413, 415: fix the request (see `fields`). */
export class PaymentsValidationError extends PaymentsApiError {}
/** 401: the token is missing, expired or not valid; 403: it lacks a scope the route needs. */
export class PaymentsAuthError extends PaymentsApiError {}
/** 404: no such payment for this user. */
export class PaymentsNotFoundError extends PaymentsApiError {}
/**
 * 409: `request_in_progress` (retry with the same key), `payment_not_retryable` (`paymentId`),
 * `retry_in_progress` and `attempt_in_progress` (`activeAttempt`), a checkout's conflicts
 * (`checkoutId`).
 */
export class PaymentsConflictError extends PaymentsApiError {}
/** 422: `idempotency_key_reused`: the key was used with another body. */
export class PaymentsIdempotencyError extends PaymentsApiError {}
/** 429: too many requests; see `retryAfterSeconds`. */
export class PaymentsRateLimitError extends PaymentsApiError {}
/**
 * 502, 503, 504: FeexPay (or a dependency) is unavailable or refused; nobody was charged.
 * `failureCode` (with `paymentId`) says why, for `failureMessage`.
 */
export class PaymentsProviderError extends PaymentsApiError {}
/** 500 and anything else. */
export class PaymentsServerError extends PaymentsApiError {}

const KIND_BY_STATUS: Record<number, typeof PaymentsApiError> = {
  400: PaymentsValidationError,
  413: PaymentsValidationError,
  415: PaymentsValidationError,
  401: PaymentsAuthError,
  403: PaymentsAuthError,
  404: PaymentsNotFoundError,
  409: PaymentsConflictError,
  422: PaymentsIdempotencyError,
  429: PaymentsRateLimitError,
  502: PaymentsProviderError,
  503: PaymentsProviderError,
  504: PaymentsProviderError,
};

/** The subclass for an answer's status (PaymentsServerError for any other). */
export function apiErrorFor(
  status: number,
  problem: Partial<Problem>,
  options: ApiErrorOptions = {},
): PaymentsApiError {
  const Kind = KIND_BY_STATUS[status] ?? PaymentsServerError;
  return new Kind(status, problem, options);
}
