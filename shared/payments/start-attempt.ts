/**
 * The `startAttempt` use case, shared by POST initiate/ and POST retry/{id}/: create the payment
 * PENDING (the item is its own idempotency record), call FeexPay's request-to-pay once, record
 * what came of it. Outcomes per FeexPay answer, and why an unknown outcome is never re-sent:
 * docs/payments.md, "`POST initiate/`".
 */

import { phoneHashOf } from '../back-office/phone.ts';
import * as config from '../config.ts';
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
import type { Language } from '../http/language.ts';
import { problemResponse } from '../http/problem.ts';
import { logger, maskPhone } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import type { FailureCode } from './failure-codes.ts';
import { answerForExisting, paymentIdFor, requestHashOf } from './idempotency.ts';
import {
  acceptedEvent,
  answerBody,
  type EventSource,
  type Payment,
  type PaymentEvent,
  type StoredResponse,
  storedAnswerOf,
  type TransitionPlan,
  toPublicPayment,
  unknownOutcomeEvent,
} from './model.ts';
import type { ValidatedOrder } from './schemas.ts';
import * as payments from './store.ts';
import { afterTransition, decideTransition } from './transition.ts';

/** Kept back from the Lambda's remaining time to record the answer and reply. */
export const ANSWER_RESERVE_MS = 3_000;
/** Retry-After suggested when FeexPay is down. */
export const PROVIDER_RETRY_AFTER_SECONDS = 30;

export interface StartAttemptInput {
  userId: string;
  idempotencyKey: string;
  /** `initiate`, `retry` or `pay` (a checkout's): part of the request hash, so one key cannot serve two. */
  route: 'initiate' | 'retry' | 'pay';
  /** What the caller sent, validated (the request hash covers it). */
  request: unknown;
  order: ValidatedOrder;
  retryOf?: string;
  /** The first payment of a retry's chain (retry.ts). */
  retryRoot?: string;
  /** For a checkout's attempt: the checkout and its order (carried by the payment and its events). */
  checkout?: { checkoutId: string; orderId: string; maxPendingSeconds: number };
  correlationId: string;
  /** The caller's language, for the problems this answers (shared/http/language.ts). */
  language?: Language;
  /** Lambda's remaining time, when known. */
  remainingTimeMs?: number;
  /** Runs once, right after the payment was created (not on replays): links a retry. */
  onCreated?: (payment: Payment) => Promise<void>;
  now?: Date;
}

/** Our settings (the FeexPay secret) could not be read: nothing was written, nobody charged. */
export const UNAVAILABLE = {
  fr: 'Les paiements sont momentanément indisponibles ; réessayez bientôt.',
  en: 'Payments are temporarily unavailable; try again shortly.',
};

/**
 * The FeexPay timeout for this invocation: min(FEEXPAY_REQUEST_TIMEOUT_MS, max(1 s, remaining − 3 s)).
 */
export function providerTimeoutMs(remainingTimeMs: number | undefined): number {
  const max = config.feexPayRequestTimeoutMs();
  if (remainingTimeMs === undefined) return max;
  return Math.min(max, Math.max(1_000, remainingTimeMs - ANSWER_RESERVE_MS));
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
    ...(input.retryRoot ? { retryRoot: input.retryRoot } : {}),
    ...(input.checkout ? input.checkout : {}),
    createdAt: now,
    updatedAt: now,
    requestHash,
    events: [{ at: now, type: 'created', source: input.route as EventSource }],
  };
}

/**
 * A problem answer in the shape the handler wrapper would give it, kept so a replay returns it
 * verbatim; with the payment's id and failure code as extension members (RFC 9457 §3.2), so a
 * page can show the payer the text for it.
 */
export function problemResult(
  error: UpstreamError,
  correlationId: string,
  extensions: { paymentId: string; failureCode: FailureCode },
  language: Language = 'en',
): Extract<StoredResponse, { body: unknown }> {
  const response = problemResponse(error, correlationId, language);
  const { 'x-correlation-id': _omit, ...headers } = response.headers;
  const body = { ...(JSON.parse(String(response.body)) as object), ...extensions };
  return { status: response.statusCode, body, headers };
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
      throw new ServiceUnavailableError(UNAVAILABLE);
    }
    const payment = newPayment(input, id, requestHash, now.toISOString());
    const created = await payments.create(payment, {
      phoneHash: await phoneHashOf(payment.phoneNumber),
    });
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
  if (order.network.flow === 'card') return startCardPayment(client, payment, input);
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
        ...(order.returnUrl ? { returnUrl: order.returnUrl } : {}),
        ...(order.otp && order.network.flow === 'otp' ? { otp: order.otp } : {}),
      },
      { timeoutMs: providerTimeoutMs(input.remainingTimeMs) },
    );
  } catch (error) {
    return recordProviderFailure(payment, error, input.correlationId, input.language);
  }
  logger.appendKeys({ reference: tx.reference });
  return recordProviderAnswer(payment, tx, order.network.flow === 'otp_confirm');
}

