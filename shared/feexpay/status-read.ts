/**
 * Status read by reference (docs/feexpay-api.md §5). A read changes nothing at FeexPay, so unlike
 * request-to-pay it is retried, a bounded number of times with backoff, on network errors,
 * timeouts, 5xx and 429.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../logger.ts';
import { type FeexPayTransaction, parseTransaction } from './answers.ts';
import {
  FeexPayNotFoundError,
  FeexPayRejectedError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from './errors.ts';
import { failureOf } from './failures.ts';
import { type CallOptions, exchange, type FeexPayAccount } from './transport.ts';

export interface StatusReadSettings {
  /** Per attempt. @default 8_000 */
  statusTimeoutMs?: number;
  /** @default 3 */
  statusAttempts?: number;
  /** Wait before retry n (the last value repeats). @default [200, 600] */
  statusBackoffMs?: readonly number[];
}

export interface StatusOptions extends CallOptions {
  /**
   * FeexPay's `order_id` for this transaction, when it differs from the reference: read by it
   * when FeexPay answers 404 for the reference (V1 read redirect networks this way, §14.2).
   */
  orderId?: string | undefined;
}

/**
 * Reads a transaction's status, retrying what is worth retrying. A 404 for the reference is a
 * `FeexPayNotFoundError`, after one more read by `orderId` when there is one.
 */
export async function readStatus(
  account: FeexPayAccount & StatusReadSettings,
  reference: string,
  options: StatusOptions,
): Promise<FeexPayTransaction> {
  if (!reference) throw new FeexPayRejectedError('a reference is required');
  const { orderId } = options;
  try {
    return await readOnce(account, reference, [reference, ...(orderId ? [orderId] : [])], options);
  } catch (error) {
    if (!(error instanceof FeexPayNotFoundError)) throw error;
    if (!orderId || orderId.toLowerCase() === reference.toLowerCase()) throw error;
    logger.info('FeexPay does not know the reference; reading by order_id', { reference, orderId });
    return readOnce(account, orderId, [reference, orderId], options);
  }
}

/** One status read by `key` (with its bounded retries); the answer may name any of `names`. */
async function readOnce(
  account: FeexPayAccount & StatusReadSettings,
  key: string,
  names: readonly string[],
  { timeoutMs = account.statusTimeoutMs ?? 8_000, signal }: CallOptions,
): Promise<FeexPayTransaction> {
  return readStatusAt(
    account,
    `/transactions/public/single/status/${encodeURIComponent(key)}`,
    names,
    { timeoutMs, signal },
  );
}

/**
 * One status read at `path` (pay-in or payout), retried on what is worth retrying; the answer may
 * name any of `names`.
 */
export async function readStatusAt(
  account: FeexPayAccount & StatusReadSettings,
  path: string,
  names: readonly string[],
  { timeoutMs = account.statusTimeoutMs ?? 8_000, signal }: CallOptions,
): Promise<FeexPayTransaction> {
  const attempts = Math.max(1, account.statusAttempts ?? 3);
  const backoff = account.statusBackoffMs ?? [200, 600];
  const reference = names[0] ?? path;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await exchange(account, path, undefined, timeoutMs, signal);
      if (answer.status < 200 || answer.status >= 300) {
        throw failureOf('status', answer, account.apiKey);
      }
      return parseTransaction(answer, account.apiKey, names);
    } catch (error) {
      const retryable =
        error instanceof FeexPayUnavailableError || error instanceof FeexPayTimeoutError;
      if (!retryable || attempt >= attempts) throw error;
      const waitMs = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 0;
      logger.warn('FeexPay status read failed, retrying', {
        reference,
        attempt,
        error: error.name,
        httpStatus: error.httpStatus,
        waitMs,
      });
      await sleep(waitMs, undefined, signal ? { signal } : undefined);
    }
  }
}
