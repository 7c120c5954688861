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

/** The API answered with an error (problem+json). */
export class PaymentsApiError extends PaymentsError {
  readonly status: number;
  /** Stable code: `validation_failed`, `request_in_progress`, `rate_limited`, … */
  readonly code: string;
  readonly detail: string;
  /** The offending fields, e.g. `[{ field: 'amount', message: '…' }]`. */
  readonly fields: { field: string; message: string }[];
  readonly correlationId: string | undefined;
  /** From `Retry-After`, in seconds, when the API sent it. */
  readonly retryAfterSeconds: number | undefined;
  /** FeexPay refused or was unavailable: the payment concerned, and why (`failureMessage`). */
  readonly paymentId: string | undefined;
  readonly failureCode: Problem['failureCode'];
  readonly problem: Partial<Problem>;
  constructor(
    status: number,
    problem: Partial<Problem>,
    options: { retryAfterSeconds?: number; idempotencyKey?: string } = {},
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`, {
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.detail = problem.detail ?? '';
    this.fields = problem.errors ?? [];
    this.correlationId = problem.correlationId;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.paymentId = problem.paymentId;
    this.failureCode = problem.failureCode;
    this.problem = problem;
  }
}

/** 400, 413, 415: fix the request (see `fields`). */
export class PaymentsValidationError extends PaymentsApiError {}
/** 401: the token is missing, expired or not valid; 403: it lacks a scope the route needs. */
export class PaymentsAuthError extends PaymentsApiError {}
/** 404: no such payment for this user. */
export class PaymentsNotFoundError extends PaymentsApiError {}
/** 409: `request_in_progress` (retry with the same key) or `payment_not_retryable`. */
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
  options: { retryAfterSeconds?: number; idempotencyKey?: string } = {},
): PaymentsApiError {
  const Kind = KIND_BY_STATUS[status] ?? PaymentsServerError;
  return new Kind(status, problem, options);
}
