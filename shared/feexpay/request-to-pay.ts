/**
 * Request-to-pay: the POST that makes the customer's phone ring (docs/feexpay-api.md §4). Sent
 * ONCE: FeexPay has no idempotency (§9.4), so after a timeout or a 500-style answer the outcome is
 * unknown and the caller keeps the payment PENDING for the webhook or the expiry to settle.
 */
import { logger, maskPhone } from '../logger.ts';
import type { ValidatedOrder } from '../payments/schemas.ts';
import { type FeexPayTransaction, parseTransaction } from './answers.ts';
import { FeexPayRejectedError } from './errors.ts';
import { failureOf } from './failures.ts';
import { type Answer, type CallOptions, exchange, type FeexPayAccount } from './transport.ts';
import { cleanDescription } from './wire.ts';

/**
 * The order fields FeexPay takes, as our API validated them, plus the network segment and our
 * payment id. Not `email`: no V2 source lists it for this call (docs/feexpay-api.md §4.1, §14.5).
 */
export type RequestToPayInput = Pick<
  ValidatedOrder,
  'amount' | 'phoneNumber' | 'description' | 'firstName' | 'lastName' | 'returnUrl' | 'otp'
> & {
  /** FeexPay's path segment, e.g. `mtn`, `wave_ci` (shared/providers.ts ids). */
  network: string;
  /** Our payment id, sent as `callback_info`: FeexPay echoes it in status answers and webhooks. */
  callbackInfo: string;
  /**
   * The second call of a two-step OTP network (Coris, §7.3): the reference FeexPay gave the first
   * call, sent with the same order and the customer's `otp`.
   */
  reference?: string;
};

/**
 * The JSON body of a V2 request-to-pay: exactly the fields the V2 evidence lists for this call
 * (§4.1), undefined ones left out by JSON.stringify. An unknown field could make FeexPay refuse
 * every payment that carries it.
 */
export function requestToPayBody(input: RequestToPayInput, shopId: string) {
  const description = input.description ? cleanDescription(input.description) : '';
  return {
    phoneNumber: input.phoneNumber, // digits, country code first, no `+` (§3.3)
    amount: input.amount,
    shop: shopId,
    description: description || undefined,
    first_name: input.firstName,
    last_name: input.lastName,
    callback_info: input.callbackInfo,
    return_url: input.returnUrl, // redirect networks (§7.2)
    cancel_url: input.returnUrl,
    otp: input.otp, // OTP networks (§7.3)
    reference: input.reference, // the second call of a two-step OTP network (§7.3)
  };
}

export interface RequestToPaySettings {
  /**
   * @default 25_000 — API Gateway caps a request at 30 s and the initiate handler must still answer.
   */
  requestToPayTimeoutMs?: number;
}

/** Sends one request-to-pay and reads FeexPay's answer; never retried. */
export async function requestToPay(
  account: FeexPayAccount & RequestToPaySettings,
  input: RequestToPayInput,
  { timeoutMs = account.requestToPayTimeoutMs ?? 25_000, signal }: CallOptions,
): Promise<FeexPayTransaction> {
  if (!Number.isInteger(input.amount)) {
    // XOF/XAF have no minor unit and FeexPay's handling of decimals is untested (§9.1).
    throw new FeexPayRejectedError('amount must be an integer');
  }
  const path = `/transactions/public/requesttopay/${encodeURIComponent(input.network)}`;
  const body = requestToPayBody(input, account.shopId);
  const started = Date.now();
  const logContext = {
    network: input.network,
    phone: maskPhone(input.phoneNumber),
    amount: input.amount,
    callbackInfo: input.callbackInfo,
    ...(input.reference ? { reference: input.reference, step: 'otp' } : {}),
  };
  let answer: Answer;
  try {
    answer = await exchange(account, path, body, timeoutMs, signal);
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
    const error = failureOf('requestToPay', answer, account.apiKey);
    logger.warn('FeexPay request-to-pay refused', {
      ...logContext,
      httpStatus: answer.status,
      error: error.name,
      bodyExcerpt: error.bodyExcerpt,
      durationMs,
    });
    throw error;
  }
  // The second call of a two-step OTP network concerns a transaction we know: its answer may
  // omit the reference, and must not name another one.
  const transaction = parseTransaction(answer, account.apiKey, input.reference);
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
