/**
 * FeexPay V2 client: request-to-pay per network segment and status by reference
 * (../shared/reference/feexpay-api.md §4.1, §4.2, §6, §9).
 *
 * HTTP goes through Node 24's global `fetch`, which IS undici (bundled in Node), instead of importing
 * the npm `undici` package: that package adds ~520 KB to every bundle that calls FeexPay and would
 * break the 650 KB API-handler budget (reference/targets.md). Unit tests still use npm undici's
 * `MockAgent` + `setGlobalDispatcher`, which intercepts the global `fetch`.
 *
 * Two rules shape this module:
 * - A request-to-pay is sent ONCE. FeexPay has no idempotency: a second POST rings the customer's
 *   phone again. After a timeout, or a 5xx other than 503, the outcome is unknown; the caller keeps
 *   the payment PENDING and lets the webhook (callback_info) or the expiry settle it.
 * - Status reads are safe to repeat, so they are retried (bounded, with backoff) on network errors,
 *   timeouts and 5xx/429.
 *
 * FeexPay's answers vary (HTTP 200 with `status: FAILED`, string amounts, non-JSON error bodies, a
 * `data` envelope now and then); `parseTransaction` absorbs that so callers see one shape.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { optionalEnv } from '../env.ts';
import { logger, maskPhone } from '../logger.ts';
import { getFeexPaySecret } from '../secrets.ts';
import {
  FeexPayAuthError,
  type FeexPayError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayServerError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from './errors.ts';
import { type FeexPayStatus, isKnownStatus, normaliseStatus, parseAmount, textOf } from './wire.ts';

export type { FeexPayStatus };

export interface FeexPayTransaction {
  reference: string;
  status: FeexPayStatus;
  /** Coerced from a string when needed; undefined when absent or unparseable. */
  amount: number | undefined;
  /** Why a FAILED payment failed (`reason`, then the `statusCode` mapping, `message`, `responsemsg`). */
  reason: string | undefined;
  /** `payment_url`, for redirect networks (Wave, Orange CI/SN, Moov CI). */
  paymentUrl: string | undefined;
  /** Echoed `callback_info` (our payment id). */
  callbackInfo: string | undefined;
  /** FeexPay's status string as received. */
  rawStatus: string | undefined;
  /** `phoneNumber` (or `phone_number`) as echoed by FeexPay, when present. */
  phoneNumber?: string | undefined;
}

export interface RequestToPayInput {
  /** FeexPay segment, e.g. `mtn`, `wave_ci` (shared/providers.ts ids). */
  network: string;
  /** Digits with the country code, no `+`. */
  phoneNumber: string;
  /** Integer, in the currency's base unit. */
  amount: number;
  /** Our payment id; FeexPay echoes it in status answers and webhooks. */
  callbackInfo: string;
  description?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** Where redirect networks send the customer back (sent as `return_url` and `cancel_url`). */
  returnUrl?: string;
  /** Customer-generated code for OTP networks (Orange BF, Coris). */
  otp?: string;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Cancels the call; its reason is rethrown as is (not wrapped in a FeexPayError). */
  signal?: AbortSignal;
}

export interface FeexPayClient {
  /**
   * One POST, never retried. A `FeexPayOutcomeUnknownError` (timeout, 504, dropped connection,
   * 500/502-style answer) means the outcome is unknown.
   */
  requestToPay(input: RequestToPayInput, options?: CallOptions): Promise<FeexPayTransaction>;
  /** GET status; retried (bounded, with backoff) on network errors, timeouts and 5xx/429. */
  getStatus(reference: string, options?: CallOptions): Promise<FeexPayTransaction>;
}

export interface FeexPayClientSettings {
  /** API root, e.g. `https://api-v2.feexpay.me/api` or `${simulator.url}/api`. */
  baseUrl: string;
  apiKey: string;
  shopId: string;
  /**
   * @default 25_000 — API Gateway caps a request at 30 s and the initiate handler must still answer.
   */
  requestToPayTimeoutMs?: number;
  /** Per attempt. @default 8_000 */
  statusTimeoutMs?: number;
  /** @default 3 */
  statusAttempts?: number;
  /** Wait before retry n (the last value repeats). @default [200, 600] */
  statusBackoffMs?: readonly number[];
}

