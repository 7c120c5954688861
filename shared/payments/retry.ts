/**
 * POST retry/{id}/: a FAILED or EXPIRED payment gets a new attempt with a new id (from the new
 * Idempotency-Key), linked both ways (`retryOf`, `attempts`), its order copied. One live retry per
 * payment: the store's `claimRetry` claims the original before the attempt is created, so a second
 * retry while one is live gets 409 `retry_in_progress` (docs/payments.md, "POST retry/{id}/").
 */
import { ConflictError, ValidationError } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import { logger } from '../logger.ts';
import { findNetwork } from '../providers.ts';
import { expireIfOverdue, expiresAt, expirySettings, isUnconfirmed } from './expiry.ts';
import {
  answerForExisting,
  IN_FLIGHT_LEASE_SECONDS,
  paymentIdFor,
  requestHashOf,
} from './idempotency.ts';
import type { Payment } from './model.ts';
import { otpFieldProblem, type RetryBody, type ValidatedOrder } from './schemas.ts';
import { startAttempt } from './start-attempt.ts';
import { getOwnedPayment } from './status.ts';
import * as payments from './store.ts';

export interface RetryInput {
  userId: string;
  paymentId: string;
  idempotencyKey: string;
  body: RetryBody;
  correlationId: string;
  remainingTimeMs?: number;
}

export async function retryPayment(input: RetryInput): Promise<HttpResult> {
  const now = new Date();
  const attemptId = paymentIdFor(input.userId, input.idempotencyKey);
  // In parallel (no added latency), both consistent: the answer depends on them.
  const [owned, existing] = await Promise.all([
    getOwnedPayment(input.userId, input.paymentId, { consistent: true }),
    payments.get(attemptId, { consistent: true }),
  ]);
  const request = { retryOf: owned.id, ...input.body };
  // This key was used before: its stored answer (replay), 422 for another request, or 409 while
  // the first call is in flight, whatever the original's state now (it may have turned
  // SUCCESSFUL late since). Nothing is claimed for a key that already made a payment.
  if (existing) return answerForExisting(existing, requestHashOf('retry', request), now);
  // A payment nobody could confirm (no FeexPay reference, or a two-step code never sent) that is
  // past its short age expires now, so the customer may retry it at once (docs/payments.md).
  const original = await expireIfOverdue(owned, now, 'retry');
  if (original.status === 'PENDING' && isUnconfirmed(original)) {
    const at = expiresAt(original, expirySettings()).toISOString();
    throw notRetryable(
      `Payment ${original.id} is PENDING, waiting for ${original.reference ? 'the customer’s code' : 'FeexPay’s answer'}; if nothing comes it expires at ${at} and can be retried then.`,
    );
  }
  if (original.status !== 'FAILED' && original.status !== 'EXPIRED') {
    throw notRetryable(
      `Payment ${original.id} is ${original.status}; only FAILED or EXPIRED payments can be retried.`,
    );
  }
  const network = findNetwork(original.network);
  if (!network) throw notRetryable(`Network ${original.network} is no longer offered.`);
  const otpProblem = otpFieldProblem(network, input.body.otp);
  if (otpProblem) {
    throw new ValidationError(`Fix these fields: otp.`, {
      fields: [{ field: 'otp', message: otpProblem }],
    });
  }
  await claim(original, attemptId, now);
  const order: ValidatedOrder = {
    network,
    amount: original.amount,
    currency: original.currency,
    phoneNumber: original.phoneNumber,
    ...(original.description ? { description: original.description } : {}),
    ...(original.firstName ? { firstName: original.firstName } : {}),
    ...(original.lastName ? { lastName: original.lastName } : {}),
    ...(original.email ? { email: original.email } : {}),
    ...(original.returnUrl ? { returnUrl: original.returnUrl } : {}),
    ...(original.metadata ? { metadata: original.metadata } : {}),
    ...(input.body.otp ? { otp: input.body.otp } : {}),
  };
  return startAttempt({
    userId: input.userId,
    idempotencyKey: input.idempotencyKey,
    route: 'retry',
    request,
    order,
    retryOf: original.id,
    correlationId: input.correlationId,
    ...(input.remainingTimeMs !== undefined ? { remainingTimeMs: input.remainingTimeMs } : {}),
  });
}

function notRetryable(detail: string): ConflictError {
  return new ConflictError(detail, { code: 'payment_not_retryable' });
}

function retryInProgress(original: Payment, attemptId: string): ConflictError {
  return new ConflictError(
    `Payment ${original.id} already has a retry in progress: ${attemptId}. Follow it with GET ${attemptId}/status/; retry again only once it has FAILED or EXPIRED.`,
    { code: 'retry_in_progress' },
  );
}

/**
 * Throws unless the original's previous attempt (if any) is over and unpaid: a PENDING one, or one
 * claimed but not created yet (within the in-flight lease), is live; a SUCCESSFUL one paid.
 */
async function checkPreviousAttempt(original: Payment, now: Date): Promise<void> {
  const previous = original.activeAttempt;
  if (!previous) return;
  const attempt = await payments.get(previous, { consistent: true });
  if (!attempt) {
    // Claimed, not created yet: its request is still running, or died before the Put.
    const claimedAt = Date.parse(original.activeAttemptAt ?? '');
    const ageMs = Number.isNaN(claimedAt) ? Number.POSITIVE_INFINITY : now.getTime() - claimedAt;
    if (ageMs < IN_FLIGHT_LEASE_SECONDS * 1000) throw retryInProgress(original, previous);
    return;
  }
  if (attempt.status === 'PENDING') throw retryInProgress(original, previous);
  if (attempt.status === 'SUCCESSFUL') {
    throw notRetryable(
      `Payment ${original.id} was paid by its retry ${previous}; nothing to retry.`,
    );
  }
}

/**
 * Claims the original for this attempt (`claimRetry`); a lost race re-reads it and answers what
 * the winner left (409 `retry_in_progress`, or `payment_not_retryable` if it is no longer
 * retryable). Decides again at most a few times, so a stale read never lets two retries through.
 */
async function claim(original: Payment, attemptId: string, now: Date): Promise<void> {
  let current = original;
  for (let round = 1; ; round++) {
    if (current.activeAttempt !== attemptId) await checkPreviousAttempt(current, now);
    const claimed = await payments.claimRetry(current.id, attemptId, current.activeAttempt, {
      append: !current.attempts?.includes(attemptId),
      now,
    });
    if (claimed) return;
    const fresh = await payments.get(current.id, { consistent: true });
    if (!fresh || (fresh.status !== 'FAILED' && fresh.status !== 'EXPIRED')) {
      throw notRetryable(
        `Payment ${current.id} is ${fresh?.status ?? 'gone'}; only FAILED or EXPIRED payments can be retried.`,
      );
    }
    // Another request with this same key claimed it first: go on (its Put decides who answers).
    if (fresh.activeAttempt === attemptId && fresh.attempts?.includes(attemptId)) return;
    if (round >= 3) {
      logger.warn('Retry claim lost repeatedly', { paymentId: current.id, attemptId });
      throw retryInProgress(fresh, fresh.activeAttempt ?? attemptId);
    }
    current = fresh;
  }
}
