/**
 * The OTP step of a two-step OTP network (Coris, docs/feexpay-api.md §7.3): the request-to-pay
 * went without a code, FeexPay sent the customer one (the payment `awaitingOtp`), and this second
 * call to FeexPay carries it with the first call's reference and the same order. Any caller kind
 * may run it (the customer route `POST {id}/otp/`, a hosted checkout page): the caller loads the
 * payment it may act on and names the scope its Idempotency-Key lives in.
 *
 * Idempotency as for the other writes (docs/payments.md, "The OTP step"): the step is claimed on
 * the payment item by one key (one conditional write); the same key and code replay its answer,
 * another code with that key is 422, a request still in flight 409; another key after a claim is
 * 409 `otp_already_submitted`. Like a request-to-pay, the second call is sent once: after no
 * answer the payment stays PENDING and is followed by its reference.
 */

import { createHash } from 'node:crypto';
import {
  ConflictError,
  ServiceUnavailableError,
  UnprocessableError,
  UpstreamError,
} from '../errors.ts';
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
import type { Language, Localized } from '../http/language.ts';
import { logger } from '../logger.ts';
import { findNetwork } from '../providers.ts';
import {
  IN_FLIGHT_LEASE_SECONDS,
  REPLAYED_HEADER,
  requestHashOf,
  sameRequest,
} from './idempotency.ts';
import {
  answerBody,
  type OtpStep,
  type Payment,
  type StoredResponse,
  storedAnswerOf,
  type TransitionPlan,
  toPublicPayment,
} from './model.ts';
import {
  PROVIDER_RETRY_AFTER_SECONDS,
  problemResult,
  providerTimeoutMs,
  UNAVAILABLE,
} from './start-attempt.ts';
import * as payments from './store.ts';
import { afterTransition, decideTransition } from './transition.ts';

export interface OtpStepInput {
  /** The payment, as its caller may act on it (ownership checked by the caller). */
  payment: Payment;
  /** The code FeexPay sent the customer. Never logged or stored. */
  otp: string;
  /** Where the caller's Idempotency-Key is unique: the customer's id, a checkout's id, … */
  idempotencyScope: string;
  idempotencyKey: string;
  correlationId: string;
  /** The caller's language, for the problems this answers (shared/http/language.ts). */
  language?: Language;
  /** Lambda's remaining time, when known. */
  remainingTimeMs?: number;
  now?: Date;
}

