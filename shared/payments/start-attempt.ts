/**
 * The `startAttempt` use case, shared by POST initiate/ and POST retry/{id}/.
 *
 * Primary course:
 * 1. Derive the payment id from (user, Idempotency-Key) and hash the validated request.
 * 2. ONE conditional Put creates the payment PENDING (owner index, PENDING index) BEFORE FeexPay is
 *    called. If the id exists, the failed Put returns the old item: replay / 422 / 409 (idempotency.ts).
 * 3. One request-to-pay, with our payment id in `callback_info` and a timeout that leaves time to answer.
 * 4. ONE UpdateItem records FeexPay's answer (reference, payment URL, the stored response) and, when
 *    the answer is already final, the transition (same rules and write as transition.ts).
 *
 * FeexPay outcomes: 2xx → 201; unavailable (503, 429, connection refused) → FAILED
 * `PROVIDER_UNAVAILABLE`, 503 (retryable); rejected / auth → FAILED, 502; timeout, 504, 500/502
 * (any other 5xx) or junk → outcome UNKNOWN: the payment stays PENDING and is never re-sent;
 * FeexPay's webhook (callback_info) or the reconciler's expiry settles it.
 */

import { intEnv } from '../env.ts';
import { ServiceUnavailableError, UpstreamError } from '../errors.ts';
import { type FeexPayClient, type FeexPayTransaction, feexPayClient } from '../feexpay/client.ts';
import {
  FeexPayAuthError,
  FeexPayOutcomeUnknownError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayUnavailableError,
} from '../feexpay/errors.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import type { HttpResult } from '../http/contract.ts';
import { problemResponse } from '../http/problem.ts';
import { logger, maskPhone } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { answerForExisting, paymentIdFor, requestHashOf } from './idempotency.ts';
import {
  answerBody,
  type EventSource,
  type Payment,
  type PaymentEvent,
  type StoredResponse,
  storedAnswerOf,
  toPublicPayment,
} from './model.ts';
import { createPayment, getPayment, isConditionFailure } from './repository.ts';
import type { ValidatedOrder } from './schemas.ts';
import {
  addReference,
  addTransition,
  afterTransition,
  decideTransition,
  emptyUpdate,
  type TransitionPlan,
  type UpdateParts,
  writeUpdate,
} from './transition.ts';

/**
 * API Gateway answers 504 after 30 s; FeexPay gets at most this much of it
 * (`FEEXPAY_REQUEST_TIMEOUT_MS`, default and maximum 25 000; tests shorten it to reach the
 * unknown-outcome path quickly).
 */
export const MAX_PROVIDER_TIMEOUT_MS = intEnv('FEEXPAY_REQUEST_TIMEOUT_MS', 25_000);
if (MAX_PROVIDER_TIMEOUT_MS < 1 || MAX_PROVIDER_TIMEOUT_MS > 25_000) {
  throw new Error('FEEXPAY_REQUEST_TIMEOUT_MS must be between 1 and 25000');
}
/** Kept back from the Lambda's remaining time to record the answer and reply. */
export const ANSWER_RESERVE_MS = 3_000;
/** Retry-After suggested when FeexPay is down. */
export const PROVIDER_RETRY_AFTER_SECONDS = 30;

export interface StartAttemptInput {
  userId: string;
  idempotencyKey: string;
  /** `initiate` or `retry`: part of the request hash, so one key cannot serve both. */
  route: 'initiate' | 'retry';
  /** What the caller sent, validated (the request hash covers it). */
  request: unknown;
  order: ValidatedOrder;
  retryOf?: string;
  correlationId: string;
  /** Lambda's remaining time, when known. */
  remainingTimeMs?: number;
  /** Runs once, right after the payment was created (not on replays): links a retry. */
  onCreated?: (payment: Payment) => Promise<void>;
  now?: Date;
}

/**
 * The FeexPay timeout for this invocation: min(FEEXPAY_REQUEST_TIMEOUT_MS, max(1 s, remaining − 3 s)).
 */
