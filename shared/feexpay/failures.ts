/**
 * FeexPay's non-2xx answers as typed errors (docs/feexpay-api.md §10). The same HTTP status can
 * mean different things for the money: a 500 to a request-to-pay may come after FeexPay created
 * the transaction (outcome unknown, never re-sent), while a 500 to a status read is just a read to
 * repeat.
 */
import {
  FeexPayAuthError,
  type FeexPayError,
  FeexPayNotFoundError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayServerError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from './errors.ts';
import { EXCERPT_LENGTH, excerpt, redact } from './redact.ts';
import type { Answer } from './transport.ts';
import { isRecord, parseJson, textOf } from './wire.ts';

export type FeexPayCall = 'requestToPay' | 'status';

/**
 * The typed error for a non-2xx answer. For request-to-pay only 503 and 429 prove FeexPay did not
 * take the request; any other 5xx (500, 502, …) and 408 are an unknown outcome
 * (`FeexPayServerError`). For status reads they are all `FeexPayUnavailableError`, retried.
 */
export function failureOf(call: FeexPayCall, answer: Answer, apiKey: string): FeexPayError {
  const { status, text } = answer;
  const message = messageOf(text);
  const said = message ? redact(message, apiKey) : undefined;
  const saying = said ? `: ${said}` : '';
  const options = { httpStatus: status, bodyExcerpt: excerpt(text, apiKey) };
  if (status === 401 || status === 403) {
    return new FeexPayAuthError(
      `FeexPay refused the credentials (HTTP ${status}${saying})`,
      options,
    );
  }
  if (status === 504) {
    return new FeexPayTimeoutError('FeexPay gateway timed out (HTTP 504)', options);
  }
  if (call === 'requestToPay' && (status === 408 || (status >= 500 && status !== 503))) {
    return new FeexPayServerError(
      `FeexPay failed while handling the request (HTTP ${status}${saying}); outcome unknown`,
      options,
    );
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new FeexPayUnavailableError(`FeexPay is unavailable (HTTP ${status}${saying})`, options);
  }
  if (call === 'status' && status === 404) {
    return new FeexPayNotFoundError(said ?? 'HTTP 404', options);
  }
  if (status >= 400) return new FeexPayRejectedError(said ?? `HTTP ${status}`, options);
  return new FeexPayProtocolError(`Unexpected HTTP ${status} from FeexPay`, options);
}

/**
 * FeexPay's own words in an error body, not yet redacted: the first JSON field of `message`,
 * `reason`, `error`, `responsemsg`, `code` (§10.2), with any class-validator details; else the
 * plain text, unless it is empty or an HTML error page.
 */
export function messageOf(text: string): string | undefined {
  const parsed = parseJson(text);
  if (isRecord(parsed)) {
    for (const key of ['message', 'reason', 'error', 'responsemsg', 'code']) {
      const value = parsed[key];
      const said = Array.isArray(value)
        ? value.filter((v) => typeof v === 'string').join('; ')
        : textOf(value);
      if (said) return withConstraints(said, parsed.errors);
    }
    return withConstraints('', parsed.errors) || undefined;
  }
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('<')) return undefined;
  return trimmed.slice(0, EXCERPT_LENGTH);
}

/** Appends class-validator details (`errors: [{property, constraints}]`) to a message. */
function withConstraints(message: string, errors: unknown): string {
  if (!Array.isArray(errors)) return message;
  const details = errors
    .filter(isRecord)
    .map((e) => {
      const constraints = isRecord(e.constraints) ? Object.values(e.constraints) : [];
      const text = constraints.filter((c) => typeof c === 'string').join(', ');
      const property = textOf(e.property);
      return property ? `${property}: ${text}` : text;
    })
    .filter(Boolean);
  if (details.length === 0) return message;
  return message ? `${message} (${details.join('; ')})` : details.join('; ');
}
