/**
 * POST retry/{id}/: a FAILED or EXPIRED payment gets a new attempt with a new id (from the new
 * Idempotency-Key), its order copied, linked to it (`retryOf`) and to the first payment of the
 * chain (`retryRoot`), which lists every attempt (`attempts`). The chain has one root, and the root
 * holds the claim: one live attempt per chain, and none once any attempt of the chain paid, whichever
 * payment of the chain is retried. The store's `claimRetry` claims the root before the attempt is
 * created, so a second retry while one is live gets 409 `retry_in_progress`
 * (docs/payments.md, "POST retry/{id}/").
 */

import { ConflictError, invalidFields } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import type { Language, Localized } from '../http/language.ts';
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
  /** The caller's language, for the problems this answers (shared/http/language.ts). */
  language?: Language;
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
    throw notRetryable(original.id, {
      fr: `Le paiement ${original.id} est PENDING, en attente ${original.reference ? 'du code du client' : 'de la réponse de FeexPay'} ; sans réponse, il expire le ${at} et pourra alors être relancé.`,
      en: `Payment ${original.id} is PENDING, waiting for ${original.reference ? 'the customer’s code' : 'FeexPay’s answer'}; if nothing comes it expires at ${at} and can be retried then.`,
    });
  }
  if (original.status !== 'FAILED' && original.status !== 'EXPIRED') {
    throw notRetryable(original.id, onlyFailedOrExpired(original.id, original.status));
  }
  const network = findNetwork(original.network);
  if (!network) {
    throw notRetryable(original.id, {
      fr: `Le réseau ${original.network} n’est plus proposé.`,
      en: `Network ${original.network} is no longer offered.`,
    });
  }
  const otpProblem = otpFieldProblem(network, input.body.otp);
  if (otpProblem) {
    throw invalidFields([{ field: 'otp', message: otpProblem }]);
  }
  const root = await rootOf(original);
  await claim(root, attemptId, now);
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
    retryRoot: root.id,
    correlationId: input.correlationId,
    ...(input.language ? { language: input.language } : {}),
    ...(input.remainingTimeMs !== undefined ? { remainingTimeMs: input.remainingTimeMs } : {}),
  });
}

function notRetryable(paymentId: string, detail: Localized): ConflictError {
  return new ConflictError(detail, { code: 'payment_not_retryable', ids: { paymentId } });
}

function onlyFailedOrExpired(id: string, status: string): Localized {
  return {
    fr: `Le paiement ${id} est ${status} ; seuls les paiements FAILED ou EXPIRED peuvent être relancés.`,
    en: `Payment ${id} is ${status}; only FAILED or EXPIRED payments can be retried.`,
  };
}

/** `paymentId`: the payment the caller asked to retry; `activeAttempt`: its live retry. */
function retryInProgress(original: Payment, attemptId: string): ConflictError {
  return new ConflictError(
    {
      fr: `Le paiement ${original.id} a déjà une relance en cours : ${attemptId}. Suivez-la avec GET ${attemptId}/status/ ; ne relancez qu’une fois qu’elle est FAILED ou EXPIRED.`,
      en: `Payment ${original.id} already has a retry in progress: ${attemptId}. Follow it with GET ${attemptId}/status/; retry again only once it has FAILED or EXPIRED.`,
    },
    { code: 'retry_in_progress', ids: { paymentId: original.id, activeAttempt: attemptId } },
  );
}

/** Payments a chain holds at most (the walk up an old chain stops there). */
const MAX_CHAIN = 50;

/**
 * The first payment of `payment`'s chain (its `retryRoot`; for a retry made before roots were
 * recorded, reached by walking `retryOf` up), read consistently: it holds the chain's claim.
 */
async function rootOf(payment: Payment): Promise<Payment> {
  if (payment.retryRoot) {
    return (await payments.get(payment.retryRoot, { consistent: true })) ?? payment;
  }
  let current = payment;
  for (let depth = 0; current.retryOf && depth < MAX_CHAIN; depth++) {
    const parent = await payments.get(current.retryOf, { consistent: true });
    if (!parent) break;
    current = parent;
  }
  return current;
}

/**
 * Every retry of the chain rooted at `root`: those it lists, and (chains made before the root
 * held the claim) the retries each of those lists. One BatchGetItem per level.
 */
async function chainOf(root: Payment): Promise<Payment[]> {
  const found: Payment[] = [];
  let next = root.attempts ?? [];
  while (next.length > 0 && found.length < MAX_CHAIN) {
    const level = await payments.getMany(next);
    found.push(...level);
    const seen = new Set([root.id, ...found.map((p) => p.id)]);
    next = level.flatMap((p) => p.attempts ?? []).filter((id) => !seen.has(id));
  }
  return found;
}

/**
 * Throws unless every attempt of the chain (`root` and its retries) is over and unpaid: a
 * SUCCESSFUL one paid the order; a PENDING one, or the root's last claim not created yet (within
 * the in-flight lease), is live.
 */
async function checkPreviousAttempt(root: Payment, now: Date): Promise<void> {
  const previous = root.activeAttempt;
  // The root's last claim, consistently (a list read may not see it yet); the rest as listed.
  const [latest, chain] = await Promise.all([
    previous ? payments.get(previous, { consistent: true }) : undefined,
    chainOf(root),
  ]);
  const attempts = latest ? [latest, ...chain.filter((p) => p.id !== latest.id)] : chain;
  const paid = attempts.find((p) => p.status === 'SUCCESSFUL');
  if (paid) {
    throw notRetryable(root.id, {
      fr: `Le paiement ${root.id} a été payé par sa relance ${paid.id} : rien à relancer.`,
      en: `Payment ${root.id} was paid by its retry ${paid.id}; nothing to retry.`,
    });
  }
  const live = attempts.find((p) => p.status === 'PENDING');
  if (live) throw retryInProgress(root, live.id);
  if (previous && !latest) {
    // Claimed, not created yet: its request is still running, or died before the Put.
    const claimedAt = Date.parse(root.activeAttemptAt ?? '');
    const ageMs = Number.isNaN(claimedAt) ? Number.POSITIVE_INFINITY : now.getTime() - claimedAt;
    if (ageMs < IN_FLIGHT_LEASE_SECONDS * 1000) throw retryInProgress(root, previous);
  }
}

/**
 * Claims the chain's root for this attempt (`claimRetry`); a lost race re-reads it and answers what
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
      throw notRetryable(current.id, onlyFailedOrExpired(current.id, fresh?.status ?? 'gone'));
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
