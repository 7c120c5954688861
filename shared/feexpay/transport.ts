/**
 * One HTTP exchange with FeexPay: Bearer key, timeout covering the whole body, the caller's abort
 * signal, and what a failed fetch means for the money (docs/feexpay-api.md §2.1, §9.4).
 *
 * Node's global `fetch` (undici built into Node), not the npm `undici` package: that one adds
 * ~520 KB to every bundle calling FeexPay (docs/performance.md). Unit tests still intercept the
 * global `fetch` with npm undici's `MockAgent`.
 */
import { FeexPayTimeoutError, FeexPayUnavailableError } from './errors.ts';

/** Where and as whom we call FeexPay. */
export interface FeexPayAccount {
  /** API root without a trailing slash, e.g. `https://api-v2.feexpay.me/api`. */
  baseUrl: string;
  apiKey: string;
  shopId: string;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Cancels the call; its reason is rethrown as is (not wrapped in a FeexPayError). */
  signal?: AbortSignal;
}

/** FeexPay's answer, whatever its status; the body as text, because it is not always JSON. */
export interface Answer {
  status: number;
  text: string;
}

/**
 * Sends one request (a POST of `body` as JSON, or a GET when there is none) and reads the whole
 * answer. Throws `FeexPayUnavailableError` when the connection was never made (FeexPay certainly
 * did not get the request), `FeexPayTimeoutError` when the time ran out or the connection dropped
 * after sending (FeexPay may have got it).
 */
export async function exchange(
  account: FeexPayAccount,
  path: string,
  body: object | undefined,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const init: RequestInit = {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${account.apiKey}`,
      accept: 'application/json',
      ...(body && { 'content-type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  };
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetch(`${account.baseUrl}${path}`, { ...init, signal: combined });
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

const CONNECT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * True when fetch failed before any byte of the request could reach FeexPay (refused, DNS, TLS
 * handshake). fetch wraps the system error: its `code` sits in `cause`, or in `cause.errors` when
 * several addresses were tried.
 */
export function connectionNeverMade(error: unknown): boolean {
  const codes: string[] = [];
  const collect = (value: unknown, depth: number) => {
    if (typeof value !== 'object' || value === null) return;
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
