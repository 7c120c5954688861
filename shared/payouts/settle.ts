/**
 * THE payout transition: every change of a payout's status (FeexPay's first answer, its webhook,
 * the reconciler's status reads) is decided by `decidePayout` and written by the store with its
 * merchant notification, so the rules hold everywhere: PENDING moves once, to SUCCESSFUL only on
 * FeexPay's status answer for our reference with our amount, and final states never move back
 * (docs/refunds-and-payouts.md, "States").
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs.ts';
import * as config from '../config.ts';
import { type ProviderEvidence, sameReference } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { eventFor } from '../notifications/merchant-events.ts';
import type { NotificationMessage } from '../payments/model.ts';
import { type PayoutFailureCode, payoutFailureCodeOf } from './failure-codes.ts';
import { type Payout, type PayoutPlan, type PayoutSource, toPublicPayout } from './model.ts';
import * as payouts from './store.ts';

export type PayoutDecision =
  | { kind: 'none'; why: string }
  | { kind: 'rejected'; rejected: 'amount_mismatch' | 'reference_mismatch'; detail: string }
  | { kind: 'transition'; plan: PayoutPlan };

/** The rules, as a pure function of the stored payout and FeexPay's status answer. */
export function decidePayout(
  current: Payout,
  evidence: ProviderEvidence,
  source: PayoutSource,
): PayoutDecision {
  if (current.status !== 'PENDING') {
    return { kind: 'none', why: `the payout is already ${current.status}` };
  }
  if (evidence.status === 'PENDING') return { kind: 'none', why: 'FeexPay still reports PENDING' };
  if (current.reference && !sameReference(current.reference, evidence.reference)) {
    return {
      kind: 'rejected',
      rejected: 'reference_mismatch',
      detail: `evidence reference ${evidence.reference} is not the stored ${current.reference}`,
    };
  }
  if (!current.reference && evidence.callbackInfo !== current.id) {
    // No reference to compare: FeexPay's own answer must tie its transaction to this payout.
    return {
      kind: 'rejected',
      rejected: 'reference_mismatch',
      detail: `evidence ${evidence.reference} is not tied to payout ${current.id} by callback_info`,
    };
  }
  const common = {
    from: 'PENDING' as const,
    source,
    reference: evidence.reference,
    ...(current.reference ? {} : { storeReference: evidence.reference }),
  };
  if (evidence.status === 'FAILED') {
    return {
      kind: 'transition',
      plan: {
        ...common,
        to: 'FAILED',
        failureReason: evidence.reason || 'FAILED',
        failureCode: payoutFailureCodeOf(evidence.reason),
      },
    };
  }
  if (evidence.amount === undefined || evidence.amount !== current.amount) {
    return {
      kind: 'rejected',
      rejected: 'amount_mismatch',
      detail: `FeexPay reports amount ${evidence.amount ?? 'none'}, the payout is ${current.amount}`,
    };
  }
  return { kind: 'transition', plan: { ...common, to: 'SUCCESSFUL' } };
}

export interface PayoutResult {
  changed: boolean;
  payout: Payout;
  rejected?: 'amount_mismatch' | 'reference_mismatch';
}

const MAX_WRITE_ATTEMPTS = 3;

/**
 * Applies FeexPay's status answer under the rules above. A lost race re-reads the payout and
 * decides again; when nothing is left to do the answer is `changed: false` with the fresh item.
 */
export async function applyPayoutEvidence(
  id: string,
  evidence: ProviderEvidence,
  source: PayoutSource,
  options: { current?: Payout; now?: Date } = {},
): Promise<PayoutResult> {
  let current = options.current ?? (await payouts.get(id, { consistent: true }));
  for (let attempt = 1; ; attempt++) {
    if (!current) throw new Error(`Payout ${id} does not exist`);
    const decision = decidePayout(current, evidence, source);
    if (decision.kind === 'none') {
      if (evidence.status === 'SUCCESSFUL' && current.status === 'FAILED') {
        // Money may have left the balance while our books say it did not: on-call must look.
        logger.error('FeexPay confirms a success for a payout we hold as FAILED; not applied', {
          payoutId: id,
          reference: current.reference,
          evidenceReference: evidence.reference,
        });
        countMetric('PayoutSuccessOnFailed');
      }
      return { changed: false, payout: current };
    }
    if (decision.kind === 'rejected') {
      logger.error('FeexPay payout evidence rejected; no transition', {
        payoutId: id,
        reference: current.reference,
        rejected: decision.rejected,
        detail: decision.detail,
        source,
      });
      countMetric(decision.rejected === 'amount_mismatch' ? 'AmountMismatch' : 'EvidenceRejected');
      return { changed: false, payout: current, rejected: decision.rejected };
    }
    const written = await payouts.transition(current, decision.plan, options.now ?? new Date());
    if (written) {
      await afterPayoutTransition(written, decision.plan);
      return { changed: true, payout: written };
    }
    const fresh = await payouts.get(id, { consistent: true });
    if (attempt >= MAX_WRITE_ATTEMPTS) return { changed: false, payout: fresh ?? current };
    current = fresh;
  }
}

/**
 * PENDING → FAILED on our own conclusion, without a FeexPay transaction: FeexPay refused the
 * request or was unavailable (it certainly created nothing). A refund frees its amount.
 */
export async function failLocally(
  current: Payout,
  reason: string,
  failureCode: PayoutFailureCode,
  now = new Date(),
): Promise<Payout> {
  const plan: PayoutPlan = {
    from: 'PENDING',
    to: 'FAILED',
    source: 'create',
    failureReason: reason,
    failureCode,
  };
  const written = await payouts.transition(current, plan, now);
  if (written) {
    await afterPayoutTransition(written, plan);
    return written;
  }
  return (await payouts.get(current.id, { consistent: true })) ?? current;
}

/** Metrics and logs for a written transition, then the outbox flush (its failure is only logged). */
async function afterPayoutTransition(payout: Payout, plan: PayoutPlan): Promise<void> {
  // Under the service dimension only: the dashboard's payout graphs and the alarm read it so.
  countMetric(eventFor(payout.purpose, plan.to).metric);
  if (plan.to === 'FAILED' && plan.failureCode === 'insufficient_balance') {
    countMetric('PayoutInsufficientBalance');
    logger.warn('Payout failed: the FeexPay balance is too low', {
      payoutId: payout.id,
      purpose: payout.purpose,
      amount: payout.amount,
    });
  }
  logger.info('Payout status changed', {
    payoutId: payout.id,
    purpose: payout.purpose,
    paymentId: payout.paymentId,
    reference: payout.reference,
    from: plan.from,
    to: plan.to,
    source: plan.source,
  });
  try {
    await flushPayoutOutbox(payout);
  } catch (error) {
    logger.error('Notification not queued; left in the outbox', { payoutId: payout.id, error });
  }
}

/** The notification a payout's outbox announces, with the payout as `data`. */
export function payoutNotificationOf(payout: Payout): NotificationMessage | undefined {
  const entry = payout.outbox;
  if (!entry) return undefined;
  return { ...entry, data: toPublicPayout(payout) };
}

/** Hands the outbox's notification to the notification queue (safe to repeat). */
export async function flushPayoutOutbox(payout: Payout): Promise<void> {
  const message = payoutNotificationOf(payout);
  if (!message) return;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.notificationQueueUrl(),
      MessageBody: JSON.stringify(message),
    }),
  );
}