/** FeexPay's production API root (V2). */
export const DEFAULT_FEEXPAY_BASE_URL = 'https://api-v2.feexpay.me/api';

const DEFAULT_REQUEST_TO_PAY_TIMEOUT_MS = 25_000;
const DEFAULT_STATUS_TIMEOUT_MS = 8_000;
const DEFAULT_STATUS_ATTEMPTS = 3;
const DEFAULT_STATUS_BACKOFF_MS = [200, 600] as const;
const EXCERPT_LENGTH = 200;
/** The longest failure reason kept from FeexPay's answer (start-attempt.ts keeps 200 too). */
const REASON_LENGTH = 200;

/**
 * FeexPay accepts only letters, digits and spaces in `description` (MTN refuses anything else).
 * Accents are folded (`Café` → `Cafe`), other characters dropped, spaces collapsed.
 */
export function cleanDescription(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Initiation `statusCode` values the official React SDK maps (reference §6). */
const STATUS_CODE_REASONS: Record<string, string> = {
  '10': 'INSUFFICIENT_FUNDS',
  '37': 'BELOW_OPERATOR_MINIMUM',
  '92': 'CANCELLED',
};

/** Builds a client for one FeexPay shop. See the module comment for retry rules. */
export function createFeexPayClient(settings: FeexPayClientSettings): FeexPayClient {
  const baseUrl = settings.baseUrl.replace(/\/+$/, '');
  const { apiKey, shopId } = settings;
  const requestToPayTimeoutMs = settings.requestToPayTimeoutMs ?? DEFAULT_REQUEST_TO_PAY_TIMEOUT_MS;
  const statusTimeoutMs = settings.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
  const statusAttempts = Math.max(1, settings.statusAttempts ?? DEFAULT_STATUS_ATTEMPTS);
  const backoff = settings.statusBackoffMs ?? DEFAULT_STATUS_BACKOFF_MS;
  const headers = {
    authorization: `Bearer ${apiKey}`,
    accept: 'application/json',
  };

  async function call(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; text: string }> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetch(url, { ...init, signal: combined });
      // The timeout covers the body too: a server that sends headers and then stalls is no answer.
      const text = await response.text();
      return { status: response.status, text };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new FeexPayTimeoutError(`FeexPay did not answer within ${timeoutMs} ms`, {
          cause: error,
        });
      }
      if (connectionNeverMade(error)) {
        throw new FeexPayUnavailableError('FeexPay could not be reached', { cause: error });
      }
      // The request may have reached FeexPay before the connection dropped: outcome unknown.
      throw new FeexPayTimeoutError('The connection to FeexPay dropped before it answered', {
        cause: error,
      });
    }
  }

  function excerpt(text: string): string {
    return redact(text, apiKey).slice(0, EXCERPT_LENGTH);
  }

  /**
   * Turns a non-2xx answer into the matching typed error. For request-to-pay only 503 and 429
   * prove FeexPay did not take the request; any other 5xx (500, 502, …) and 408 may come after
   * it created the transaction, so they are an unknown outcome (`FeexPayServerError`).
   */
  function failure(status: number, text: string, call: 'requestToPay' | 'status'): FeexPayError {
    const bodyExcerpt = excerpt(text);
    const message = messageOf(text);
    const said = message ? redact(message, apiKey) : undefined;
    const options = { httpStatus: status, bodyExcerpt };
    if (status === 401 || status === 403) {
      return new FeexPayAuthError(
        `FeexPay refused the credentials (HTTP ${status}${said ? `: ${said}` : ''})`,
        options,
      );
    }
    if (status === 504) {
      return new FeexPayTimeoutError('FeexPay gateway timed out (HTTP 504)', options);
    }
    if (
      call === 'requestToPay' &&
      (status === 408 || (status >= 500 && status !== 503 && status !== 504))
    ) {
      return new FeexPayServerError(
        `FeexPay failed while handling the request (HTTP ${status}${said ? `: ${said}` : ''}); outcome unknown`,
        options,
      );
    }
    if (status === 408 || status === 429 || status >= 500) {
      return new FeexPayUnavailableError(
        `FeexPay is unavailable (HTTP ${status}${said ? `: ${said}` : ''})`,
        options,
      );
    }
    if (status >= 400) return new FeexPayRejectedError(said ?? `HTTP ${status}`, options);
    return new FeexPayProtocolError(`Unexpected HTTP ${status} from FeexPay`, options);
  }

  async function requestToPay(
    input: RequestToPayInput,
    options: CallOptions = {},
  ): Promise<FeexPayTransaction> {
    if (!Number.isInteger(input.amount)) {
      // XOF/XAF have no minor unit and FeexPay's handling of decimals is untested (reference §8).
      throw new FeexPayRejectedError('amount must be an integer');
    }
    const description = input.description ? cleanDescription(input.description) : '';
    const body = {
      phoneNumber: input.phoneNumber,
      amount: input.amount,
      shop: shopId,
      description: description || undefined,
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email,
      callback_info: input.callbackInfo,
      return_url: input.returnUrl,
      cancel_url: input.returnUrl,
      otp: input.otp,
    };
    const url = `${baseUrl}/transactions/public/requesttopay/${encodeURIComponent(input.network)}`;
    const started = Date.now();
    const logContext = {
      network: input.network,
      phone: maskPhone(input.phoneNumber),
      amount: input.amount,
      callbackInfo: input.callbackInfo,
    };
    let answer: { status: number; text: string };
    try {
      answer = await call(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
        options.timeoutMs ?? requestToPayTimeoutMs,
        options.signal,
      );
    } catch (error) {
      logger.warn('FeexPay request-to-pay got no answer', {
        ...logContext,
        error: error instanceof Error ? error.name : String(error),
        durationMs: Date.now() - started,
      });
      throw error;
    }
    const durationMs = Date.now() - started;
    if (answer.status < 200 || answer.status >= 300) {
      const error = failure(answer.status, answer.text, 'requestToPay');
      logger.warn('FeexPay request-to-pay refused', {
        ...logContext,
        httpStatus: answer.status,
        error: error.name,
        bodyExcerpt: error.bodyExcerpt,
        durationMs,
      });
      throw error;
    }
    const transaction = parseTransaction(answer.status, answer.text, undefined);
    logger.info('FeexPay request-to-pay answered', {
      ...logContext,
      httpStatus: answer.status,
      reference: transaction.reference,
      status: transaction.status,
      rawStatus: transaction.rawStatus,
      reason: transaction.reason,
      durationMs,
    });
    return transaction;
  }

  async function getStatusOnce(
    reference: string,
    options: CallOptions,
  ): Promise<FeexPayTransaction> {
    const url = `${baseUrl}/transactions/public/single/status/${encodeURIComponent(reference)}`;
    const answer = await call(
      url,
      { method: 'GET', headers },
      options.timeoutMs ?? statusTimeoutMs,
      options.signal,
    );
    if (answer.status < 200 || answer.status >= 300) {
      throw failure(answer.status, answer.text, 'status');
    }
    return parseTransaction(answer.status, answer.text, reference);
  }

  async function getStatus(
    reference: string,
    options: CallOptions = {},
  ): Promise<FeexPayTransaction> {
    if (!reference) throw new FeexPayRejectedError('a reference is required');
    for (let attempt = 1; ; attempt++) {
      try {
        return await getStatusOnce(reference, options);
      } catch (error) {
        const retryable =
          error instanceof FeexPayUnavailableError || error instanceof FeexPayTimeoutError;
        if (!retryable || attempt >= statusAttempts) throw error;
        const waitMs = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 0;
        logger.warn('FeexPay status read failed, retrying', {
          reference,
          attempt,
          error: error.name,
          httpStatus: error.httpStatus,
          waitMs,
        });
        await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : undefined);
      }
    }
  }

  /**
   * Reads a 2xx answer. `expectedReference` is set for status reads: the answer may omit the
   * reference (then it is the one we asked for) but must not name another one.
   */
  function parseTransaction(
    httpStatus: number,
    text: string,
    expectedReference: string | undefined,
  ): FeexPayTransaction {
    const protocolError = (message: string) =>
      new FeexPayProtocolError(message, { httpStatus, bodyExcerpt: excerpt(text) });
    const parsed = parseJson(text);
    if (!isRecord(parsed)) throw protocolError('FeexPay answered with something other than JSON');
    // No source shows a `data` envelope, but some integrators unwrap one; so do we.
    const record =
      !('reference' in parsed) && !('status' in parsed) && isRecord(parsed.data)
        ? parsed.data
        : parsed;
    const rawStatus = textOf(record.status);
    let reference = textOf(record.reference);
    if (rawStatus === undefined && reference === undefined) {
      throw protocolError('FeexPay answered without a reference or a status');
    }
    const status = normaliseStatus(record.status);
    if (!isKnownStatus(record.status)) {
      logger.warn('Unknown FeexPay status, treated as PENDING', {
        rawStatus: rawStatus?.slice(0, 50) ?? typeof record.status,
      });
    }
    // FeexPay's free text becomes the payment's failureReason (stored, answered, notified): masked
    // like any excerpt (phone-length digit runs, API keys) and bounded, before anyone sees it.
    const said = status === 'FAILED' ? failureReason(record) : undefined;
    const reason = said === undefined ? undefined : redact(said, apiKey).slice(0, REASON_LENGTH);
    if (expectedReference !== undefined) {
      if (reference !== undefined && reference.toLowerCase() !== expectedReference.toLowerCase()) {
        throw protocolError(
          `FeexPay answered for reference ${reference}, not ${expectedReference}`,
        );
      }
      // Ours, whatever FeexPay's letter case: callers compare it with the stored reference exactly.
      reference = expectedReference;
    }
    if (reference === undefined) {
      // A refusal at initiation may create no transaction at all: nothing to follow up.
      if (status === 'FAILED') {
        throw new FeexPayRejectedError(reason ?? 'FAILED', {
          httpStatus,
          bodyExcerpt: excerpt(text),
        });
      }
      throw protocolError('FeexPay answered without a reference');
    }
    return {
      reference,
      status,
      amount: parseAmount(record.amount),
      reason,
      paymentUrl: textOf(record.payment_url) ?? textOf(record.paymentUrl),
      callbackInfo: textOf(record.callback_info),
      rawStatus,
      phoneNumber: textOf(record.phoneNumber) ?? textOf(record.phone_number),
    };
  }

  return { requestToPay, getStatus };
}

