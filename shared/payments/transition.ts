/**
 * THE one transition function: every change of a payment's status (initiation's first answer, the
 * status route's refresh, FeexPay's webhook, the reconciler) is decided here, so the rules hold
 * everywhere: forward only, a late success wins, and SUCCESSFUL only on FeexPay's evidence of our
 * reference and amount (docs/payments.md, "States"). No currency is compared: FeexPay's answers
 * carry none, and a payment's currency is its network's (docs/decisions.md, decision 19). The
 * store writes a decision in one conditional UpdateItem with its merchant notification;
 * `flushOutbox` hands that to SQS.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { settleCheckoutAttempt } from '../checkouts/settle.ts';
import { sqs } from '../clients/sqs.ts';
import * as config from '../config.ts';
import { type ProviderEvidence, sameReference } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { paymentEvent } from '../notifications/merchant-events.ts';
import { failureCodeOf } from './failure-codes.ts';
import {
  type EventSource,
  type NotificationMessage,
  type Payment,
  type TransitionPlan,
  toPublicPayment,
} from './model.ts';
import * as payments from './store.ts';

export type { ProviderEvidence, TransitionPlan };

/**
 * Failure reasons WE set at initiation without FeexPay ever reporting the payment FAILED: it was
 * unavailable (503, 429, no connection) or refused our credentials. FeexPay's own refusals and
 * FAILED answers carry FeexPay's reason instead.
 */
export const LOCAL_FAILURE_REASONS: ReadonlySet<string> = new Set([
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_AUTH_FAILED',
]);

/**
 * A FAILED payment whose failure is our own conclusion, not FeexPay's report: no FeexPay reference
 * was ever stored, and the reason is one we set ourselves. If FeexPay confirms a success for it
 * after all, the money was taken and the success wins (a late success).
 */
export function isLocalFailure(payment: Payment): boolean {
  return (
    payment.status === 'FAILED' &&
    !payment.reference &&
    payment.failureReason !== undefined &&
    LOCAL_FAILURE_REASONS.has(payment.failureReason)
  );
}

export interface TransitionResult {
  changed: boolean;
  payment: Payment;
  lateSuccess?: boolean;
  rejected?: 'amount_mismatch' | 'reference_mismatch';
}

export type Decision =
  | { kind: 'none'; why: string }
  | { kind: 'rejected'; rejected: NonNullable<TransitionResult['rejected']>; detail: string }
  | { kind: 'transition'; plan: TransitionPlan };

/** The transition rules, as a pure function of the stored payment and FeexPay's evidence. */
export function decideTransition(
  current: Payment,
  evidence: ProviderEvidence,
  source: EventSource,
): Decision {
  if (evidence.status === 'PENDING') return { kind: 'none', why: 'FeexPay still reports PENDING' };
  // FeexPay writes one reference in more than one letter case (docs/feexpay-api.md §14.4).
  if (current.reference && !sameReference(current.reference, evidence.reference)) {
    return {
      kind: 'rejected',
      rejected: 'reference_mismatch',
      detail: `evidence reference ${evidence.reference} is not the stored ${current.reference}`,
    };
  }
  const storeReference = current.reference ? undefined : evidence.reference;
  const common = { from: current.status, source, reference: evidence.reference };
  if (evidence.status === 'FAILED') {
    if (current.status !== 'PENDING') {
      return { kind: 'none', why: `FAILED evidence for a ${current.status} payment` };
    }
    return {
      kind: 'transition',
      plan: {
        ...common,
        to: 'FAILED',
        failureReason: evidence.reason || 'FAILED',
        failureCode: evidence.failureCode ?? failureCodeOf(evidence.reason),
        ...(storeReference ? { storeReference } : {}),
      },
    };
  }
  // SUCCESSFUL
  if (current.status === 'SUCCESSFUL') {
    return { kind: 'none', why: 'SUCCESSFUL evidence for a SUCCESSFUL payment' };
  }
  if (current.status === 'FAILED') {
    if (!isLocalFailure(current)) {
      return { kind: 'none', why: 'SUCCESSFUL evidence for a payment FeexPay reported FAILED' };
    }
    // No reference to compare: FeexPay's own answer must tie its transaction to this payment.
    if (evidence.callbackInfo !== current.id) {
      return {
        kind: 'none',
        why: 'SUCCESSFUL evidence for a FAILED payment, not tied to it by callback_info',
      };
    }
  }
  if (evidence.amount === undefined || evidence.amount !== current.amount) {
    return {
      kind: 'rejected',
      rejected: 'amount_mismatch',
      detail: `FeexPay reports amount ${evidence.amount ?? 'none'}, the payment is ${current.amount}`,
    };
  }
  return {
    kind: 'transition',
    plan: {
      ...common,
      to: 'SUCCESSFUL',
      ...(current.status === 'EXPIRED' || current.status === 'FAILED' ? { lateSuccess: true } : {}),
      ...(storeReference ? { storeReference } : {}),
    },
  };
}

/** Metrics and logs for a written transition, then the outbox flush (its failure is only logged). */
export async function afterTransition(payment: Payment, plan: TransitionPlan): Promise<void> {
  countMetric(paymentEvent(plan.to).metric, payment.network);
  if (plan.lateSuccess) {
    countMetric('LateSuccess');
    logger.warn(
      `Late success: FeexPay confirmed a payment we had ${plan.from === 'FAILED' ? 'failed' : 'expired'}`,
      { paymentId: payment.id, reference: payment.reference, from: plan.from },
    );
  }
  logger.info('Payment status changed', {
    paymentId: payment.id,
    reference: payment.reference,
    from: plan.from,
    to: plan.to,
    source: plan.source,
  });
  try {
    await flushOutbox(payment);
  } catch (error) {
    // The outbox stays on the item; the reconciler re-sends it once its entry falls due.
    logger.error('Notification not queued; left in the outbox', { paymentId: payment.id, error });
  }
}

