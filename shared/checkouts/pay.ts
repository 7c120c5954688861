/**
 * POST checkouts/{id}/pay/ (public: the checkout id is the capability): one attempt to pay the
 * checkout, with the customer's network and number. The amount and currency are the checkout's;
 * the attempt is a payment with a checkout link, started by the same `startAttempt` as initiate
 * (idempotent on the Idempotency-Key, FeexPay called once). Before the payment is created the
 * attempt claims the checkout with a conditional write, so only one attempt is live at a time and
 * none starts once the checkout is PAID, CANCELED or expired (docs/checkout.md, "Rules").
 */

import * as config from '../config.ts';
import { type FieldIssue, invalidFields } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import type { Language } from '../http/language.ts';
import { logger, maskPhone } from '../logger.ts';
import { answerForExisting, paymentIdFor, requestHashOf } from '../payments/idempotency.ts';
import { otpFieldProblem, type ValidatedOrder } from '../payments/schemas.ts';
import { startAttempt } from '../payments/start-attempt.ts';
import * as payments from '../payments/store.ts';
import {
  countriesOf,
  findNetwork,
  type Network,
  normalizePhone,
  phoneNumberHint,
} from '../providers.ts';
import { attemptInProgress, checkoutClosed, checkoutNotFound, tooManyAttempts } from './errors.ts';
import { type Checkout, checkoutOwner, isCheckoutId, isClosed, MAX_ATTEMPTS } from './model.ts';
import { endedOrThrow } from './read.ts';
import type { PayCheckoutBody } from './schemas.ts';
import { closeIfExpired } from './settle.ts';
import * as checkouts from './store.ts';

export interface PayCheckoutInput {
  checkoutId: string;
  idempotencyKey: string;
  body: PayCheckoutBody;
  correlationId: string;
  /** The caller's language, for the problems this answers (shared/http/language.ts). */
  language?: Language;
  remainingTimeMs?: number;
  now?: Date;
}

/** The pay request as validated: what the request hash covers. */
interface PayRequest {
  checkoutId: string;
  network: string;
  phoneNumber: string;
  otp?: string;
}

export async function payCheckout(input: PayCheckoutInput): Promise<HttpResult> {
  const now = input.now ?? new Date();
  const { checkoutId } = input;
  if (!isCheckoutId(checkoutId)) throw checkoutNotFound(checkoutId);
  const owner = checkoutOwner(checkoutId);
  const attemptId = paymentIdFor(owner, input.idempotencyKey);
  // In parallel, both consistent: whether this key made an attempt already decides the answer.
  const [checkout, existing] = await Promise.all([
    checkouts.get(checkoutId, { consistent: true }),
    payments.get(attemptId, { consistent: true }),
  ]);
  if (!checkout) throw checkoutNotFound(checkoutId);
  const { network, request } = validatePay(checkout, input.body);
  // This key started an attempt before: its answer again (422 for another body), whatever the
  // checkout's state now.
  if (existing) return answerForExisting(existing, requestHashOf('pay', request), now);
  if (isClosed(checkout, now)) {
    await closeIfExpired(checkout, now);
    throw checkoutClosed(checkout);
  }
  await claim(checkout, attemptId, network, request.phoneNumber, now);
  logger.info('Checkout attempt claimed', { checkoutId, paymentId: attemptId });
  const order: ValidatedOrder = {
    network,
    amount: checkout.amount,
    currency: checkout.currency,
    phoneNumber: request.phoneNumber,
    ...(checkout.description ? { description: checkout.description } : {}),
    ...(checkout.customer?.firstName ? { firstName: checkout.customer.firstName } : {}),
    ...(checkout.customer?.lastName ? { lastName: checkout.customer.lastName } : {}),
    ...(checkout.customer?.email ? { email: checkout.customer.email } : {}),
    // Redirect networks bring the customer back to the page, which shows the outcome.
    returnUrl: checkout.url,
    ...(checkout.metadata ? { metadata: checkout.metadata } : {}),
    ...(request.otp ? { otp: request.otp } : {}),
  };
  return startAttempt({
    userId: owner,
    idempotencyKey: input.idempotencyKey,
    route: 'pay',
    request,
    order,
    checkout: {
      checkoutId,
      orderId: checkout.orderId,
      maxPendingSeconds: config.checkoutAttemptMaxPendingSeconds(),
    },
    correlationId: input.correlationId,
    ...(input.language ? { language: input.language } : {}),
    ...(input.remainingTimeMs !== undefined ? { remainingTimeMs: input.remainingTimeMs } : {}),
  });
}

