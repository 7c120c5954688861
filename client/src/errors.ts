/**
 * Typed errors: every non-2xx answer becomes a `FeexPayApiError` subclass chosen by status and
 * `code`, so callers branch with `instanceof` instead of parsing bodies. No answer at all is a
 * `FeexPayNetworkError`. An aborted call rejects with the signal's reason (an `AbortError`).
 */
import type { Problem } from './types.ts';

/** Base of every error the client throws (except aborts). */
export class FeexPayError extends Error {
  /** The Idempotency-Key of the call, when it had one: reuse it to retry the same payment. */
  idempotencyKey: string | undefined;
  constructor(message: string, options: { cause?: unknown; idempotencyKey?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.idempotencyKey = options.idempotencyKey;
  }
}

/** The request got no answer (offline, DNS, connection reset) after the client's own retries. */
export class FeexPayNetworkError extends FeexPayError {}

/** `waitForFinal` gave up before the payment settled; `payment` is the last state seen. */
export class FeexPayTimeoutError extends FeexPayError {
  readonly payment: unknown;
  constructor(message: string, payment: unknown) {
    super(message);
    this.payment = payment;
  }
}

/** The API answered with an error (problem+json). */
export class FeexPayApiError extends FeexPayError {
  readonly status: number;
  /** Stable code: `validation_failed`, `request_in_progress`, `rate_limited`, … */
  readonly code: string;
  readonly detail: string;
  /** The offending fields, e.g. `[{ field: 'amount', message: '…' }]`. */
  readonly fields: { field: string; message: string }[];
  readonly correlationId: string | undefined;
  /** From `Retry-After`, in seconds, when the API sent it. */
  readonly retryAfterSeconds: number | undefined;
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
    this.problem = problem;
  }
}

/** 400, 413, 415: fix the request (see `fields`). */
export class FeexPayValidationError extends FeexPayApiError {}
/** 401: the token is missing, expired or not valid. */
export class FeexPayAuthError extends FeexPayApiError {}
/** 404: no such payment for this user. */
export class FeexPayNotFoundError extends FeexPayApiError {}
/** 409: `request_in_progress` (retry with the same key) or `payment_not_retryable`. */
export class FeexPayConflictError extends FeexPayApiError {}
/** 422: `idempotency_key_reused`: the key was used with another body. */
export class FeexPayIdempotencyError extends FeexPayApiError {}
/** 429: too many requests; see `retryAfterSeconds`. */
export class FeexPayRateLimitError extends FeexPayApiError {}
/** 502, 503, 504: FeexPay (or a dependency) is unavailable or refused; nobody was charged. */
export class FeexPayProviderError extends FeexPayApiError {}
/** 500 and anything else. */
export class FeexPayServerError extends FeexPayApiError {}

/** The subclass for an answer's status. */
export function apiErrorFor(
  status: number,
  problem: Partial<Problem>,
  options: { retryAfterSeconds?: number; idempotencyKey?: string } = {},
): FeexPayApiError {
  const Kind =
    status === 400 || status === 413 || status === 415
      ? FeexPayValidationError
      : status === 401 || status === 403
        ? FeexPayAuthError
        : status === 404
          ? FeexPayNotFoundError
          : status === 409
            ? FeexPayConflictError
            : status === 422
              ? FeexPayIdempotencyError
              : status === 429
                ? FeexPayRateLimitError
                : status === 502 || status === 503 || status === 504
                  ? FeexPayProviderError
                  : FeexPayServerError;
  return new Kind(status, problem, options);
}
