/**
 * Typed client for the FeexPay serverless payments API, for browsers and Node (global `fetch`).
 *
 * - One method per route.
 * - Writes get an `Idempotency-Key` generated once per logical call and reused across the client's
 *   own retries, so a retry after a lost answer never starts a second payment.
 * - Retries (bounded): network errors, 409 `request_in_progress` and 429 (honouring `Retry-After`),
 *   and 5xx on reads. Every error answer becomes a typed `PaymentsApiError` subclass.
 * - Every call takes an `AbortSignal`, honoured during requests and during backoff waits.
 * - For your server: `verify()` checks the notifications the API sends you (webhooks.ts).
 * - For your pages: `formatAmount()`, `normalizePhone()`, `formatPhone()` (format.ts).
 *
 * - A FAILED payment carries a `failureCode`; `failureMessage(code, 'fr' | 'en')` is the text to
 *   show the payer (French first).
 *
 * Two callers, two tokens: a merchant's server (a token with the merchant scope) creates checkouts
 * and reads any payment; a customer's frontend (the customer's own token) starts and follows its
 * payments.
 *
 * @example
 * // On the merchant's server: fix the amount, send the customer to the page.
 * const server = createPaymentsClient({ baseUrl: API, getToken: () => merchantToken() });
 * const checkout = await server.createCheckout({ amount: 2500, currency: 'XOF', orderId: '1042' });
 * redirect(checkout.url);
 * // Before fulfilling (or on checkout.completed): the order is paid.
 * const { status, paidPaymentId } = await server.checkout(checkout.id);
 *
 * @example
 * // In a customer's frontend, with the customer's own token.
 * const client = createPaymentsClient({ baseUrl: 'http://127.0.0.1:3000', getToken: () => token });
 * const payment = await client.initiate({ amount: 2500, currency: 'XOF', network: 'mtn', phoneNumber: '2290197000000' });
 * const final = await client.waitForFinal(payment.id, { onUpdate: (p) => render(p) });
 * if (final.status === 'FAILED') show(failureMessage(final.failureCode, 'fr'));
 */
import { apiErrorFor, PaymentsNetworkError, PaymentsTimeoutError } from './errors.ts';
import type {
  Checkout,
  CreateCheckoutRequest,
  CreatePayoutRequest,
  CreateRefundRequest,
  HealthReport,
  HistoryPage,
  HistoryQuery,
  InitiateRequest,
  OtpRequest,
  Payment,
  PaymentsPage,
  PaymentsQuery,
  Payout,
  PayoutsPage,
  PayoutsQuery,
  Problem,
  ProvidersCatalog,
  RefundsList,
  RetryRequest,
} from './types.ts';

export * from './errors.ts';
export {
  FAILURE_MESSAGES,
  failureMessage,
  type Locale,
  PAYOUT_FAILURE_MESSAGES,
  payoutFailureMessage,
} from './failure-messages.ts';
export * from './format.ts';
export { type PhoneRuleCountry, phoneOfCountry } from './phone.ts';
export type * from './types.ts';
export * from './webhooks.ts';

/** Where the API's routes live on its host. */
export const API_BASE_PATH = '/api/v1/payments/feexpay';

