/**
 * POST payouts/ and POST payments/{id}/refunds/ (merchant scope): record first, then call FeexPay
 * once. The payout item IS the idempotency record (its id derives from the caller and its
 * Idempotency-Key, as a payment's does: docs/decisions.md, decision 5); a refund's item is written
 * in one transaction with the reservation of its amount on its payment. FeexPay's answer then
 * decides: a reference (PENDING, followed by webhooks and the reconciler), a final status
 * (confirmed by a status read before it is applied), a refusal or an outage that created nothing
 * (FAILED, a refund frees its amount), or no answer at all (PENDING, never re-sent).
 * docs/refunds-and-payouts.md.
 */
import { UnprocessableError } from '../errors.ts';
import { feexPayClient } from '../feexpay/client.ts';
import {
  FeexPayAuthError,
  FeexPayOutcomeUnknownError,
  FeexPayRejectedError,
  FeexPayUnavailableError,
} from '../feexpay/errors.ts';
import { cleanDescription, evidenceOf } from '../feexpay/wire.ts';
import type { HttpResult } from '../http/contract.ts';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { REPLAYED_HEADER, requestHashOf, sameRequest } from '../payments/idempotency.ts';
import { providerTimeoutMs } from '../payments/start-attempt.ts';
import * as payments from '../payments/store.ts';
import { findNetwork } from '../providers.ts';
import {
  CARD_REFUND_HOWTO,
  isCardPayment,
  keyReused,
  paymentNotFound,
  paymentNotRefundable,
  refundBusy,
  refundExceedsRemaining,
  refundNotSupported,
} from './errors.ts';
import { payoutFailureCodeOf } from './failure-codes.ts';
import { type Payout, payoutIdFor, toPublicPayout } from './model.ts';
import {
  type CreatePayoutBody,
  type CreateRefundBody,
  payoutLimitProblem,
  validatePayout,
} from './schemas.ts';
import { applyPayoutEvidence, failLocally } from './settle.ts';
import * as payouts from './store.ts';

const DEFAULT_MOTIF = 'Remboursement';
/** FeexPay reportedly refuses a motif shorter than this (docs/feexpay-api.md §4.6). */
const MOTIF_MIN = 5;

export interface CreatePayoutInput {
  merchantId: string;
  idempotencyKey: string;
  body: CreatePayoutBody;
  /** Lambda's remaining time, when known: FeexPay's wait leaves time to answer. */
  remainingTimeMs?: number | undefined;
  now?: Date;
}

export async function createPayout(input: CreatePayoutInput): Promise<HttpResult> {
  const { body, merchantId, idempotencyKey } = input;
  const now = input.now ?? new Date();
  const net = validatePayout(body);
  const at = now.toISOString();
  const payout: Payout = {
    id: payoutIdFor('payout', merchantId, idempotencyKey),
    purpose: 'payout',
    merchantId,
    status: 'PENDING',
    amount: body.amount,
    currency: body.currency,
    network: net.id,
    phoneNumber: body.phoneNumber,
    motif: body.motif,
    ...(body.metadata ? { metadata: body.metadata } : {}),
    createdAt: at,
    updatedAt: at,
    requestHash: requestHashOf('payout', body),
    events: [{ at, type: 'created', source: 'create' }],
  };
  const result = await payouts.create(payout, now);
  if (!result.created) return replay(result.existing, payout.requestHash, 'payout');
  return {
    status: 201,
    body: toPublicPayout(await send(payout, now, providerTimeoutMs(input.remainingTimeMs))),
  };
}

export interface CreateRefundInput {
  merchantId: string;
  idempotencyKey: string;
  paymentId: string;
  body: CreateRefundBody;
  remainingTimeMs?: number | undefined;
  now?: Date;
}

/** Rounds of "another refund of this payment wrote at the same moment" before answering 409. */
const MAX_ROUNDS = 8;