/**
 * How long a card page may be used, in minutes: until the payment, still without a reference,
 * expires (PAYMENT_UNCONFIRMED_EXPIRY_SECONDS, or a checkout attempt's shorter age), so a page
 * never outlives the payment it pays (docs/cards.md).
 */
export function cardPageMinutes(maxPendingSeconds: number | undefined): number {
  const seconds = Math.min(
    config.paymentUnconfirmedExpirySeconds(),
    maxPendingSeconds ?? Number.POSITIVE_INFINITY,
  );
  return Math.max(1, Math.ceil(seconds / 60));
}

/**
 * A card payment: FeexPay makes a FeexLink page for the exact amount, with our payment id as
 * `custom_id` and the customer's way back (docs/cards.md). The answer is the payment PENDING with
 * the page as `paymentUrl`. No call to FeexPay's card page yet means nobody can pay: every error
 * fails the payment (retryable), none leaves its outcome unknown.
 */
async function startCardPayment(
  client: FeexPayClient,
  payment: Payment,
  input: StartAttemptInput,
): Promise<HttpResult> {
  const { order } = input;
  let url: string;
  try {
    ({ url } = await client.createFeexLink(
      {
        amount: order.amount,
        description: order.description,
        customId: payment.id,
        returnUrl: order.returnUrl as string, // required for cards (validateOrder), set by checkouts
        expireInMinutes: cardPageMinutes(input.checkout?.maxPendingSeconds),
      },
      { timeoutMs: Math.min(10_000, providerTimeoutMs(input.remainingTimeMs)) },
    ));
  } catch (error) {
    const known =
      error instanceof FeexPayRejectedError || error instanceof FeexPayAuthError
        ? error
        : new FeexPayUnavailableError(
            `FeexPay made no card page (${error instanceof Error ? error.name : 'error'})`,
          );
    if (known !== error) logger.warn('FeexLink request failed; nobody was charged', { error });
    return recordProviderFailure(payment, known, input.correlationId, input.language);
  }
  const now = new Date().toISOString();
  const after: Payment = { ...payment, paymentUrl: url, updatedAt: now };
  const written = await payments.recordCardPage(
    payment.id,
    { paymentUrl: url, response: storedAnswerOf(after) },
    now,
  );
  if (!written) return storeSettledResponse(payment, undefined, url);
  logger.info('Card page created', { paymentId: payment.id });
  return { status: 201, body: toPublicPayment(after) };
}

/**
 * FeexPay answered with a transaction: ONE UpdateItem stores it (and a final status, if any). On a
 * two-step OTP network a PENDING first answer means FeexPay sent the customer a code: the payment
 * awaits it (`awaitingOtp`, POST {id}/otp/).
 */