export interface PaymentsClientOptions {
  /** The API's origin (`https://api.example.com`), optionally with the base path. */
  baseUrl: string;
  /** The signed-in user's JWT (called before each authenticated request). */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Attempts per call, the first included. @default 4 */
  maxAttempts?: number;
  /** First backoff delay after a network error or 5xx; doubles per attempt. @default 300 */
  retryBaseMs?: number;
  /** Longest wait the client accepts from `Retry-After` or backoff. @default 10000 */
  maxRetryDelayMs?: number;
  /** @default crypto.randomUUID */
  newIdempotencyKey?: () => string;
  /**
   * The language of the API's error messages (`title`, `detail`, each field's `message`): sent as
   * `Accept-Language`. Default: none sent, so a browser's own preference applies (English
   * elsewhere). The error's `language` says which one came back.
   */
  language?: 'fr' | 'en';
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface WriteOptions extends CallOptions {
  /** Reuse a key from an earlier call (e.g. after a reload) to get that call's payment back. */
  idempotencyKey?: string;
}

export interface WaitOptions extends CallOptions {
  /** First pause between status reads. @default 1000 */
  intervalMs?: number;
  /** The pause grows ×1.5 up to this. @default 5000 */
  maxIntervalMs?: number;
  /** Give up (PaymentsTimeoutError) after this long. @default 180000 */
  timeoutMs?: number;
  /** Called with each state read, final one included. */
  onUpdate?: (payment: Payment) => void;
}

export interface PaymentsClient {
  providers(options?: CallOptions): Promise<ProvidersCatalog>;
  health(options?: CallOptions): Promise<HealthReport>;
  initiate(body: InitiateRequest, options?: WriteOptions): Promise<Payment>;
  /**
   * The payment, refreshed while PENDING. `ref`: a card payment's customer is back from FeexPay's
   * card page with `?ref=` on your `returnUrl`; pass it on and the payment is confirmed at once.
   */
  status(id: string, options?: CallOptions & { ref?: string }): Promise<Payment>;
  history(query?: HistoryQuery, options?: CallOptions): Promise<HistoryPage>;
  retry(id: string, body?: RetryRequest, options?: WriteOptions): Promise<Payment>;
  /**
   * Two-step OTP networks (`flow: otp_confirm`): sends the code FeexPay sent the customer, for a
   * payment with `awaitingOtp: true`. Resolves with the payment after FeexPay's answer.
   */
  confirmOtp(id: string, body: OtpRequest, options?: WriteOptions): Promise<Payment>;
  /** Reads the status until it is not PENDING (SUCCESSFUL, FAILED or EXPIRED), with backoff. */
  waitForFinal(id: string, options?: WaitOptions): Promise<Payment>;
  // The merchant's server (a token with the merchant scope):
  /** Creates a checkout; send the customer to its `url`. */
  createCheckout(body: CreateCheckoutRequest, options?: WriteOptions): Promise<Checkout>;
  /** A checkout: its status, its attempts, the one that paid it. */
  checkout(id: string, options?: CallOptions): Promise<Checkout>;
  /** Cancels an OPEN checkout no attempt is live on. */
  cancelCheckout(id: string, options?: CallOptions): Promise<Checkout>;
  /** Any payment of the deployment (refreshed from FeexPay while PENDING). */
  payment(id: string, options?: CallOptions): Promise<Payment>;
  /** Payments by order, status and time, newest first; follow `nextCursor`. */
  payments(query?: PaymentsQuery, options?: CallOptions): Promise<PaymentsPage>;
  /**
   * Refunds a SUCCESSFUL payment to its payer (all that remains, or `amount`): a payout from your
   * FeexPay balance. Resolves with the refund, PENDING (or FAILED when nothing was sent); wait for
   * `refund.succeeded` / `refund.failed`. Pass the same `idempotencyKey` to retry safely.
   */
  refund(paymentId: string, body?: CreateRefundRequest, options?: WriteOptions): Promise<Payout>;
  /** Every refund of a payment, oldest first. */
  refunds(paymentId: string, options?: CallOptions): Promise<RefundsList>;
  /** Pays out from your FeexPay balance to a wallet; `payout.succeeded` / `payout.failed` follow. */
  createPayout(body: CreatePayoutRequest, options?: WriteOptions): Promise<Payout>;
  /** One of your payouts or refunds. */
  payout(id: string, options?: CallOptions): Promise<Payout>;
  /** Your payouts and refunds, newest first; follow `nextCursor`. */
  payouts(query?: PayoutsQuery, options?: CallOptions): Promise<PayoutsPage>;
}

/** True once nothing more is expected (EXPIRED may still turn SUCCESSFUL, rarely, much later). */
export function isFinalStatus(status: Payment['status']): boolean {
  return status !== 'PENDING';
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `?a=1&b=2` of the query's set values ('' when none). */
function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  return params.size > 0 ? `?${params}` : '';
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  auth: boolean;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal | undefined;
}

export function createPaymentsClient(options: PaymentsClientOptions): PaymentsClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const retryBaseMs = options.retryBaseMs ?? 300;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
  const newKey = options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID());
  const trimmed = options.baseUrl.replace(/\/+$/, '');
  const apiUrl = trimmed.endsWith(API_BASE_PATH) ? trimmed : `${trimmed}${API_BASE_PATH}`;

  async function request<T>(spec: RequestSpec): Promise<T> {
    const { signal } = spec;
    const keyed = spec.idempotencyKey ? { idempotencyKey: spec.idempotencyKey } : {};
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      const headers: Record<string, string> = { accept: 'application/json' };
      if (options.language) headers['accept-language'] = options.language;
      if (spec.auth) {
        const token = await options.getToken?.();
        if (token) headers.authorization = `Bearer ${token}`;
      }
      if (spec.body !== undefined) headers['content-type'] = 'application/json';
      if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
      const backoff = Math.min(maxRetryDelayMs, retryBaseMs * 2 ** (attempt - 1));

      let response: Response;
      try {
        response = await doFetch(`${apiUrl}/${spec.path}`, {
          method: spec.method,
          headers,
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        // No answer: safe to repeat a read, and a write with the same Idempotency-Key.
        if (attempt < maxAttempts && (spec.method === 'GET' || spec.idempotencyKey)) {
          await sleep(backoff, signal);
          continue;
        }
        throw new PaymentsNetworkError(
          `No answer from ${spec.method} ${spec.path}: ${(cause as Error)?.message ?? cause}`,
          { cause, ...keyed },
        );
      }

      if (response.ok) return (await readJson(response)) as T;

      const problem = ((await readJson(response)) ?? {}) as Partial<Problem>;
      const waitMs = retryAfterMs(response.headers);
      const retryable =
        (response.status === 409 && problem.code === 'request_in_progress') ||
        response.status === 429 ||
        (spec.method === 'GET' && response.status >= 500);
      const delay = waitMs ?? backoff;
      if (retryable && attempt < maxAttempts && delay <= maxRetryDelayMs) {
        await sleep(delay, signal);
        continue;
      }
      const language = response.headers.get('content-language');
      throw apiErrorFor(response.status, problem, {
        ...(waitMs !== undefined ? { retryAfterSeconds: Math.ceil(waitMs / 1000) } : {}),
        ...(language === 'fr' || language === 'en' ? { language } : {}),
        ...keyed,
      });
    }
  }

  const client: PaymentsClient = {
    providers: (o = {}) =>
      request({ method: 'GET', path: 'providers', auth: false, signal: o.signal }),
    health: (o = {}) => request({ method: 'GET', path: 'health', auth: false, signal: o.signal }),
    initiate: (body, o = {}) =>
      request({
        method: 'POST',
        path: 'initiate',
        auth: true,
        body,
        idempotencyKey: o.idempotencyKey ?? newKey(),
        signal: o.signal,
      }),
    status: (id, o = {}) =>
      request({
        method: 'GET',
        path: `${encodeURIComponent(id)}/status${o.ref ? `?ref=${encodeURIComponent(o.ref)}` : ''}`,
        auth: true,
        signal: o.signal,
      }),
    history: (query = {}, o = {}) =>
      request({
        method: 'GET',
        path: `history${queryString(query)}`,
        auth: true,
        signal: o.signal,
      }),
    retry: (id, body = {}, o = {}) =>
      request({
        method: 'POST',
        path: `retry/${encodeURIComponent(id)}`,
        auth: true,
        body,
        idempotencyKey: o.idempotencyKey ?? newKey(),
        signal: o.signal,
      }),
    confirmOtp: (id, body, o = {}) =>
      request({
        method: 'POST',
        path: `${encodeURIComponent(id)}/otp`,
        auth: true,
        body,
        idempotencyKey: o.idempotencyKey ?? newKey(),
        signal: o.signal,
      }),
    createCheckout: (body, o = {}) =>
      request({
        method: 'POST',
        path: 'checkouts',
        auth: true,
        body,
        idempotencyKey: o.idempotencyKey ?? newKey(),
        signal: o.signal,
      }),
    checkout: (id, o = {}) =>
      request({
        method: 'GET',
        path: `checkouts/${encodeURIComponent(id)}`,
        auth: true,
        signal: o.signal,
      }),
    cancelCheckout: (id, o = {}) =>
      request({
        method: 'POST',
        path: `checkouts/${encodeURIComponent(id)}/cancel`,
        auth: true,
        signal: o.signal,
      }),
    payment: (id, o = {}) =>
      request({
        method: 'GET',
        path: `payments/${encodeURIComponent(id)}`,
        auth: true,
        signal: o.signal,
      }),
    payments: (query = {}, o = {}) =>
      request({
        method: 'GET',
        path: `payments${queryString(query)}`,
        auth: true,
        signal: o.signal,
      }),
    refund: (paymentId, body = {}, o = {}) =>
      request({
        method: 'POST',
        path: `payments/${encodeURIComponent(paymentId)}/refunds`,
        auth: true,
        body,
        idempotencyKey: o.idempotencyKey ?? newKey(),
        signal: o.signal,
      }),
    refunds: (paymentId, o = {}) =>
      request({
        method: 'GET',
        path: `payments/${encodeURIComponent(paymentId)}/refunds`,
        auth: true,
        signal: o.signal,
      }),
    createPayout: (body, o = {}) =>
      request({
        method: 'POST',
        path: 'payouts',
        auth: true,
        body,
        idempotencyKey: o.idempotencyKey ?? newKey(),
        signal: o.signal,
      }),
    payout: (id, o = {}) =>
      request({
        method: 'GET',
        path: `payouts/${encodeURIComponent(id)}`,
        auth: true,
        signal: o.signal,
      }),
    payouts: (query = {}, o = {}) =>
      request({
        method: 'GET',
        path: `payouts${queryString(query)}`,
        auth: true,
        signal: o.signal,
      }),
    async waitForFinal(id, o = {}) {
      const { signal, onUpdate } = o;
      let interval = o.intervalMs ?? 1_000;
      const maxInterval = o.maxIntervalMs ?? 5_000;
      const deadline = Date.now() + (o.timeoutMs ?? 180_000);
      for (;;) {
        const payment = await client.status(id, signal ? { signal } : {});
        onUpdate?.(payment);
        if (isFinalStatus(payment.status)) return payment;
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new PaymentsTimeoutError(`Payment ${id} is still PENDING.`, payment);
        }
        await sleep(Math.min(interval, left), signal);
        interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
      }
    },
  };
  return client;
}