export async function createRefund(input: CreateRefundInput): Promise<HttpResult> {
  const { body, merchantId, idempotencyKey, paymentId } = input;
  const now = input.now ?? new Date();
  const id = payoutIdFor('refund', merchantId, idempotencyKey);
  const requestHash = requestHashOf('refund', { paymentId, ...body });
  // The same key again: its refund as it stands, whatever the payment became since.
  const existing = await payouts.get(id, { consistent: true });
  if (existing) return replay(existing, requestHash, 'refund');

  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const payment = await payments.get(paymentId, { consistent: true });
    if (!payment) throw paymentNotFound(paymentId);
    if (isCardPayment(payment)) throw refundNotSupported(paymentId, CARD_REFUND_HOWTO);
    if (payment.status !== 'SUCCESSFUL') throw paymentNotRefundable(paymentId, payment.status);
    const net = findNetwork(payment.network);
    const remaining = payment.amount - (payment.amountReserved ?? 0);
    const amount = body.amount ?? remaining;
    if (amount <= 0 || amount > remaining) {
      throw refundExceedsRemaining(paymentId, Math.max(0, remaining), payment.currency);
    }
    const limit = net ? payoutLimitProblem(net, amount) : undefined;
    if (!net || limit?.code === 'payout_network_unsupported') {
      const why = limit?.message ?? {
        fr: `Pas de chemin de virement pour le réseau ${payment.network}.`,
        en: `No payout path for network ${payment.network}.`,
      };
      throw refundNotSupported(paymentId, {
        fr: `${why.fr} Remboursez-le plutôt depuis le tableau de bord de FeexPay.`,
        en: `${why.en} Refund it from FeexPay’s dashboard instead.`,
      });
    }
    if (limit) {
      throw new UnprocessableError(limit.message, {
        code: limit.code,
        ids: { paymentId },
        fields: [{ field: 'amount', message: limit.message }],
      });
    }
    const at = now.toISOString();
    const motif = cleanDescription(body.reason ?? '')
      .slice(0, 30)
      .trim();
    const refund: Payout & { paymentId: string } = {
      id,
      purpose: 'refund',
      merchantId,
      status: 'PENDING',
      amount,
      currency: payment.currency,
      network: payment.network,
      phoneNumber: payment.phoneNumber,
      motif: motif.length >= MOTIF_MIN ? motif : DEFAULT_MOTIF,
      ...(body.metadata ? { metadata: body.metadata } : {}),
      paymentId,
      ...(body.reason ? { reason: body.reason } : {}),
      createdAt: at,
      updatedAt: at,
      requestHash,
      events: [{ at, type: 'created', source: 'create' }],
    };
    const result = await payouts.createRefund(refund, payment.amount, now);
    if (result.created) {
      logger.info('Refund created', { refundId: id, paymentId, amount });
      const sent = await send(refund, now, providerTimeoutMs(input.remainingTimeMs));
      return { status: 201, body: toPublicPayout(sent) };
    }
    if (result.reason === 'key') return replay(result.existing, requestHash, 'refund');
    if (result.reason === 'payment') {
      const seen = result.payment;
      if (seen?.status && seen.status !== 'SUCCESSFUL') {
        throw paymentNotRefundable(paymentId, seen.status);
      }
      const left = (seen?.amount ?? payment.amount) - (seen?.amountReserved ?? 0);
      // An explicit amount that no longer fits is the caller's answer; "all that remains" is
      // recomputed from the payment as it is now.
      if (body.amount !== undefined || left <= 0) {
        throw refundExceedsRemaining(paymentId, Math.max(0, left), payment.currency);
      }
      continue;
    }
    // Another transaction held the payment item: a moment's pause, then try again.
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 30 * round));
  }
  throw refundBusy(paymentId);
}

/** The same key again: the payout as it stands (422 for another body). */
async function replay(
  existing: Payout,
  requestHash: string,
  what: 'payout' | 'refund',
): Promise<HttpResult> {
  if (!sameRequest(existing.requestHash, requestHash)) throw keyReused(what);
  return {
    status: 201,
    body: toPublicPayout(existing),
    headers: { [REPLAYED_HEADER]: 'true' },
  };
}

/**
 * Calls FeexPay ONCE for a PENDING payout just written, and records what its answer proves. Never
 * throws for FeexPay's sake: the payout is recorded, and whatever happened is on it.
 */
async function send(payout: Payout, now: Date, timeoutMs: number): Promise<Payout> {
  countMetric('PayoutRequested');
  const client = await feexPayClient();
  let answer: Awaited<ReturnType<typeof client.payout>>;
  try {
    answer = await client.payout(
      {
        network: payout.network,
        amount: payout.amount,
        phoneNumber: payout.phoneNumber,
        motif: payout.motif,
        callbackInfo: payout.id,
      },
      { timeoutMs },
    );
  } catch (error) {
    if (error instanceof FeexPayOutcomeUnknownError) {
      // FeexPay may have paid out: never send again; status reads and webhooks settle it.
      countMetric('PayoutOutcomeUnknown');
      logger.warn('Payout outcome unknown; left PENDING, never re-sent', {
        payoutId: payout.id,
        error: error.name,
      });
      await payouts.recordUnknownOutcome(payout.id, error.message.slice(0, 200), now);
      return (await payouts.get(payout.id, { consistent: true })) ?? payout;
    }
    if (error instanceof FeexPayUnavailableError) {
      return failLocally(payout, 'PROVIDER_UNAVAILABLE', 'provider_unavailable', now);
    }
    if (error instanceof FeexPayAuthError) {
      return failLocally(payout, 'PROVIDER_AUTH_FAILED', 'provider_rejected', now);
    }
    if (error instanceof FeexPayRejectedError) {
      const reason = error.message.slice(0, 200) || 'PROVIDER_REJECTED';
      const code = payoutFailureCodeOf({ reason, httpStatus: error.httpStatus });
      return failLocally(payout, reason, code === 'unknown' ? 'provider_rejected' : code, now);
    }
    // Unreadable answer (protocol error): FeexPay may have taken it; treat as unknown.
    countMetric('PayoutOutcomeUnknown');
    logger.error('Payout answer unreadable; left PENDING, never re-sent', {
      payoutId: payout.id,
      error,
    });
    await payouts.recordUnknownOutcome(payout.id, 'unreadable answer', now);
    return (await payouts.get(payout.id, { consistent: true })) ?? payout;
  }
  const recorded = await payouts.recordReference(payout.id, answer.reference, 'create', now);
  let current = recorded ?? (await payouts.get(payout.id, { consistent: true })) ?? payout;
  if (answer.status !== 'PENDING' && current.status === 'PENDING') {
    // A final status in the POST's answer is only a hint: the status read confirms it.
    try {
      const status = await client.getPayoutStatus(answer.reference);
      current = (
        await applyPayoutEvidence(payout.id, evidenceOf(status), 'create', { current, now })
      ).payout;
    } catch (error) {
      logger.warn('Payout status read after a final answer failed; the reconciler reads again', {
        payoutId: payout.id,
        error,
      });
    }
  }
  return current;
}
