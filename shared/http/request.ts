/**
 * Reads what a contract declares from the event: the JSON body, the query, the path parameters
 * and the `Idempotency-Key`, each validated, every offending field named in one 400.
 */
import type { z } from 'zod';
import {
  type FieldIssue,
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.ts';
import type { Contract } from './contract.ts';
import type { HttpEvent } from './problem.ts';

const DEFAULT_MAX_BODY_BYTES = 16_384;

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

function parseWith(schema: z.ZodType, value: unknown, prefix: string): unknown {
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
 * Strings of a parsed body that are not Unicode text: a JSON escape of half a surrogate pair
 * (`"\ud800"`) parses into a string no UTF-8 encoder can write, so DynamoDB, FeexPay or a log
 * line would each make something different of it. Keys count too; each is named by its path.
 */
export function unpairedSurrogates(value: unknown): FieldIssue[] {
  const message = 'Must be Unicode text; it holds half of a surrogate pair (\\ud800–\\udfff).';
  const issues: FieldIssue[] = [];
  // A loop, not recursion: a body may nest thousands deep within its size limit.
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: item, path } = next;
    if (typeof item === 'string') {
      if (!item.isWellFormed()) issues.push({ field: path || '(body)', message });
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      const at = (path ? `${path}.${key}` : key).toWellFormed();
      if (!key.isWellFormed()) issues.push({ field: at, message });
      pending.push({ value: child, path: at });
    }
  }
  return issues;
}

function wellFormed(body: unknown): unknown {
  const fields = unpairedSurrogates(body);
  if (fields.length > 0) {
    throw new ValidationError(`Fix these fields: ${fields.map((f) => f.field).join(', ')}.`, {
      fields,
    });
  }
  return body;
}

/** `Idempotency-Key`: 1–255 printable ASCII characters (Stripe's and the IETF draft's rule). */
export function requireIdempotencyKey(headers: Record<string, string | undefined>): string {
  const key = headers['idempotency-key'];
  if (key === undefined || key === '') {
    throw new ValidationError('Send an Idempotency-Key header (1–255 printable characters).', {
      fields: [{ field: 'Idempotency-Key', message: 'Required' }],
    });
  }
  if (key.length > 255 || !/^[\x20-\x7e]+$/.test(key) || key.trim() === '') {
    throw new ValidationError('The Idempotency-Key header is not valid.', {
      fields: [{ field: 'Idempotency-Key', message: 'Use 1–255 printable ASCII characters.' }],
    });
  }
  return key;
}

/** The request parts `contract` declares, validated in this order: body, query, path, key. */
export function readRequest(contract: Contract, event: HttpEvent) {
  const { body, query, params } = contract;
  return {
    body: body
      ? parseWith(
          body,
          contract.bodyOptional && rawBody(event).trim() === ''
            ? {}
            : wellFormed(parseJsonBody(event, contract.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)),
          '',
        )
      : undefined,
    query: query ? parseWith(query, event.queryStringParameters ?? {}, 'query') : undefined,
    params: params ? parseWith(params, event.pathParameters ?? {}, 'path') : undefined,
    idempotencyKey: contract.idempotent ? requireIdempotencyKey(event.headers ?? {}) : undefined,
  };
}

/**
 * The origin the caller reached the API at (scheme, host and a port other than the scheme's), as
 * API Gateway (or the local one) saw it: links the API hands out (a checkout's page) use it.
 */
export function requestOrigin(event: Pick<HttpEvent, 'headers' | 'requestContext'>): string {
  const proto = event.headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  const port = event.headers['x-forwarded-port'];
  const usual = proto === 'https' ? '443' : '80';
  return `${proto}://${event.requestContext.domainName}${port && port !== usual ? `:${port}` : ''}`;
}