let memo: { key: string; client: FeexPayClient } | undefined;

/**
 * Production wiring: `FEEXPAY_BASE_URL` (default https://api-v2.feexpay.me/api) and the cached
 * FeexPay secret. Memoised per secret value, so a rotated key gets a fresh client.
 */
export async function feexPayClient(): Promise<FeexPayClient> {
  const secret = await getFeexPaySecret();
  const baseUrl = optionalEnv('FEEXPAY_BASE_URL', DEFAULT_FEEXPAY_BASE_URL);
  const key = `${baseUrl}\n${secret.apiKey}\n${secret.shopId}`;
  if (memo?.key !== key) {
    memo = {
      key,
      client: createFeexPayClient({ baseUrl, apiKey: secret.apiKey, shopId: secret.shopId }),
    };
  }
  return memo.client;
}

// --- helpers ---------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failureReason(record: Record<string, unknown>): string | undefined {
  const code = textOf(record.statusCode);
  return (
    textOf(record.reason) ??
    (code !== undefined ? STATUS_CODE_REASONS[code] : undefined) ??
    textOf(record.message) ??
    textOf(record.responsemsg)
  );
}

/** FeexPay's own words from an error body: JSON fields in order (reference §9), else the text. */
function messageOf(text: string): string | undefined {
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
  if (trimmed === '' || trimmed.startsWith('<')) return undefined; // empty or an HTML error page
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

/** Hides API keys and phone-like digit runs. */
function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey ? text.split(apiKey).join('fp_***') : text;
  return withoutKey
    .replace(/fp_[A-Za-z0-9]{8,}/g, 'fp_***')
    .replace(/\d{8,}/g, (digits) => maskPhone(digits));
}

const CONNECT_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * True when fetch failed before any byte of the request could reach FeexPay (refused, DNS, TLS
 * handshake): then FeexPay certainly did not take it.
 */
function connectionNeverMade(error: unknown): boolean {
  const codes: string[] = [];
  const collect = (value: unknown, depth: number) => {
    if (!isRecord(value) && !(value instanceof Error)) return;
    const record = value as Record<string, unknown>;
    if (typeof record.code === 'string') codes.push(record.code);
    if (depth < 3) {
      collect(record.cause, depth + 1);
      if (Array.isArray(record.errors)) for (const e of record.errors) collect(e, depth + 1);
    }
  };
  collect(error, 0);
  return codes.some(
    (code) => CONNECT_ERROR_CODES.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT'),
  );
}