export function providerTimeoutMs(remainingTimeMs: number | undefined): number {
  if (remainingTimeMs === undefined) return MAX_PROVIDER_TIMEOUT_MS;
  return Math.min(MAX_PROVIDER_TIMEOUT_MS, Math.max(1_000, remainingTimeMs - ANSWER_RESERVE_MS));
}

function newPayment(
  input: StartAttemptInput,
  id: string,
  requestHash: string,
  now: string,
): Payment {
  const { order } = input;
  return {
    id,
    ownerId: input.userId,
    status: 'PENDING',
    amount: order.amount,
    currency: order.currency,
    network: order.network.id,
    phoneNumber: order.phoneNumber,
    ...(order.description ? { description: order.description } : {}),
    ...(order.firstName ? { firstName: order.firstName } : {}),
    ...(order.lastName ? { lastName: order.lastName } : {}),
    ...(order.email ? { email: order.email } : {}),
    ...(order.returnUrl ? { returnUrl: order.returnUrl } : {}),
    ...(order.metadata ? { metadata: order.metadata } : {}),
    ...(input.retryOf ? { retryOf: input.retryOf } : {}),
    createdAt: now,
    updatedAt: now,
    requestHash,
    events: [{ at: now, type: 'created', source: input.route as EventSource }],
  };
}

/** A problem answer in the shape the handler wrapper would give it, kept so a replay returns it verbatim. */
function problemResult(
  error: UpstreamError,
  correlationId: string,
): Extract<StoredResponse, { body: unknown }> {
  const response = problemResponse(error, correlationId);
  const { 'x-correlation-id': _omit, ...headers } = response.headers;
  return { status: response.statusCode, body: JSON.parse(String(response.body)), headers };
}

/** Starts (or replays) one payment attempt. See the module comment for the course of events. */
export async function startAttempt(input: StartAttemptInput): Promise<HttpResult> {
  const now = input.now ?? new Date();
  const id = paymentIdFor(input.userId, input.idempotencyKey);
  const requestHash = requestHashOf(input.route, input.request);
  logger.appendKeys({ paymentId: id });
  try {
    // Fetch the client (and its cached secret) first: if that fails, nothing is written and
    // FeexPay is not called, so the caller can simply try again.
    let client: FeexPayClient;
    try {
      client = await feexPayClient();
    } catch (error) {
      logger.error('FeexPay client unavailable (secret or settings)', { error });
      throw new ServiceUnavailableError('Payments are temporarily unavailable; try again shortly.');
    }
    const payment = newPayment(input, id, requestHash, now.toISOString());
    const created = await createPayment(payment);
    if (!created.created) {
      logger.info('Idempotent repeat', { reference: created.existing.reference });
      return answerForExisting(created.existing, requestHash, new Date());
    }
    countMetric('PaymentInitiated', payment.network);
    logger.info('Payment created', {
      network: payment.network,
      amount: payment.amount,
      phoneNumber: maskPhone(payment.phoneNumber),
      retryOf: payment.retryOf,
    });
    if (input.onCreated) await input.onCreated(payment);
    return await callProvider(client, payment, input);
  } finally {
    logger.removeKeys(['paymentId', 'reference']);
  }
}

async function callProvider(
  client: FeexPayClient,
  payment: Payment,
  input: StartAttemptInput,
): Promise<HttpResult> {
  const { order } = input;
  let tx: FeexPayTransaction;
  try {
    tx = await client.requestToPay(
      {
        network: order.network.id,
        phoneNumber: order.phoneNumber,
        amount: order.amount,
        callbackInfo: payment.id,
        ...(order.description ? { description: order.description } : {}),
        ...(order.firstName ? { firstName: order.firstName } : {}),
        ...(order.lastName ? { lastName: order.lastName } : {}),
        ...(order.email ? { email: order.email } : {}),
        ...(order.returnUrl ? { returnUrl: order.returnUrl } : {}),
        ...(order.otp ? { otp: order.otp } : {}),
      },
      { timeoutMs: providerTimeoutMs(input.remainingTimeMs) },
    );
  } catch (error) {
    return recordProviderFailure(payment, error, input.correlationId);
  }
  logger.appendKeys({ reference: tx.reference });
  return recordProviderAnswer(payment, tx);
}

