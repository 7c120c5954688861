/**
 * THE one transition function. Every change of a payment's status (initiation's first answer,
 * the status route's refresh, FeexPay's webhook, the reconciler's re-check or expiry) goes through
 * here, so the rules hold everywhere:
 *
 * - forward only: PENDING → SUCCESSFUL | FAILED | EXPIRED; EXPIRED → SUCCESSFUL only when FeexPay
 *   confirms (a late success: money taken is never lost from the books); FAILED → SUCCESSFUL the
 *   same way, but only for a failure WE concluded (`isLocalFailure`: FeexPay unavailable or refusing
 *   our credentials at initiation, no reference stored) and only when FeexPay's answer ties its
 *   transaction to the payment (`callback_info`); SUCCESSFUL, and a FAILED FeexPay reported, are final;
 * - before SUCCESSFUL, FeexPay's evidence must carry our reference (stored now when the initiation
 *   outcome was unknown), the same amount, and the same currency when it names one;
 * - ONE conditional UpdateItem (condition on the status it moves from) sets the status, appends the
 *   event to the item's `events` (the audit trail), drops the item from the PENDING index and
 *   writes the merchant notification on the item (transactional outbox, `OUTBOX#<shard>`, due
 *   OUTBOX_GRACE_SECONDS later);
 * - then `flushOutbox` hands the notification to SQS. No write clears the outbox here: the
 *   notifier's write that records its first attempt does (`recordNotificationAttempt`). If the
 *   send is lost (crash, SQS down), or the notifier never takes it over, the outbox is still there
 *   when its index entry falls due, and the reconciler (`listOutboxDue`) flushes it again.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.ts';
import { sqs } from '../clients/sqs.ts';
import { requireEnv } from '../env.ts';
import type { ProviderEvidence } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import {
  type EventSource,
  fromItem,
  type NotificationMessage,
  type OutboxEntry,
  outboxPk,
  PAYMENT_SK,
  type Payment,
  type PaymentEvent,
  type PaymentStatus,
  paymentPk,
  referencePk,
  toPublicPayment,
} from './model.ts';
import { getPayment, isConditionFailure, TABLE_NAME } from './repository.ts';

export type { ProviderEvidence };

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
  rejected?: 'amount_mismatch' | 'currency_mismatch' | 'reference_mismatch';
}

/** A transition decided but not yet written. */
export interface TransitionPlan {
  from: PaymentStatus;
  to: Exclude<PaymentStatus, 'PENDING'>;
  source: EventSource;
  failureReason?: string;
  lateSuccess?: boolean;
  /** FeexPay's reference to store (the payment had none: unknown initiation outcome). */
  storeReference?: string;
  /** The reference the evidence carried, for the event. */
  reference?: string;
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
  if (current.reference && current.reference !== evidence.reference) {
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
  if (evidence.currency !== undefined && evidence.currency !== current.currency) {
    return {
      kind: 'rejected',
      rejected: 'currency_mismatch',
      detail: `FeexPay reports currency ${evidence.currency}, the payment is ${current.currency}`,
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

/** Pieces of one UpdateItem, so the initiation can add its own fields to a transition's write. */
export interface UpdateParts {
  set: string[];
  remove: string[];
  conditions: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
  /** Events appended to the item's `events` list in this write. */
  events: PaymentEvent[];
}

export function emptyUpdate(): UpdateParts {
  return { set: [], remove: [], conditions: [], names: {}, values: {}, events: [] };
}

/** Renders parts as UpdateCommand input (without TableName/Key). */
export function renderUpdate(parts: UpdateParts) {
  const set = [...parts.set];
  const values = { ...parts.values };
  if (parts.events.length > 0) {
    set.push('events = list_append(if_not_exists(events, :noEvents), :newEvents)');
    values[':noEvents'] = [];
    values[':newEvents'] = parts.events;
  }
  const expression = [
    set.length ? `SET ${set.join(', ')}` : '',
    parts.remove.length ? `REMOVE ${parts.remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    UpdateExpression: expression,
    ...(parts.conditions.length
      ? { ConditionExpression: parts.conditions.map((c) => `(${c})`).join(' AND ') }
      : {}),
    ...(Object.keys(parts.names).length ? { ExpressionAttributeNames: parts.names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/**
 * How long the notifier has to take a notification over (its attempt write removes the outbox)
 * before the reconciler sends it again. A duplicate send is harmless (the notifier skips a
 * webhook-id already delivered); the grace only keeps the reconciler from re-sending what is
 * merely still queued.
 */
export const OUTBOX_GRACE_SECONDS = 300;

function webhookIdOf(paymentId: string, to: Exclude<PaymentStatus, 'PENDING'>): string {
  const word = to === 'SUCCESSFUL' ? 'succeeded' : to === 'FAILED' ? 'failed' : 'expired';
  return `evt_${paymentId}_${word}`;
}

/**
 * Adds a transition to `parts`: status, event, index moves (PENDING → OUTBOX), the outbox message,
 * and the conditions that make two racing writers unable to both win.
 */
export function addTransition(
  parts: UpdateParts,
  current: Payment,
  plan: TransitionPlan,
  now: string,
): void {
  // Only the envelope: the notification's `data` is the item as this same write leaves it.
  const message: OutboxEntry = {
    webhookId: webhookIdOf(current.id, plan.to),
    type:
      plan.to === 'SUCCESSFUL'
        ? 'payment.succeeded'
        : plan.to === 'FAILED'
          ? 'payment.failed'
          : 'payment.expired',
    timestamp: now,
  };
  parts.names['#status'] = 'status';
  parts.set.push(
    '#status = :to',
    'updatedAt = :now',
    'outbox = :outbox',
    'gsi3pk = :outboxPk',
    'gsi3sk = :outboxDue',
  );
  parts.values[':outboxDue'] = new Date(
    Date.parse(now) + OUTBOX_GRACE_SECONDS * 1000,
  ).toISOString();
  // Only a PENDING payment is refreshed from FeexPay (status.ts): the refresh clock goes with it.
  parts.remove.push('lastCheckedAt');
  parts.values[':to'] = plan.to;
  parts.values[':from'] = plan.from;
  parts.values[':now'] = now;
  parts.values[':outbox'] = message;
  parts.values[':outboxPk'] = outboxPk(current.id);
  parts.conditions.push('#status = :from');
  if (plan.failureReason) {
    parts.set.push('failureReason = :failureReason');
    parts.values[':failureReason'] = plan.failureReason;
  }
  if (plan.lateSuccess) {
    parts.set.push('lateSuccess = :true');
    parts.values[':true'] = true;
  }
  if (plan.storeReference) {
    addReference(parts, plan.storeReference);
  } else if (current.reference) {
    parts.names['#reference'] = 'reference';
    parts.values[':storedRef'] = current.reference;
    parts.conditions.push('#reference = :storedRef');
  }
  // The event names the reference only when this write stores it (unknown initiation outcome);
  // otherwise the write's conditions make it the item's own `reference` (no duplicate bytes).
  parts.events.push({
    at: now,
    type: 'status_changed',
    source: plan.source,
    from: plan.from,
    to: plan.to,
    ...(plan.storeReference ? { reference: plan.storeReference } : {}),
    ...(plan.failureReason ? { reason: plan.failureReason } : {}),
  });
}

/** Stores FeexPay's reference (and its byReference index entry) unless one is already stored. */
export function addReference(parts: UpdateParts, reference: string): void {
  parts.names['#reference'] = 'reference';
  parts.set.push('#reference = :reference', 'gsi2pk = :refPk', 'gsi2sk = :refSk');
  parts.values[':reference'] = reference;
  parts.values[':refPk'] = referencePk(reference);
  parts.values[':refSk'] = PAYMENT_SK;
  parts.conditions.push('attribute_not_exists(#reference) OR #reference = :reference');
}

/**
 * Stores FeexPay's reference on a PENDING payment that has none (unknown initiation outcome), once
 * FeexPay's own status answer ties that reference to the payment (`callback_info`) but does not
 * settle it yet. Without it nothing could follow the payment: the status route and the reconciler
 * only ask FeexPay about a stored reference, so a success FeexPay confirms later, with no further
 * webhook, would end as EXPIRED. One conditional UpdateItem (still PENDING, no reference yet),
 * with a `provider_accepted` event; false when the condition fails (settled or linked meanwhile).
 */
export async function linkReference(
  paymentId: string,
  reference: string,
  source: EventSource,
  now: string,
): Promise<boolean> {
  const parts = emptyUpdate();
  addReference(parts, reference);
  parts.names['#status'] = 'status';
  parts.values[':pending'] = 'PENDING';
  parts.conditions.push('#status = :pending', 'attribute_not_exists(#reference)');
  parts.events.push({ at: now, type: 'provider_accepted', source, reference });
  try {
    await writeUpdate(paymentId, parts);
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return false;
  }
}

/** Runs an UpdateItem built from parts and returns the item as written (ALL_NEW). */
export async function writeUpdate(id: string, parts: UpdateParts): Promise<Payment> {
  const result = await ddb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { pk: paymentPk(id), sk: PAYMENT_SK },
      ...renderUpdate(parts),
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem(result.Attributes ?? {});
}

/** Metrics and logs for a written transition, then the outbox flush (its failure is only logged). */
export async function afterTransition(payment: Payment, plan: TransitionPlan): Promise<void> {
  const metric =
    plan.to === 'SUCCESSFUL'
      ? 'PaymentSucceeded'
      : plan.to === 'FAILED'
        ? 'PaymentFailed'
        : 'PaymentExpired';
  countMetric(metric, payment.network);
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
    // The outbox stays on the item; the reconciler's listOutboxDue picks it up.
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
  source: 'initiate' | 'status' | 'webhook' | 'reconciler',
  options: { current?: Payment; now?: Date } = {},
): Promise<TransitionResult> {
  let current = options.current ?? (await getPayment(paymentId, { consistent: true }));
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
    const parts = emptyUpdate();
    addTransition(parts, current, decision.plan, now);
    try {
      const payment = await writeUpdate(paymentId, parts);
      await afterTransition(payment, decision.plan);
      return {
        changed: true,
        payment,
        ...(decision.plan.lateSuccess ? { lateSuccess: true } : {}),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const fresh = await getPayment(paymentId, { consistent: true });
      if (attempt >= MAX_WRITE_ATTEMPTS) return { changed: false, payment: fresh ?? current };
      current = fresh;
    }
  }
}

/**
 * PENDING → EXPIRED (the reconciler, once a payment is past PAYMENT_MAX_PENDING_SECONDS). No-op for
 * any other status. FeexPay may still confirm later: that becomes a late success.
 */
export async function expirePayment(paymentId: string, now: Date): Promise<TransitionResult> {
  const current = await getPayment(paymentId, { consistent: true });
  if (!current) throw new Error(`Payment ${paymentId} does not exist`);
  if (current.status !== 'PENDING') return { changed: false, payment: current };
  const plan: TransitionPlan = { from: 'PENDING', to: 'EXPIRED', source: 'reconciler' };
  const parts = emptyUpdate();
  addTransition(parts, current, plan, now.toISOString());
  try {
    const payment = await writeUpdate(paymentId, parts);
    await afterTransition(payment, plan);
    return { changed: true, payment };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const fresh = await getPayment(paymentId, { consistent: true });
    return { changed: false, payment: fresh ?? current };
  }
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
 * Sends the payment's pending notification to NOTIFICATION_QUEUE_URL. After a transition that is
 * all (the notifier's first attempt takes the outbox over). With `clear` (the reconciler, for an
 * outbox the notifier never took over) it then clears the outbox itself, conditionally: a newer
 * message written meanwhile stays. Safe to repeat: the notifier de-duplicates on `webhookId`.
 */
export async function flushOutbox(
  payment: Payment,
  options: { clear?: boolean } = {},
): Promise<void> {
  const message = notificationOf(payment);
  if (!message) return;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: requireEnv('NOTIFICATION_QUEUE_URL'),
      MessageBody: JSON.stringify(message),
    }),
  );
  if (!options.clear) return;
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: paymentPk(payment.id), sk: PAYMENT_SK },
        UpdateExpression: 'REMOVE outbox, gsi3pk, gsi3sk',
        ConditionExpression: 'outbox.webhookId = :id',
        ExpressionAttributeValues: { ':id': message.webhookId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
