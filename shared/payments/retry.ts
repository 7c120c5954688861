/**
 * POST retry/{id}/: a FAILED or EXPIRED payment gets a new attempt with a new id (from the new
 * Idempotency-Key), linked both ways: `retryOf` on the new payment, `attempts` on the old one.
 * The order details are copied; OTP networks need a fresh `otp` in the body.
 */
import { ConflictError, ValidationError } from '../errors.ts';
import type { HttpResult } from '../http.ts';
import { findNetwork } from '../providers.ts';
import { answerForExisting, paymentIdFor, requestHashOf } from './idempotency.ts';
import { appendAttempt, getPayment } from './repository.ts';
import type { RetryBody, ValidatedOrder } from './schemas.ts';
import { startAttempt } from './start-attempt.ts';
import { getOwnedPayment } from './status.ts';

export interface RetryInput {
  userId: string;
  paymentId: string;
  idempotencyKey: string;
  body: RetryBody;
  correlationId: string;
  remainingTimeMs?: number;
}

export async function retryPayment(input: RetryInput): Promise<HttpResult> {
  const original = await getOwnedPayment(input.userId, input.paymentId);
  const request = { retryOf: original.id, ...input.body };
  if (original.status !== 'FAILED' && original.status !== 'EXPIRED') {
    // A replay of a retry made while the original was retryable (it has since turned SUCCESSFUL
    // late) replays that retry's answer, like any idempotent repeat; only a new key gets 409.
    const replay = await replayOfRetry(input, original.id, request);
    if (replay) return replay;
    throw new ConflictError(
      `Payment ${original.id} is ${original.status}; only FAILED or EXPIRED payments can be retried.`,
      { code: 'payment_not_retryable' },
    );
  }
  const network = findNetwork(original.network);
  if (!network)
    throw new ConflictError(`Network ${original.network} is no longer offered.`, {
      code: 'payment_not_retryable',
    });
  if (network.flow === 'otp' && !input.body.otp) {
    throw new ValidationError(`${network.name} needs a fresh payment code.`, {
      fields: [
        { field: 'otp', message: `Required for ${network.name}. ${network.otpHint ?? ''}`.trim() },
      ],
    });
  }
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
    onCreated: (payment) => appendAttempt(original.id, payment.id),
  });
}

/**
 * The stored answer when this Idempotency-Key already made a retry of `originalId` (one GetItem,
 * only on the way to a 409); undefined otherwise. Same rules as any repeat: 422 for another body.
 */
async function replayOfRetry(
  input: RetryInput,
  originalId: string,
  request: unknown,
): Promise<HttpResult | undefined> {
  const existing = await getPayment(paymentIdFor(input.userId, input.idempotencyKey));
  if (!existing || existing.ownerId !== input.userId || existing.retryOf !== originalId) {
    return undefined;
  }
  return answerForExisting(existing, requestHashOf('retry', request), new Date());
}
