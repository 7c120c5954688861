/**
 * Typed errors: each kind carries its HTTP status, a stable `code` and a title, and the handler
 * wrapper (shared/http/handler.ts) writes it as RFC 9457 problem+json. Anything that is not an
 * `HttpError` becomes a generic 500. What each code means for a caller: shared/api/problems.docs.ts.
 */

/** One offending input, named by its path (`amount`, `metadata.orderId`, `Idempotency-Key`). */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface HttpErrorOptions {
  fields?: FieldIssue[];
  cause?: unknown;
}

/** For kinds whose code or `Retry-After` varies from case to case. */
export interface CodedErrorOptions extends HttpErrorOptions {
  code?: string;
  retryAfterSeconds?: number;
}

export interface ErrorKind {
  status: number;
  code: string;
  title: string;
}

export class HttpError extends Error {
  declare readonly status: number;
  declare readonly code: string;
  declare readonly title: string;
  declare readonly fields: FieldIssue[] | undefined;
  /** Extra response headers (Allow, Retry-After, …). */
  readonly headers: Record<string, string> = {};

  constructor(
    kind: ErrorKind,
    detail: string,
    options: CodedErrorOptions & { status?: number } = {},
  ) {
    super(detail, { cause: options.cause });
    Object.assign(this, {
      name: new.target.name,
      status: options.status ?? kind.status,
      code: options.code ?? kind.code,
      title: kind.title,
      fields: options.fields,
    });
    if (options.retryAfterSeconds !== undefined) {
      this.headers['retry-after'] = String(options.retryAfterSeconds);
    }
  }
}

/**
 * The class of one kind of problem (`instanceof`-able, named after the class that extends it).
 * Call it as `/* @__PURE__ *\/ errorKind(...)` so bundles drop the kinds they never use.
 */
export function errorKind<O extends HttpErrorOptions = HttpErrorOptions>(
  status: number,
  code: string,
  title: string,
) {
  return class extends HttpError {
    constructor(detail: string, options?: O) {
      super({ status, code, title }, detail, options);
    }
  };
}

export class ValidationError extends /* @__PURE__ */ errorKind(
  400,
  'validation_failed',
  'The request is not valid',
) {}

export class MalformedJsonError extends /* @__PURE__ */ errorKind(
  400,
  'malformed_json',
  'The body is not valid JSON',
) {}

export class UnauthorizedError extends /* @__PURE__ */ errorKind(
  401,
  'unauthorized',
  'Authentication required',
) {}

/** The caller is known but its token lacks a scope the route requires. */
export class ForbiddenError extends /* @__PURE__ */ errorKind(
  403,
  'insufficient_scope',
  'Forbidden',
) {}

export class NotFoundError extends /* @__PURE__ */ errorKind(404, 'not_found', 'Not found') {}

export class MethodNotAllowedError extends /* @__PURE__ */ errorKind(
  405,
  'method_not_allowed',
  'Method not allowed',
) {
  constructor(allowed: string[]) {
    super(`This path accepts ${allowed.join(', ')}.`);
    this.headers.allow = allowed.join(', ');
  }
}

/** The request conflicts with the resource's state, or with a request still in flight. */
export class ConflictError extends /* @__PURE__ */ errorKind<CodedErrorOptions>(
  409,
  'conflict',
  'Conflict',
) {}

export class PayloadTooLargeError extends /* @__PURE__ */ errorKind(
  413,
  'payload_too_large',
  'The body is too large',
) {}

export class UnsupportedMediaTypeError extends /* @__PURE__ */ errorKind(
  415,
  'unsupported_media_type',
  'Unsupported content type',
) {}

/** The request is well-formed but cannot be honoured as sent (e.g. an idempotency key reused). */
export class UnprocessableError extends /* @__PURE__ */ errorKind<CodedErrorOptions>(
  422,
  'unprocessable',
  'Unprocessable request',
) {}

export class RateLimitedError extends /* @__PURE__ */ errorKind<CodedErrorOptions>(
  429,
  'rate_limited',
  'Too many requests',
) {
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

/** FeexPay (or another dependency) failed or answered nonsense; the caller may retry later. */
export class UpstreamError extends /* @__PURE__ */ errorKind<
  CodedErrorOptions & { status?: 502 | 503 | 504 }
>(502, 'provider_unavailable', 'Payment provider unavailable') {}

export class ServiceUnavailableError extends /* @__PURE__ */ errorKind(
  503,
  'service_unavailable',
  'Service unavailable',
) {}
