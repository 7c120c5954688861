/**
 * Reads what a contract declares from the event: the JSON body, the query, the path parameters
 * and the `Idempotency-Key`, each validated, every offending field named in one 400.
 */
import type { z } from 'zod';
import {
  type FieldIssue,
  invalidFields,
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.ts';
import type { Contract } from './contract.ts';
import { fieldIssues } from './field-messages.ts';
import type { HttpEvent } from './problem.ts';

/** zod issues → the offending fields with our messages (shared/http/field-messages.ts). */
export { fieldIssues };

const DEFAULT_MAX_BODY_BYTES = 16_384;

type Parsed = { ok: true; value: unknown } | { ok: false; fields: FieldIssue[] };

function parseWith(schema: z.ZodType, value: unknown, prefix: string): Parsed {
  // The input is reported so the messages can tell a missing field from a wrong one.
  const result = schema.safeParse(value, { reportInput: true });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: fieldIssues(result.error, prefix) };
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
    throw new PayloadTooLargeError({
      fr: `Le corps doit faire au plus ${maxBytes} octets.`,
      en: `The body must be at most ${maxBytes} bytes.`,
    });
  }
  if (!isJsonContentType(event.headers['content-type'])) {
    throw new UnsupportedMediaTypeError({
      fr: 'Envoyez le corps en JSON, avec « Content-Type: application/json ».',
      en: 'Send the body as JSON with "Content-Type: application/json".',
    });
  }
  if (text.trim() === '') {
    throw new ValidationError(
      { fr: 'Un corps JSON est obligatoire.', en: 'A JSON body is required.' },
      {
        fields: [
          {
            field: '(body)',
            message: {
              fr: 'Obligatoire : envoyez un objet JSON.',
              en: 'Required: send a JSON object.',
            },
          },
        ],
      },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const why = (cause as Error).message;
    throw new MalformedJsonError({
      fr: `Le corps n’est pas du JSON valide : ${why}`,
      en: `The body is not valid JSON: ${why}`,
    });
  }
}

/**
 * Strings of a parsed body that are not Unicode text: a JSON escape of half a surrogate pair
 * (`"\ud800"`) parses into a string no UTF-8 encoder can write, so DynamoDB, FeexPay or a log
 * line would each make something different of it. Keys count too; each is named by its path.
 */
export function unpairedSurrogates(value: unknown): FieldIssue[] {
  const message = {
    fr: 'Doit être du texte Unicode : il contient une moitié de paire de substitution (\\ud800–\\udfff).',
    en: 'Must be Unicode text; it holds half of a surrogate pair (\\ud800–\\udfff).',
  };
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
  if (fields.length > 0) throw invalidFields(fields);
  return body;
}

/** What is wrong with an `Idempotency-Key` (1–255 printable ASCII characters), if anything. */
function idempotencyKeyIssue(key: string | undefined): FieldIssue | undefined {
  if (key === undefined || key === '') {
    return {
      field: 'Idempotency-Key',
      message: {
        fr: 'En-tête obligatoire : envoyez une clé unique par opération (1 à 255 caractères ASCII imprimables), la même pour la réessayer.',
        en: 'Required header: send one key per operation (1–255 printable ASCII characters), the same one to retry it.',
      },
    };
  }
  if (key.length > 255 || !/^[\x20-\x7e]+$/.test(key) || key.trim() === '') {
    return {
      field: 'Idempotency-Key',
      message: {
        fr: 'Utilisez 1 à 255 caractères ASCII imprimables.',
        en: 'Use 1–255 printable ASCII characters.',
      },
    };
  }
  return undefined;
}

/** `Idempotency-Key`: 1–255 printable ASCII characters (Stripe's and the IETF draft's rule). */
export function requireIdempotencyKey(headers: Record<string, string | undefined>): string {
  const key = headers['idempotency-key'];
  const issue = idempotencyKeyIssue(key);
  if (issue) throw invalidFields([issue]);
  return key as string;
}

function parseBody(contract: Contract, schema: z.ZodType, event: HttpEvent): Parsed {
  const value =
    contract.bodyOptional && rawBody(event).trim() === ''
      ? {}
      : wellFormed(parseJsonBody(event, contract.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  const parsed = parseWith(schema, value, '');
  if (parsed.ok || !contract.bodyChecks || typeof value !== 'object' || value === null) {
    return parsed;
  }
  if (Array.isArray(value)) return parsed;
  const named = new Set(parsed.fields.map((f) => f.field));
  const more = contract
    .bodyChecks(value as Record<string, unknown>)
    .filter((issue) => !named.has(issue.field));
  return { ok: false, fields: [...parsed.fields, ...more] };
}

/**
 * The request parts `contract` declares, validated: body, query, path and key. Every offending
 * field of all four is named in one 400; a body that cannot be read at all (too large, not JSON)
 * is refused first.
 */
export function readRequest(contract: Contract, event: HttpEvent) {
  const { body, query, params } = contract;
  const parts = {
    body: body ? parseBody(contract, body, event) : undefined,
    query: query ? parseWith(query, event.queryStringParameters ?? {}, 'query') : undefined,
    params: params ? parseWith(params, event.pathParameters ?? {}, 'path') : undefined,
  };
  const key = event.headers?.['idempotency-key'];
  const keyIssue = contract.idempotent ? idempotencyKeyIssue(key) : undefined;
  const fields = [
    ...Object.values(parts).flatMap((part) => (part && !part.ok ? part.fields : [])),
    ...(keyIssue ? [keyIssue] : []),
  ];
  if (fields.length > 0) throw invalidFields(fields);
  const value = (part: Parsed | undefined) => (part?.ok ? part.value : undefined);
  return {
    body: value(parts.body),
    query: value(parts.query),
    params: value(parts.params),
    idempotencyKey: contract.idempotent ? key : undefined,
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
