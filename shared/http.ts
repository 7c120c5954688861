/**
 * The one HTTP adapter for API routes: it turns an API Gateway HTTP API (payload 2.0) event into a
 * typed input (body, query, path parameters, caller), runs the route's function, and maps every
 * outcome (result, typed error or surprise) to a response. Handlers stay thin: parse, call, map.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import {
  type FieldIssue,
  HttpError,
  MalformedJsonError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors.ts';
import { logger } from './logger.ts';
import { reportError } from './sentry.ts';

/** What a route function returns; the adapter serialises `body` as JSON. */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The event as API Gateway delivers it, JWT claims included when the route is protected. */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } };
  };
};

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
> {
  /** JSON body schema; when set, the body must be `application/json` and valid. */
  body?: B;
  query?: Q;
  params?: P;
  /** Largest accepted body, in bytes after base64 decoding. @default 16384 */
  maxBodyBytes?: number;
  /** The route sits behind the JWT authorizer: `userId` is the token's `sub`. @default false */
  auth?: boolean;
  /** With `body`: an empty body (no bytes, any content type) is read as `{}`. @default false */
  bodyOptional?: boolean;
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The caller's JWT `sub`; set on authenticated routes. */
  userId: string;
  /** Request headers, lower-cased as API Gateway delivers them. */
  headers: Record<string, string | undefined>;
  correlationId: string;
  event: HttpEvent;
  /** The Lambda context (remaining time); absent when a test calls the handler without one. */
  context: Context | undefined;
}

const PROBLEM_TYPE_PREFIX = 'urn:feexpay-serverless:problem:';
const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 9457 problem+json for a typed error; anything else becomes a generic 500. */
export function problemResponse(error: unknown, correlationId: string): HttpResponse {
  if (error instanceof HttpError) {
    return {
      statusCode: error.status,
      headers: {
        'content-type': 'application/problem+json',
        ...error.headers,
        'x-correlation-id': correlationId,
      },
      body: JSON.stringify({
        type: `${PROBLEM_TYPE_PREFIX}${error.code}`,
        title: error.title,
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.fields ? { errors: error.fields } : {}),
        correlationId,
      }),
    };
  }
  return {
    statusCode: 500,
    headers: { 'content-type': 'application/problem+json', 'x-correlation-id': correlationId },
    body: JSON.stringify({
      type: `${PROBLEM_TYPE_PREFIX}internal_error`,
      title: 'Internal error',
      status: 500,
      code: 'internal_error',
      detail: `Something went wrong on our side. Quote correlation id ${correlationId} when reporting it.`,
      correlationId,
    }),
  };
}

export function correlationIdOf(event: Pick<HttpEvent, 'headers' | 'requestContext'>): string {
  const given = event.headers?.['x-correlation-id'];
  if (given && CORRELATION_ID.test(given)) return given;
  return event.requestContext?.requestId || randomUUID();
}

/** zod issues → the offending fields, named by path (`metadata.orderId`). */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        // An empty key ({"": 1}) is still named, as `""`, so the caller can find it.
        field: [path, key === '' ? '""' : key].filter(Boolean).join('.'),
        message: 'Unknown field; remove it.',
      }));
    }
    return [{ field: path || '(body)', message: issue.message }];
  });
}

function parseWith<S extends Schema>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = fieldIssues(result.error, prefix);
    throw new ValidationError(`Fix these fields: ${fields.map((f) => f.field).join(', ')}.`, {
      fields,
    });
  }
  return result.data;
}

/** The body as bytes-decoded text (API Gateway base64-encodes bodies it deems binary). */
export function rawBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>): string {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mediaType = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function parseJsonBody(event: HttpEvent, maxBytes: number): unknown {
  const text = rawBody(event);
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new PayloadTooLargeError(`The body must be at most ${maxBytes} bytes.`);
  }
  if (!isJsonContentType(event.headers['content-type'])) {
    throw new UnsupportedMediaTypeError(
      'Send the body as JSON with "Content-Type: application/json".',
    );
  }
  if (text.trim() === '') {
    throw new ValidationError('A JSON body is required.', {
      fields: [{ field: '(body)', message: 'Required' }],
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new MalformedJsonError(`The body is not valid JSON: ${(cause as Error).message}`);
  }
}

/**
 * Wraps a route function as a Lambda handler.
 *
 * @example
 * export const handler = httpHandler({ auth: true, params: z.object({ id: z.string() }) },
 *   async ({ params, userId }) => ({ status: 200, body: await getPayment(userId, params.id) }));
 */
export function httpHandler<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
>(
  spec: RouteSpec<B, Q, P>,
  fn: (input: RouteInput<Out<B>, Out<Q>, Out<P>>) => Promise<HttpResult>,
) {
  const maxBodyBytes = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return middy<HttpEvent, HttpResponse, Error, Context>().handler(async (event, context) => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlationId });
    try {
      const claims = event.requestContext?.authorizer?.jwt?.claims;
      const userId = typeof claims?.sub === 'string' ? claims.sub : '';
      if (spec.auth && !userId) throw new UnauthorizedError('A valid bearer token is required.');
      const body = spec.body
        ? parseWith(
            spec.body,
            spec.bodyOptional && rawBody(event).trim() === ''
              ? {}
              : parseJsonBody(event, maxBodyBytes),
            '',
          )
        : undefined;
      const query = spec.query
        ? parseWith(spec.query, event.queryStringParameters ?? {}, 'query')
        : undefined;
      const params = spec.params
        ? parseWith(spec.params, event.pathParameters ?? {}, 'path')
        : undefined;
      const result = await fn({
        body: body as Out<B>,
        query: query as Out<Q>,
        params: params as Out<P>,
        userId,
        headers: event.headers ?? {},
        correlationId,
        event,
        context: context as Context | undefined,
      });
      const headers = { ...result.headers, 'x-correlation-id': correlationId };
      if (result.body === undefined) return { statusCode: result.status, headers, body: '' };
      return json(result.status, result.body, headers);
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status >= 500) logger.error('Request failed', { error });
        else logger.info('Request rejected', { status: error.status, code: error.code });
      } else {
        logger.error('Unexpected error', { error });
      }
      // Unexpected errors and 5xx only; a no-op unless SENTRY_DSN is set.
      await reportError(error, { correlationId });
      return problemResponse(error, correlationId);
    } finally {
      logger.removeKeys(['correlationId']);
    }
  });
}