/** The network (one of the checkout's), the number in FeexPay's form, the code where needed. */
function validatePay(
  checkout: Checkout,
  body: PayCheckoutBody,
): { network: Network; request: PayRequest } {
  const network = checkout.networks.includes(body.network) ? findNetwork(body.network) : undefined;
  if (!network) {
    const ids = checkout.networks.join(', ');
    throw invalidFields([
      {
        field: 'network',
        message: {
          fr: `Ce paiement se fait avec : ${ids}.`,
          en: `This checkout takes ${ids}.`,
        },
      },
    ]);
  }
  const fields: FieldIssue[] = [];
  // A card payer's number may be of any country the card method is offered in: the page sends it
  // with its dial code, so the first country it fits is the right one.
  const phoneNumber = countriesOf(network)
    .map((country) => normalizePhone(body.phoneNumber, country))
    .find(Boolean);
  if (!phoneNumber) {
    const codes = network.offeredIn?.map((c) => `+${c.dialCode}`).join(', ');
    fields.push({
      field: 'phoneNumber',
      message: codes
        ? {
            fr: `Envoyez le numéro du payeur avec son indicatif (${codes}).`,
            en: `Send the payer's number with its country code (${codes}).`,
          }
        : phoneNumberHint(network.country),
    });
  }
  const otpProblem = otpFieldProblem(network, body.otp);
  if (otpProblem) {
    const path = `POST checkouts/${checkout.id}/otp/`;
    fields.push({
      field: 'otp',
      message: {
        fr: otpProblem.fr.replace('POST {id}/otp/', path),
        en: otpProblem.en.replace('POST {id}/otp/', path),
      },
    });
  }
  if (fields.length > 0 || !phoneNumber) throw invalidFields(fields);
  return {
    network,
    request: {
      checkoutId: checkout.id,
      network: network.id,
      phoneNumber,
      ...(body.otp ? { otp: body.otp } : {}),
    },
  };
}

/**
 * Claims the checkout for this attempt (`claimAttempt`). When another attempt is live, it is
 * looked at: still possible (PENDING, or claimed within the in-flight lease) is 409
 * `attempt_in_progress` naming it; over, it is recorded (which frees the checkout, or pays it)
 * and the claim is tried again. A lost race reads again and decides again, a few times at most.
 */
async function claim(
  checkout: Checkout,
  attemptId: string,
  network: Network,
  phoneNumber: string,
  now: Date,
): Promise<void> {
  let current = checkout;
  for (let round = 1; ; round++) {
    if (current.liveAttempt === attemptId) return; // the same key, racing itself: its Put decides
    if (isClosed(current, now)) throw checkoutClosed(current);
    if (current.attempts.length >= MAX_ATTEMPTS) throw tooManyAttempts(current.id, MAX_ATTEMPTS);
    if (current.liveAttempt) {
      await endedOrThrow(current, current.liveAttempt, now);
    } else {
      const written = await checkouts.claimAttempt(
        current.id,
        {
          paymentId: attemptId,
          network: network.id,
          status: 'PENDING',
          phoneNumber: maskPhone(phoneNumber),
          createdAt: now.toISOString(),
        },
        now,
        MAX_ATTEMPTS,
      );
      if (written) return;
    }
    const fresh = await checkouts.get(current.id, { consistent: true });
    if (!fresh) throw checkoutNotFound(current.id);
    if (round >= 3) {
      logger.warn('Checkout claim lost repeatedly', { checkoutId: current.id, attemptId });
      throw isClosed(fresh, now)
        ? checkoutClosed(fresh)
        : attemptInProgress(fresh.id, fresh.liveAttempt);
    }
    current = fresh;
  }
}