function logRejected(
  current: Payment,
  decision: Extract<Decision, { kind: 'rejected' }>,
  source: EventSource,
) {
  logger.error('FeexPay evidence rejected; no transition', {
    paymentId: current.id,
    reference: current.reference,
    rejected: decision.rejected,
    detail: decision.detail,
    source,
  });
  countMetric(decision.rejected === 'amount_mismatch' ? 'AmountMismatch' : 'EvidenceRejected');
}

/**
 * FeexPay says SUCCESSFUL for a payment we hold as FAILED and the rules keep it FAILED (FeexPay
 * reported the failure, or nothing ties its transaction to the payment): money may have been taken
 * while our books say it was not. Nothing is written; on-call must look (error log, metric).
 */
function logSuccessOnFailed(
  current: Payment,
  evidence: ProviderEvidence,
  source: EventSource,
  why: string,
) {
  logger.error('FeexPay confirms a success for a payment we hold as FAILED; not applied', {
    paymentId: current.id,
    reference: current.reference,
    evidenceReference: evidence.reference,
    failureReason: current.failureReason,
    why,
    source,
  });
  countMetric('SuccessOnFailedPayment');
}

const MAX_WRITE_ATTEMPTS = 3;

/**
 * Applies FeexPay's evidence to a payment under the rules above. A lost race
 * (ConditionalCheckFailed) re-reads the item and decides again, so a stale `current` never causes
 * a wrong write; when nothing is left to do, the answer is `changed: false` with the fresh item.
 *
 * @param options.current the item if the caller just read it (saves a read); it may be stale.
 */
export async function applyProviderResult(
  paymentId: string,
  evidence: ProviderEvidence,
  source: EventSource,
  options: { current?: Payment; now?: Date } = {},
): Promise<TransitionResult> {
  let current = options.current ?? (await payments.get(paymentId, { consistent: true }));
  for (let attempt = 1; ; attempt++) {
    if (!current) throw new Error(`Payment ${paymentId} does not exist`);
    const decision = decideTransition(current, evidence, source);
    if (decision.kind === 'none') {
      if (evidence.status === 'SUCCESSFUL' && current.status === 'FAILED') {
        logSuccessOnFailed(current, evidence, source, decision.why);
      }
      return { changed: false, payment: current };
    }
    if (decision.kind === 'rejected') {
      logRejected(current, decision, source);
      return { changed: false, payment: current, rejected: decision.rejected };
    }
    const now = (options.now ?? new Date()).toISOString();
    const payment = await payments.transition(current, decision.plan, now);
    if (payment) {
      await afterTransition(payment, decision.plan);
      return {
        changed: true,
        payment,
        ...(decision.plan.lateSuccess ? { lateSuccess: true } : {}),
      };
    }
    const fresh = await payments.get(paymentId, { consistent: true });
    if (attempt >= MAX_WRITE_ATTEMPTS) return { changed: false, payment: fresh ?? current };
    current = fresh;
  }
}

/**
 * PENDING → EXPIRED, once a payment is past its age (shared/payments/expiry.ts): by the
 * reconciler, or by the status and retry routes when a caller asks. No-op for any other status.
 * FeexPay may still confirm later: that becomes a late success.
 */
export async function expirePayment(
  paymentId: string,
  now: Date,
  source: EventSource = 'reconciler',
): Promise<TransitionResult> {
  const current = await payments.get(paymentId, { consistent: true });
  if (!current) throw new Error(`Payment ${paymentId} does not exist`);
  if (current.status !== 'PENDING') return { changed: false, payment: current };
  const plan: TransitionPlan = { from: 'PENDING', to: 'EXPIRED', source };
  const payment = await payments.transition(current, plan, now.toISOString());
  if (payment) {
    await afterTransition(payment, plan);
    return { changed: true, payment };
  }
  const fresh = await payments.get(paymentId, { consistent: true });
  return { changed: false, payment: fresh ?? current };
}

/**
 * The notification an outbox announces: its envelope and, as `data`, the payment read from the
 * same item (the transition that wrote the outbox also wrote the status it announces; a later
 * transition overwrites both at once).
 */
export function notificationOf(payment: Payment): NotificationMessage | undefined {
  const entry = payment.outbox;
  if (!entry) return undefined;
  return {
    webhookId: entry.webhookId,
    type: entry.type,
    timestamp: entry.timestamp,
    data: toPublicPayment(payment),
  };
}

/**
 * Sends the payment's outbox notification to the notification queue. That is all: the notifier's
 * first attempt takes the outbox over, and the reconciler re-sends an outbox nobody took over.
 * Safe to repeat: the notifier de-duplicates on `webhookId`. A checkout's attempt is first
 * recorded on its checkout (shared/checkouts/settle.ts), so once the payment's notification has
 * left, its checkout knows the outcome; if that fails, nothing is sent and the reconciler's re-send
 * tries both again.
 */
export async function flushOutbox(payment: Payment): Promise<void> {
  const message = notificationOf(payment);
  if (!message) return;
  await settleCheckoutAttempt(payment);
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.notificationQueueUrl(),
      MessageBody: JSON.stringify(message),
    }),
  );
}
