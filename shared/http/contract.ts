/**
 * A route's contract, in two halves under shared/api/: `Contract` (the row, request schemas,
 * limits), which the handler wrapper enforces and the handler imports, and `ContractDocs` (answers,
 * the domain's errors, prose), which only lib/openapi.ts imports, so no bundle carries it. The
 * errors a route answers follow from both: see `problemsOf` in lib/openapi.ts.
 */
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Route } from '../../lib/routes.ts';
import type { ProblemCode } from '../api/problems.docs.ts';
import type { FieldIssue } from '../errors.ts';
import type { Language } from './language.ts';
import type { HttpEvent } from './problem.ts';

export interface Contract {
  /** Method, path and auth kind (lib/routes.ts). */
  route: Route;
  /** JSON body schema: the body must be `application/json`, at most `maxBodyBytes`, and valid. */
  body?: z.ZodType;
  /**
   * With `body`: the domain's checks of the fields (catalog rules zod cannot express), run on the
   * parsed JSON when the schema refused it, so the 400 names the fields both would refuse at once.
   * Must accept any JSON object (it checks only fields of the right type); issues about a field
   * the schema already named are dropped.
   */
  bodyChecks?: (body: Record<string, unknown>) => FieldIssue[];
  /** With `body`: an empty body (no bytes, any content type) is read as `{}`. */
  bodyOptional?: boolean;
  /** Largest accepted body, in bytes after base64 decoding. @default 16384 */
  maxBodyBytes?: number;
  query?: z.ZodType;
  params?: z.ZodType;
  /**
   * An `Idempotency-Key` header is required; the same key replays the first answer, a key still in
   * flight answers 409, a key reused with another body 422 (shared/payments/idempotency.ts).
   */
  idempotent?: boolean;
}

type Out<C, K extends string> = C extends { [P in K]: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;

/** What a route's function receives. */
export interface RouteInput<C extends Contract = Contract> {
  body: Out<C, 'body'>;
  query: Out<C, 'query'>;
  params: Out<C, 'params'>;
  idempotencyKey: C extends { idempotent: true } ? string : undefined;
  /** The caller's JWT `sub` on JWT routes; '' elsewhere. */
  userId: string;
  /** Request headers, lower-cased as API Gateway delivers them. */
  headers: Record<string, string | undefined>;
  correlationId: string;
  /** The caller's language for human text (`Accept-Language`: shared/http/language.ts). */
  language: Language;
  event: HttpEvent;
  /** The Lambda context (remaining time); absent when a test calls the handler without one. */
  context: Context | undefined;
}

/** What a route's function returns; the wrapper serialises `body` as JSON. */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Instead of `body`: bytes sent as they are (a page; `headers` give the content type). */
  raw?: { body: string; isBase64Encoded: boolean };
}

/** Response headers the document defines once (components.headers). */
export type DocumentedHeader =
  | 'IdempotentReplayed'
  | 'CorrelationId'
  | 'RetryAfter'
  | 'ETag'
  | 'CacheControl';

export interface ResponseDocs {
  description: string;
  /**
   * A response schema (shared/api/responses.ts, named by its `.meta({ id })`), any object, or
   * `html` (a page).
   */
  schema?: z.ZodType | 'object' | 'html';
  headers?: Record<string, DocumentedHeader>;
  example?: unknown;
}

export interface ContractDocs {
  contract: Contract;
  summary: string;
  description: string;
  tag:
    | 'Payments'
    | 'Checkouts'
    | 'Payouts'
    | 'Catalog'
    | 'Operations'
    | 'FeexPay'
    | 'Documentation'
    | 'Back office';
  /**
   * The request body as documented: its component name and an example. The schema is the
   * contract's `body`, or `jsonSchema` for a body the handler reads itself.
   */
  body?: { component: string; example: unknown; jsonSchema?: Record<string, unknown> };
  /**
   * Path parameters as documented, for a route whose handler reads its own path (its contract
   * declares none, to keep zod out of its bundle).
   */
  params?: z.ZodType;
  /** Answers other than problems, by status. */
  responses: Record<number, ResponseDocs>;
  /** Problems the domain can answer, beyond those the contract implies. */
  errors?: readonly ProblemCode[];
}
