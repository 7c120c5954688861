/**
 * Status read by reference (docs/feexpay-api.md §5). A read changes nothing at FeexPay, so unlike
 * request-to-pay it is retried, a bounded number of times with backoff, on network errors,
 * timeouts, 5xx and 429.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../logger.ts';
import { type FeexPayTransaction, parseTransaction } from './answers.ts';
import { FeexPayRejectedError, FeexPayTimeoutError, FeexPayUnavailableError } from './errors.ts';
import { failureOf } from './failures.ts';
import { exchange, type FeexPayAccount } from './transport.ts';

export interface StatusReadPolicy {
  /** Per attempt. */
  timeoutMs: number;
  /** At least 1. */
  attempts: number;
  /** Wait before retry n (the last value repeats). */
  backoffMs: readonly number[];
}

/** Reads a transaction's status, retrying what is worth retrying. */
export async function readStatus(
  account: FeexPayAccount,
  reference: string,
  policy: StatusReadPolicy,
  signal: AbortSignal | undefined,
): Promise<FeexPayTransaction> {
  if (!reference) throw new FeexPayRejectedError('a reference is required');
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(account, reference, policy.timeoutMs, signal);
    } catch (error) {
      const retryable =
        error instanceof FeexPayUnavailableError || error instanceof FeexPayTimeoutError;
      if (!retryable || attempt >= policy.attempts) throw error;
      const waitMs = policy.backoffMs[Math.min(attempt - 1, policy.backoffMs.length - 1)] ?? 0;
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

async function readOnce(
  account: FeexPayAccount,
  reference: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<FeexPayTransaction> {
  const path = `/transactions/public/single/status/${encodeURIComponent(reference)}`;
  const answer = await exchange(account, path, { method: 'GET' }, timeoutMs, signal);
  if (answer.status < 200 || answer.status >= 300) {
    throw failureOf('status', answer, account.apiKey);
  }
  return parseTransaction(answer, account.apiKey, reference);
}