/** FeexPay answered with a transaction: ONE UpdateItem stores it (and a final status, if any). */
async function recordProviderAnswer(payment: Payment, tx: FeexPayTransaction): Promise<HttpResult> {
  const now = new Date().toISOString();
  const decision = decideTransition(payment, evidenceOf(tx), 'initiate');
  const plan: TransitionPlan | undefined =
    decision.kind === 'transition' ? decision.plan : undefined;
  if (decision.kind === 'rejected') {
    // E.g. SUCCESSFUL at once without an amount: keep PENDING; the status check will confirm.
    logger.warn('First answer not applied', {
      rejected: decision.rejected,
      detail: decision.detail,
    });
  }
  const after: Payment = {
    ...payment,
    reference: tx.reference,
    updatedAt: now,
    lastCheckedAt: now,
    ...(tx.paymentUrl ? { paymentUrl: tx.paymentUrl } : {}),
    ...(plan ? { status: plan.to } : {}),
    ...(plan?.failureReason ? { failureReason: plan.failureReason } : {}),
  };
  const response = storedAnswerOf(after);
  const parts = emptyUpdate();
  if (plan) {
    addTransition(parts, payment, plan, now); // sets updatedAt and stores the reference
  } else {
    addReference(parts, tx.reference);
    parts.set.push('updatedAt = :now');
    parts.values[':now'] = now;
    // Only while still PENDING: if a webhook settled it first, the answer must say so (below).
    parts.names['#status'] = 'status';
    parts.values[':pending'] = 'PENDING';
    parts.conditions.push('#status = :pending');
    // Still PENDING: the status route's next refresh counts from this answer.
    parts.set.push('lastCheckedAt = :now');
  }
  parts.set.push('#response = :response');
  parts.names['#response'] = 'response';
  parts.values[':response'] = response;
  if (tx.paymentUrl) {
    parts.set.push('paymentUrl = :paymentUrl');
    parts.values[':paymentUrl'] = tx.paymentUrl;
  }
  parts.events.unshift({
    at: now,
    type: 'provider_accepted',
    source: 'initiate',
    reference: tx.reference,
  });
  try {
    const written = await writeUpdate(payment.id, parts);
    if (plan) await afterTransition(written, plan);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // A webhook (linked by callback_info) settled the payment before FeexPay's answer got here.
    return storeSettledResponse(payment, parts.events[0], tx.paymentUrl);
  }
  return { status: 201, body: toPublicPayment(after) };
}

/**
 * The race where FeexPay's webhook settled the payment before initiation recorded its own outcome
 * (FeexPay's answer, or the unknown outcome after a timeout). The caller is answered the payment
 * as it now stands, not the stale PENDING snapshot, and that same answer is stored as the
 * idempotent response (unless one already is), so every replay of the key returns exactly what
 * the first call returned. Costs one consistent read and one write, in the race only.
 */
async function storeSettledResponse(
  payment: Payment,
  event: PaymentEvent | undefined,
  paymentUrl?: string,
): Promise<HttpResult> {
  const current = (await getPayment(payment.id, { consistent: true })) ?? payment;
  const view: Payment = {
    ...current,
    ...(paymentUrl && !current.paymentUrl ? { paymentUrl } : {}),
  };
  const response = storedAnswerOf(view);
  const parts: UpdateParts = emptyUpdate();
  parts.names['#response'] = 'response';
  parts.set.push('#response = if_not_exists(#response, :response)');
  parts.values[':response'] = response;
  if (paymentUrl) {
    parts.set.push('paymentUrl = if_not_exists(paymentUrl, :paymentUrl)');
    parts.values[':paymentUrl'] = paymentUrl;
  }
  if (event) parts.events.push(event);
  logger.info('Payment settled before initiation recorded its outcome', {
    status: current.status,
  });
  const written = await writeUpdate(payment.id, parts);
  const stored = written.response ?? response;
  return {
    status: stored.status,
    body: answerBody(written, stored),
    ...('headers' in stored && stored.headers ? { headers: stored.headers } : {}),
  };
}

