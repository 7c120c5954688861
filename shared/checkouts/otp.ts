/**
 * POST checkouts/{id}/otp/ (public: the checkout id is the capability): the code FeexPay sent the
 * customer of a two-step OTP network (Coris), for the checkout's latest attempt. The attempt is a
 * payment, so this is the payments' own OTP step (shared/payments/otp.ts `submitOtp`: FeexPay asked
 * once, the step claimed with one conditional write, idempotent on the Idempotency-Key), with the
 * checkout as the scope of the key, as for its attempts. What FeexPay answers settles the attempt,
 * and so the checkout, through the usual transition.
 */

import { ConflictError } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import type { Language } from '../http/language.ts';
import { submitOtp } from '../payments/otp.ts';
import * as payments from '../payments/store.ts';
import { checkoutNotFound } from './errors.ts';
import { checkoutOwner, isCheckoutId } from './model.ts';
import * as checkouts from './store.ts';

export interface CheckoutOtpInput {
  checkoutId: string;
  otp: string;
  idempotencyKey: string;
  correlationId: string;
  /** The caller's language, for the problems this answers (shared/http/language.ts). */
  language?: Language;
  remainingTimeMs?: number;
  now?: Date;
}

export async function submitCheckoutOtp(input: CheckoutOtpInput): Promise<HttpResult> {
  const { checkoutId } = input;
  if (!isCheckoutId(checkoutId)) throw checkoutNotFound(checkoutId);
  const checkout = await checkouts.get(checkoutId, { consistent: true });
  if (!checkout) throw checkoutNotFound(checkoutId);
  // The live attempt, or the one that just ended (a repeated request replays its answer).
  const paymentId = checkout.liveAttempt ?? checkout.attempts.at(-1)?.paymentId;
  const payment = paymentId ? await payments.get(paymentId, { consistent: true }) : undefined;
  if (!payment || payment.checkoutId !== checkoutId) {
    throw new ConflictError(
      {
        fr: `Le paiement en ligne ${checkoutId} n’a pas de tentative qui attend un code : payez-le d’abord (POST checkouts/${checkoutId}/pay/).`,
        en: `Checkout ${checkoutId} has no attempt waiting for a code: pay it first (POST checkouts/${checkoutId}/pay/).`,
      },
      { code: 'otp_not_expected', ids: { checkoutId } },
    );
  }
  try {
    return await submitOtp({
      payment,
      otp: input.otp,
      idempotencyScope: checkoutOwner(checkoutId),
      idempotencyKey: input.idempotencyKey,
      correlationId: input.correlationId,
      ...(input.language ? { language: input.language } : {}),
      ...(input.remainingTimeMs !== undefined ? { remainingTimeMs: input.remainingTimeMs } : {}),
      ...(input.now ? { now: input.now } : {}),
    });
  } catch (error) {
    // The payments' wording names their own routes; a checkout's payer follows the checkout.
    if (error instanceof ConflictError && error.code === 'otp_already_submitted') {
      throw new ConflictError(
        {
          fr: `Un code a déjà été envoyé pour cette tentative ; suivez-la avec GET checkouts/${checkoutId}/public/.`,
          en: `A code was already sent for this attempt; follow it with GET checkouts/${checkoutId}/public/.`,
        },
        { code: 'otp_already_submitted', ids: { checkoutId, paymentId: payment.id } },
      );
    }
    throw error;
  }
}
