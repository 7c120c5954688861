/**
 * Typed errors: each kind carries its HTTP status, a stable `code` and a title, and the handler
 * wrapper (shared/http/handler.ts) writes it as RFC 9457 problem+json. Anything that is not an
 * `HttpError` becomes a generic 500. What each code means for a caller: shared/api/problems.docs.ts.
 *
 * Titles, details and field messages are written in French and English (`Localized`); the answer
 * takes the caller's `Accept-Language` (shared/http/language.ts). A plain string is the same in
 * both (an id, or text not yet translated); `message` is always the English detail, for logs.
 */
import type { Localized } from './http/language.ts';

/**
 * One offending input, named by its path (`amount`, `metadata.orderId`, `Idempotency-Key`), and
 * what to send instead. Request schemas get their messages from shared/http/field-messages.ts.
 */
export interface FieldIssue {
  field: string;
  message: string | Localized;
}

/**
 * Ids a problem names as fields of its own (RFC 9457 extension members), so a caller reads them
 * without parsing prose: the checkout holding an order, the payment concerned (the one to retry),
 * the live attempt that blocks the request.
 */
export interface ProblemIds {
  checkoutId?: string;
  paymentId?: string;
  /** The payment still PENDING that blocks this request: follow it, act once it has ended. */
  activeAttempt?: string;
}

export interface HttpErrorOptions {
  fields?: FieldIssue[];
  /** Ids the problem names (`checkoutId`, `paymentId`), written next to `detail`. */
  ids?: ProblemIds;
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
  title: string | Localized;
}

function localized(text: string | Localized): Localized {
  return typeof text === 'string' ? { fr: text, en: text } : text;
}

export class HttpError extends Error {
  declare readonly status: number;
  declare readonly code: string;
  /** The English title (`titles` has both). */
  declare readonly title: string;
  declare readonly titles: Localized;
  /** The detail in both languages (`message` is the English one). */
  declare readonly details: Localized;
  declare readonly fields: FieldIssue[] | undefined;
  declare readonly ids: ProblemIds | undefined;
  /** Extra response headers (Allow, Retry-After, …). */
  readonly headers: Record<string, string> = {};

  constructor(
    kind: ErrorKind,
    detail: string | Localized,
    options: CodedErrorOptions & { status?: number } = {},
  ) {
    const details = localized(detail);
    super(details.en, { cause: options.cause });
    const titles = localized(kind.title);
    Object.assign(this, {
      name: new.target.name,
      status: options.status ?? kind.status,
      code: options.code ?? kind.code,
      title: titles.en,
      titles,
      details,
      fields: options.fields,
      ids: options.ids,
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
  title: string | Localized,
) {
  return class extends HttpError {
    constructor(detail: string | Localized, options?: O) {
      super({ status, code, title }, detail, options);
    }
  };
}

export class ValidationError extends /* @__PURE__ */ errorKind(400, 'validation_failed', {
  fr: 'La requête n’est pas valide',
  en: 'The request is not valid',
}) {}

/** One 400 naming every offending field (`fields`), its detail listing them. */
export function invalidFields(fields: FieldIssue[]): ValidationError {
  const names = [...new Set(fields.map((f) => f.field))].join(', ');
  return new ValidationError(
    { fr: `Corrigez ces champs : ${names}.`, en: `Fix these fields: ${names}.` },
    { fields },
  );
}

export class MalformedJsonError extends /* @__PURE__ */ errorKind(400, 'malformed_json', {
  fr: 'Le corps n’est pas du JSON valide',
  en: 'The body is not valid JSON',
}) {}

export class UnauthorizedError extends /* @__PURE__ */ errorKind(401, 'unauthorized', {
  fr: 'Authentification requise',
  en: 'Authentication required',
}) {}

/** The caller is known but its token lacks a scope the route requires. */
export class ForbiddenError extends /* @__PURE__ */ errorKind(403, 'insufficient_scope', {
  fr: 'Accès refusé',
  en: 'Forbidden',
}) {}

export class NotFoundError extends /* @__PURE__ */ errorKind(404, 'not_found', {
  fr: 'Introuvable',
  en: 'Not found',
}) {}

export class MethodNotAllowedError extends /* @__PURE__ */ errorKind(405, 'method_not_allowed', {
  fr: 'Méthode non autorisée',
  en: 'Method not allowed',
}) {
  constructor(allowed: string[]) {
    const methods = allowed.join(', ');
    super({ fr: `Ce chemin accepte ${methods}.`, en: `This path accepts ${methods}.` });
    this.headers.allow = allowed.join(', ');
  }
}

/** The request conflicts with the resource's state, or with a request still in flight. */
export class ConflictError extends /* @__PURE__ */ errorKind<CodedErrorOptions>(409, 'conflict', {
  fr: 'Conflit',
  en: 'Conflict',
}) {}

export class PayloadTooLargeError extends /* @__PURE__ */ errorKind(413, 'payload_too_large', {
  fr: 'Le corps est trop volumineux',
  en: 'The body is too large',
}) {}

export class UnsupportedMediaTypeError extends /* @__PURE__ */ errorKind(
  415,
  'unsupported_media_type',
  { fr: 'Type de contenu non pris en charge', en: 'Unsupported content type' },
) {}

/** The request is well-formed but cannot be honoured as sent (e.g. an idempotency key reused). */
export class UnprocessableError extends /* @__PURE__ */ errorKind<CodedErrorOptions>(
  422,
  'unprocessable',
  { fr: 'Requête impossible à traiter', en: 'Unprocessable request' },
) {}

export class RateLimitedError extends /* @__PURE__ */ errorKind<CodedErrorOptions>(
  429,
  'rate_limited',
  { fr: 'Trop de requêtes', en: 'Too many requests' },
) {
  constructor(retryAfterSeconds: number) {
    super(
      {
        fr: `Trop de requêtes ; réessayez dans ${retryAfterSeconds} s.`,
        en: `Too many requests; retry in ${retryAfterSeconds} s.`,
      },
      { retryAfterSeconds },
    );
  }
}

/** FeexPay (or another dependency) failed or answered nonsense; the caller may retry later. */
export class UpstreamError extends /* @__PURE__ */ errorKind<
  CodedErrorOptions & { status?: 502 | 503 | 504 }
>(502, 'provider_unavailable', {
  fr: 'Prestataire de paiement indisponible',
  en: 'Payment provider unavailable',
}) {}

export class ServiceUnavailableError extends /* @__PURE__ */ errorKind(503, 'service_unavailable', {
  fr: 'Service indisponible',
  en: 'Service unavailable',
}) {}