async function recordProviderAnswer(
  payment: Payment,
  tx: FeexPayTransaction,
  twoStepOtp: boolean,
): Promise<HttpResult> {
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
  const awaitingOtp = twoStepOtp && !plan;
  const after: Payment = {
    ...payment,
    reference: tx.reference,
    updatedAt: now,
    lastCheckedAt: now,
    ...(tx.paymentUrl ? { paymentUrl: tx.paymentUrl } : {}),
    ...(tx.orderId ? { providerOrderId: tx.orderId } : {}),
    ...(awaitingOtp ? { awaitingOtp: true } : {}),
    ...(plan ? { status: plan.to } : {}),
    ...(plan?.failureReason ? { failureReason: plan.failureReason } : {}),
    ...(plan?.failureCode ? { failureCode: plan.failureCode } : {}),
  };
  const written = await payments.recordProviderAnswer(
    payment,
    {
      reference: tx.reference,
      response: storedAnswerOf(after),
      ...(tx.paymentUrl ? { paymentUrl: tx.paymentUrl } : {}),
      ...(tx.orderId ? { providerOrderId: tx.orderId } : {}),
      ...(awaitingOtp ? { awaitingOtp: true } : {}),
      ...(plan ? { transition: plan } : {}),
    },
    now,
  );
  if (!written) {
    // A webhook (linked by callback_info) settled the payment before FeexPay's answer got here.
    return storeSettledResponse(
      payment,
      acceptedEvent(tx.reference, 'initiate', now),
      tx.paymentUrl,
    );
  }
  if (plan) await afterTransition(written, plan);
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
  const current = (await payments.get(payment.id, { consistent: true })) ?? payment;
  const view: Payment = {
    ...current,
    ...(paymentUrl && !current.paymentUrl ? { paymentUrl } : {}),
  };
  const response = storedAnswerOf(view);
  logger.info('Payment settled before initiation recorded its outcome', {
    status: current.status,
  });
  const written = await payments.recordSettledAnswer(payment.id, {
    response,
    ...(paymentUrl ? { paymentUrl } : {}),
    ...(event ? { event } : {}),
  });
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
  language: Language | undefined,
): Promise<HttpResult> {
  if (
    error instanceof FeexPayUnavailableError ||
    error instanceof FeexPayRejectedError ||
    error instanceof FeexPayAuthError
  ) {
    // FeexPay did not take the request (503, 429, connection refused; a refusal; bad credentials):
    // nobody was charged, the payment fails and can be retried.
    let reason: string;
    let failureCode: FailureCode;
    let problem: UpstreamError;
    if (error instanceof FeexPayUnavailableError) {
      reason = 'PROVIDER_UNAVAILABLE';
      failureCode = 'provider_unavailable';
      logger.warn('FeexPay unavailable at initiation', { httpStatus: error.httpStatus });
      problem = new UpstreamError(
        {
          fr: `FeexPay est indisponible ; le paiement ${payment.id} n’a pas été lancé et personne n’a été débité. Relancez-le bientôt avec POST retry/${payment.id}/.`,
          en: `FeexPay is unavailable; payment ${payment.id} was not started and nobody was charged. Retry it with POST retry/${payment.id}/ shortly.`,
        },
        {
          status: 503,
          code: 'provider_unavailable',
          retryAfterSeconds: PROVIDER_RETRY_AFTER_SECONDS,
        },
      );
    } else if (error instanceof FeexPayRejectedError) {
      reason = error.reason.slice(0, 200) || 'PROVIDER_REJECTED';
      failureCode = error.failureCode;
      logger.warn('FeexPay rejected the request', {
        reason,
        failureCode,
        httpStatus: error.httpStatus,
      });
      problem = new UpstreamError(
        {
          fr: `FeexPay a refusé le paiement ${payment.id} : ${reason}`,
          en: `FeexPay refused payment ${payment.id}: ${reason}`,
        },
        {
          status: 502,
          code: 'provider_rejected',
        },
      );
    } else {
      reason = 'PROVIDER_AUTH_FAILED';
      failureCode = 'provider_rejected';
      logger.error('FeexPay refused our credentials: check the API key and the IP allow-list', {
        httpStatus: (error as FeexPayAuthError).httpStatus,
      });
      problem = new UpstreamError(
        {
          fr: `Le prestataire de paiement a refusé la requête ; le paiement ${payment.id} n’a pas été lancé.`,
          en: `The payment provider refused the request; payment ${payment.id} was not started.`,
        },
        {
          status: 502,
          code: 'provider_error',
        },
      );
    }
    const response = problemResult(
      problem,
      correlationId,
      { paymentId: payment.id, failureCode },
      language,
    );
    const plan: TransitionPlan = {
      from: 'PENDING',
      to: 'FAILED',
      source: 'initiate',
      failureReason: reason,
      failureCode,
    };
    const now = new Date().toISOString();
    const written = await payments.recordLocalFailure(payment, plan, response, now);
    // Settled by its webhook meanwhile, or linked to FeexPay's transaction by one (then FeexPay
    // did take it after all): the payment as it now stands is the answer.
    if (!written) return storeSettledResponse(payment, undefined);
    await afterTransition(written, plan);
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
  // Only while still PENDING: FeexPay may have processed the request and its webhook settled the
  // payment while we waited for an answer that never came.
  let recorded = true;
  try {
    recorded = await payments.recordUnknownOutcome(
      payment.id,
      { reason: unknown, response: storedAnswerOf(after) },
      now,
    );
  } catch (writeError) {
    logger.error('Could not record the unknown outcome', { error: writeError });
  }
  if (!recorded) return storeSettledResponse(payment, unknownOutcomeEvent(unknown, now));
  return { status: 201, body: toPublicPayment(after) };
}