/** sha256 of the scope and the key, 128 bits as base64url: the key is never stored as sent. */
export function otpKeyHash(scope: string, key: string): string {
  return createHash('sha256')
    .update(`${scope}\n${key}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

function notExpected(payment: Payment): ConflictError {
  const why: Localized =
    payment.status !== 'PENDING'
      ? { fr: `est ${payment.status}`, en: `is ${payment.status}` }
      : findNetwork(payment.network)?.flow === 'otp_confirm'
        ? {
            fr: 'n’attend pas de code (FeexPay n’en a pas demandé)',
            en: 'is not waiting for a code (FeexPay has not asked for one)',
          }
        : {
            fr: `passe par ${payment.network}, qui ne prend pas de code après le lancement`,
            en: `is on ${payment.network}, which takes no code after the payment starts`,
          };
  return new ConflictError(
    {
      fr: `Le paiement ${payment.id} ${why.fr} : il n’y a pas de code à envoyer.`,
      en: `Payment ${payment.id} ${why.en}; there is no code to send.`,
    },
    { code: 'otp_not_expected', ids: { paymentId: payment.id } },
  );
}

/**
 * The answer for a payment whose step is already claimed: this key's stored answer (replay), 422
 * for another code, 409 while in flight; or 409 `otp_already_submitted` for another key.
 */
function answerForClaimed(
  payment: Payment,
  step: OtpStep,
  keyHash: string,
  requestHash: string,
  now: Date,
): HttpResult {
  if (step.keyHash !== keyHash) {
    throw new ConflictError(
      {
        fr: `Un code a déjà été envoyé pour le paiement ${payment.id} ; suivez-le avec GET ${payment.id}/status/.`,
        en: `A code was already sent for payment ${payment.id}; follow it with GET ${payment.id}/status/.`,
      },
      { code: 'otp_already_submitted', ids: { paymentId: payment.id } },
    );
  }
  if (!sameRequest(step.requestHash, requestHash)) {
    throw new UnprocessableError(
      {
        fr: 'Cette Idempotency-Key a déjà servi avec un autre code. Utilisez une nouvelle clé pour une nouvelle requête.',
        en: 'This Idempotency-Key was already used with another code. Use a new key for a new request.',
      },
      {
        code: 'idempotency_key_reused',
        fields: [
          {
            field: 'Idempotency-Key',
            message: {
              fr: 'Déjà utilisée avec un autre corps : utilisez une nouvelle clé.',
              en: 'Already used with another body: use a new key.',
            },
          },
        ],
      },
    );
  }
  const replayed = { [REPLAYED_HEADER]: 'true' };
  if (step.response) {
    const stored = step.response;
    return {
      status: stored.status,
      body: answerBody(payment, stored),
      headers: { ...('headers' in stored ? stored.headers : {}), ...replayed },
    };
  }
  const ageSeconds = (now.getTime() - Date.parse(step.at)) / 1000;
  if (ageSeconds < IN_FLIGHT_LEASE_SECONDS) {
    throw new ConflictError(
      {
        fr: 'Une requête avec cette Idempotency-Key est encore en cours ; réessayez bientôt avec la même clé.',
        en: 'A request with this Idempotency-Key is still being processed; retry shortly.',
      },
      {
        code: 'request_in_progress',
        retryAfterSeconds: Math.max(1, Math.ceil(IN_FLIGHT_LEASE_SECONDS - ageSeconds)),
      },
    );
  }
  // The first invocation died before storing its answer: never send the code again.
  return { status: 200, body: toPublicPayment(payment), headers: replayed };
}

/** Sends the customer's code to FeexPay (once) and records what came of it. */
export async function submitOtp(input: OtpStepInput): Promise<HttpResult> {
  const now = input.now ?? new Date();
  const { payment } = input;
  const keyHash = otpKeyHash(input.idempotencyScope, input.idempotencyKey);
  const requestHash = requestHashOf('otp', { paymentId: payment.id, otp: input.otp });
  logger.appendKeys({ paymentId: payment.id, reference: payment.reference });
  try {
    if (payment.otpStep) {
      return answerForClaimed(payment, payment.otpStep, keyHash, requestHash, now);
    }
    if (payment.status !== 'PENDING' || !payment.awaitingOtp || !payment.reference) {
      throw notExpected(payment);
    }
    let client: FeexPayClient;
    try {
      client = await feexPayClient();
    } catch (error) {
      logger.error('FeexPay client unavailable (secret or settings)', { error });
      throw new ServiceUnavailableError(UNAVAILABLE);
    }
    const step: OtpStep = { keyHash, requestHash, at: now.toISOString() };
    const claim = await payments.claimOtpStep(payment.id, step, 'otp');
    if (!claim.claimed) {
      const current = claim.existing ?? payment;
      if (current.otpStep)
        return answerForClaimed(current, current.otpStep, keyHash, requestHash, now);
      throw notExpected(current);
    }
    return await sendCode(client, claim.payment, input, keyHash);
  } finally {
    logger.removeKeys(['paymentId', 'reference']);
  }
}

async function sendCode(
  client: FeexPayClient,
  payment: Payment,
  input: OtpStepInput,
  keyHash: string,
): Promise<HttpResult> {
  const reference = payment.reference as string;
  let tx: FeexPayTransaction;
  try {
    tx = await client.requestToPay(
      {
        network: payment.network,
        phoneNumber: payment.phoneNumber,
        amount: payment.amount,
        callbackInfo: payment.id,
        ...(payment.description ? { description: payment.description } : {}),
        ...(payment.firstName ? { firstName: payment.firstName } : {}),
        ...(payment.lastName ? { lastName: payment.lastName } : {}),
        ...(payment.returnUrl ? { returnUrl: payment.returnUrl } : {}),
        otp: input.otp,
        reference,
      },
      { timeoutMs: providerTimeoutMs(input.remainingTimeMs) },
    );
  } catch (error) {
    return recordFailure(payment, error, input, keyHash);
  }
  const decision = decideTransition(payment, evidenceOf(tx), 'otp');
  if (decision.kind === 'rejected') {
    logger.warn('Answer to the code not applied', {
      rejected: decision.rejected,
      detail: decision.detail,
    });
  }
  return record(payment, keyHash, decision.kind === 'transition' ? decision.plan : undefined);
}

/** One write: the step's answer (and the transition when FeexPay's answer is final). */
async function record(
  payment: Payment,
  keyHash: string,
  plan: TransitionPlan | undefined,
  options: { unknown?: string; problem?: Extract<StoredResponse, { body: unknown }> } = {},
): Promise<HttpResult> {
  const now = new Date().toISOString();
  const { awaitingOtp: _done, ...rest } = payment;
  const after: Payment = {
    ...rest,
    updatedAt: now,
    ...(plan ? { status: plan.to } : {}),
    ...(plan?.failureReason ? { failureReason: plan.failureReason } : {}),
    ...(plan?.failureCode ? { failureCode: plan.failureCode } : {}),
  };
  const response = options.problem ?? storedAnswerOf(after, 200);
  const written = await payments.recordOtpAnswer(
    payment,
    {
      keyHash,
      response,
      ...(plan ? { transition: plan } : {}),
      ...(options.unknown ? { unknown: options.unknown } : {}),
    },
    now,
  );
  if (!written) {
    // A webhook settled the payment while FeexPay answered: the payment as it now stands.
    const current = (await payments.get(payment.id, { consistent: true })) ?? payment;
    const settled = storedAnswerOf(current, 200);
    const stored = await payments.recordOtpSettledAnswer(payment.id, keyHash, settled);
    const answer = stored?.otpStep?.response ?? settled;
    return {
      status: answer.status,
      body: answerBody(stored ?? current, answer),
      ...('headers' in answer && answer.headers ? { headers: answer.headers } : {}),
    };
  }
  if (plan) await afterTransition(written, plan);
  if ('body' in response) {
    return { status: response.status, body: response.body, headers: response.headers ?? {} };
  }
  return { status: 200, body: toPublicPayment(after) };
}

/** FeexPay gave no transaction for the code: what each error class means for the payment. */
async function recordFailure(
  payment: Payment,
  error: unknown,
  input: OtpStepInput,
  keyHash: string,
): Promise<HttpResult> {
  if (error instanceof FeexPayUnavailableError || error instanceof FeexPayAuthError) {
    // FeexPay did not take the code: give the step back, so the customer can send it again.
    const auth = error instanceof FeexPayAuthError;
    if (auth) {
      logger.error('FeexPay refused our credentials: check the API key and the IP allow-list', {
        httpStatus: error.httpStatus,
      });
    } else {
      logger.warn('FeexPay unavailable at the OTP step', { httpStatus: error.httpStatus });
    }
    await payments.releaseOtpStep(
      payment.id,
      keyHash,
      auth ? 'PROVIDER_AUTH_FAILED' : 'PROVIDER_UNAVAILABLE',
      new Date().toISOString(),
    );
    // Not stored: the step was given back, so the same key may send the code again.
    const problem = auth
      ? new UpstreamError(
          {
            fr: `Le prestataire de paiement a refusé la requête ; le code du paiement ${payment.id} n’a pas été envoyé. Réessayez plus tard.`,
            en: `The payment provider refused the request; the code for payment ${payment.id} was not sent. Try again later.`,
          },
          { status: 502, code: 'provider_error' },
        )
      : new UpstreamError(
          {
            fr: `FeexPay est indisponible ; le code du paiement ${payment.id} n’a pas été envoyé. Renvoyez-le bientôt.`,
            en: `FeexPay is unavailable; the code for payment ${payment.id} was not sent. Send it again shortly.`,
          },
          {
            status: 503,
            code: 'provider_unavailable',
            retryAfterSeconds: PROVIDER_RETRY_AFTER_SECONDS,
          },
        );
    const answer = problemResult(
      problem,
      input.correlationId,
      {
        paymentId: payment.id,
        failureCode: auth ? 'provider_rejected' : 'provider_unavailable',
      },
      input.language,
    );
    return { status: answer.status, body: answer.body, headers: answer.headers ?? {} };
  }
  if (error instanceof FeexPayRejectedError) {
    // FeexPay refused the code (or the call): the payment FAILED, as FeexPay reported it.
    const reason = error.reason.slice(0, 200) || 'PROVIDER_REJECTED';
    logger.warn('FeexPay refused the code', {
      reason,
      failureCode: error.failureCode,
      httpStatus: error.httpStatus,
    });
    const plan: TransitionPlan = {
      from: 'PENDING',
      to: 'FAILED',
      source: 'otp',
      failureReason: reason,
      failureCode: error.failureCode,
    };
    const problem = problemResult(
      new UpstreamError(
        {
          fr: `FeexPay a refusé le code du paiement ${payment.id} : ${reason}`,
          en: `FeexPay refused the code for payment ${payment.id}: ${reason}`,
        },
        {
          status: 502,
          code: 'provider_rejected',
        },
      ),
      input.correlationId,
      { paymentId: payment.id, failureCode: error.failureCode },
      input.language,
    );
    return record(payment, keyHash, plan, { problem });
  }
  // No answer, a 5xx or junk: FeexPay may have taken the code. Never send it again; the payment
  // stays PENDING, followed by its reference (status route, reconciler, webhook).
  const unknown =
    error instanceof FeexPayOutcomeUnknownError || error instanceof FeexPayProtocolError
      ? error.name
      : 'UnexpectedError';
  logger.error('Outcome of the code unknown; payment left PENDING', { kind: unknown, error });
  return record(payment, keyHash, undefined, { unknown });
}