/** FeexPay did not give us a transaction: map each error class to what it means for the money. */
async function recordProviderFailure(
  payment: Payment,
  error: unknown,
  correlationId: string,
): Promise<HttpResult> {
  if (
    error instanceof FeexPayUnavailableError ||
    error instanceof FeexPayRejectedError ||
    error instanceof FeexPayAuthError
  ) {
    // FeexPay did not take the request (503, 429, connection refused; a refusal; bad credentials):
    // nobody was charged, the payment fails and can be retried.
    let reason: string;
    let problem: UpstreamError;
    if (error instanceof FeexPayUnavailableError) {
      reason = 'PROVIDER_UNAVAILABLE';
      logger.warn('FeexPay unavailable at initiation', { httpStatus: error.httpStatus });
      problem = new UpstreamError(
        `FeexPay is unavailable; payment ${payment.id} was not started and nobody was charged. Retry it with POST retry/${payment.id}/ shortly.`,
        {
          status: 503,
          code: 'provider_unavailable',
          retryAfterSeconds: PROVIDER_RETRY_AFTER_SECONDS,
        },
      );
    } else if (error instanceof FeexPayRejectedError) {
      reason = error.reason.slice(0, 200) || 'PROVIDER_REJECTED';
      logger.warn('FeexPay rejected the request', { reason, httpStatus: error.httpStatus });
      problem = new UpstreamError(`FeexPay refused payment ${payment.id}: ${reason}`, {
        status: 502,
        code: 'provider_rejected',
      });
    } else {
      reason = 'PROVIDER_AUTH_FAILED';
      logger.error('FeexPay refused our credentials: check the API key and the IP allow-list', {
        httpStatus: (error as FeexPayAuthError).httpStatus,
      });
      problem = new UpstreamError(
        `The payment provider refused the request; payment ${payment.id} was not started.`,
        {
          status: 502,
          code: 'provider_error',
        },
      );
    }
    const response = problemResult(problem, correlationId);
    const plan: TransitionPlan = {
      from: 'PENDING',
      to: 'FAILED',
      source: 'initiate',
      failureReason: reason,
    };
    const now = new Date().toISOString();
    const parts = emptyUpdate();
    addTransition(parts, payment, plan, now);
    parts.names['#response'] = 'response';
    parts.set.push('#response = :response');
    parts.values[':response'] = response;
    try {
      const written = await writeUpdate(payment.id, parts);
      await afterTransition(written, plan);
    } catch (writeError) {
      if (!isConditionFailure(writeError)) throw writeError;
      return storeSettledResponse(payment, undefined);
    }
    return response;
  }
  // Timeout, a 500/502-style answer, junk, or anything unexpected after the request may have
  // left: the outcome is UNKNOWN. Never re-send; answer PENDING and let the webhook or the expiry
  // settle it.
  const unknown =
    error instanceof FeexPayOutcomeUnknownError || error instanceof FeexPayProtocolError
      ? error.name
      : 'UnexpectedError';
  logger.error('Request-to-pay outcome unknown; payment left PENDING', {
    kind: unknown,
    httpStatus: error instanceof FeexPayOutcomeUnknownError ? error.httpStatus : undefined,
    error,
  });
  const now = new Date().toISOString();
  const after: Payment = { ...payment, updatedAt: now };
  const response = storedAnswerOf(after);
  const parts = emptyUpdate();
  parts.set.push('initiationOutcome = :unknown', 'updatedAt = :now', '#response = :response');
  parts.names['#response'] = 'response';
  parts.names['#status'] = 'status';
  parts.values[':unknown'] = 'unknown';
  parts.values[':now'] = now;
  parts.values[':response'] = response;
  parts.values[':pending'] = 'PENDING';
  // Only while still PENDING: FeexPay may have processed the request and its webhook settled the
  // payment while we waited for an answer that never came.
  parts.conditions.push('#status = :pending');
  const event: PaymentEvent = {
    at: now,
    type: 'outcome_unknown',
    source: 'initiate',
    reason: unknown,
  };
  parts.events.push(event);
  try {
    await writeUpdate(payment.id, parts);
  } catch (writeError) {
    if (isConditionFailure(writeError)) return storeSettledResponse(payment, event);
    logger.error('Could not record the unknown outcome', { error: writeError });
  }
  return { status: 201, body: toPublicPayment(after) };
}
