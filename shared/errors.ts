/**
 * Typed errors. Each carries its HTTP status and a stable `code`; `shared/http.ts` maps them to
 * RFC 9457 problem+json in one place. Anything that is not an `HttpError` becomes a generic 500.
 */

/** One offending input, named by its path (`amount`, `metadata.orderId`, `Idempotency-Key`). */
export interface FieldIssue {
  field: string;
  message: string;
}

export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  /** Extra response headers (Allow, Retry-After, …). */
  readonly headers: Record<string, string> = {};
  readonly fields: FieldIssue[] | undefined;

  constructor(detail: string, options: { fields?: FieldIssue[]; cause?: unknown } = {}) {
    super(detail, { cause: options.cause });
    this.name = new.target.name;
    this.fields = options.fields;
  }
}

export class ValidationError extends HttpError {
  readonly status = 400;
  readonly code = 'validation_failed';
  readonly title = 'The request is not valid';
}

export class MalformedJsonError extends HttpError {
  readonly status = 400;
  readonly code = 'malformed_json';
  readonly title = 'The body is not valid JSON';
}

export class UnauthorizedError extends HttpError {
  readonly status = 401;
  readonly code = 'unauthorized';
  readonly title = 'Authentication required';
}

export class NotFoundError extends HttpError {
  readonly status = 404;
  readonly code = 'not_found';
  readonly title = 'Not found';
}

export class MethodNotAllowedError extends HttpError {
  readonly status = 405;
  readonly code = 'method_not_allowed';
  readonly title = 'Method not allowed';
  constructor(allowed: string[]) {
    super(`This path accepts ${allowed.join(', ')}.`);
    this.headers.allow = allowed.join(', ');
  }
}

/** The request conflicts with the resource's state, or with a request still in flight. */
export class ConflictError extends HttpError {
  readonly status = 409;
  readonly code: string;
  readonly title = 'Conflict';
  constructor(detail: string, options: { code?: string; retryAfterSeconds?: number } = {}) {
    super(detail);
    this.code = options.code ?? 'conflict';
    if (options.retryAfterSeconds !== undefined) {
      this.headers['retry-after'] = String(options.retryAfterSeconds);
    }
  }
}

export class PayloadTooLargeError extends HttpError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  readonly title = 'The body is too large';
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  readonly title = 'Unsupported content type';
}

/** The request is well-formed but cannot be honoured as sent (e.g. an idempotency key reused). */
export class UnprocessableError extends HttpError {
  readonly status = 422;
  readonly code: string;
  readonly title = 'Unprocessable request';
  constructor(detail: string, options: { code?: string; fields?: FieldIssue[] } = {}) {
    super(detail, options.fields ? { fields: options.fields } : {});
    this.code = options.code ?? 'unprocessable';
  }
}

export class RateLimitedError extends HttpError {
  readonly status = 429;
  readonly code = 'rate_limited';
  readonly title = 'Too many requests';
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s.`);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/** FeexPay (or another dependency) failed or answered nonsense; the caller may retry later. */
export class UpstreamError extends HttpError {
  readonly status: number;
  readonly code: string;
  readonly title = 'Payment provider unavailable';
  constructor(
    detail: string,
    options: {
      status?: 502 | 503 | 504;
      code?: string;
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: options.cause });
    this.status = options.status ?? 502;
    this.code = options.code ?? 'provider_unavailable';
    if (options.retryAfterSeconds !== undefined) {
      this.headers['retry-after'] = String(options.retryAfterSeconds);
    }
  }
}

export class ServiceUnavailableError extends HttpError {
  readonly status = 503;
  readonly code = 'service_unavailable';
  readonly title = 'Service unavailable';
}
