/**
 * One payment's timeline for the back office (docs/back-office.md, "Timeline"): everything that
 * happened to it, in time order, with its source, read from what the service already keeps:
 *
 * - the payment's own audit trail (`events`: created, FeexPay's answer, unknown outcomes, every
 *   state change, the OTP step, operator actions), written in the same UpdateItem as each change;
 * - its merchant-notification attempts (`notifications`);
 * - the FeexPay webhooks received for its reference (webhook events, kept 30 days);
 * - its retries (`attempts`, each a payment of its own) and the payment it retries (`retryOf`);
 * - its checkout's changes, when it is a checkout's attempt (a cancellation names its operator);
 * - the status reads made while it was PENDING, counted rather than listed (`statusReads`,
 *   `checkAttempts`, `recheckAttempts`): a customer's page may poll for hours, and a list would
 *   grow the item without bound.
 *
 * Reads: 1 GetItem for the payment, 1 BatchGetItem for webhook events and retries each, 1 GetItem
 * for a checkout.
 */
import type { Checkout } from '../checkouts/model.ts';
import * as checkouts from '../checkouts/store.ts';
import type { Localized } from '../http/language.ts';
import { webhookDedupeKey } from '../keys.ts';
import * as payments from '../payments/store.ts';
import { CARD_REFUND_HOWTO, isCardPayment, paymentNotFound } from '../payouts/errors.ts';
import * as payouts from '../payouts/store.ts';
import { getWebhookEvents } from '../webhooks/store.ts';
import { type OperatorPayment, toOperatorPayment } from './view.ts';

/** Where an entry comes from. */
export type TimelineKind =
  | 'payment'
  | 'webhook'
  | 'notification'
  | 'retry'
  | 'checkout'
  | 'refund'
  | 'status_reads';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  /** What happened, as a stable code the page translates (`status_changed`, `delivered`, …). */
  type: string;
  /** Who caused it: `initiate`, `webhook`, `reconciler`, `status`, `operator`, … */
  source?: string;
  from?: string;
  to?: string;
  reference?: string;
  reason?: string;
  operator?: string;
  action?: string;
  /** The other payment (a retry, or the payment retried). */
  paymentId?: string;
  /** A refund (`rf_…`): its entries, and the operator's action that asked for it. */
  refundId?: string;
  amount?: number;
  currency?: string;
  failureCode?: string;
  webhookId?: string;
  attempt?: number;
  httpStatus?: number;
  error?: string;
  /** A webhook: the status it claimed, where it stands, what processing concluded. */
  claimedStatus?: string;
  state?: string;
  outcome?: string;
  count?: number;
}

export interface PaymentTimeline {
  payment: OperatorPayment;
  /** The checkout it is an attempt of: its status, so the page can offer to cancel it. */
  checkout?: { id: string; status: Checkout['status']; orderId: string };
  timeline: TimelineEntry[];
  /** The actions the back office offers for it now. */
  actions: {
    resendNotification: boolean;
    cancelCheckout: boolean;
    /** What a refund may still give back (0: none possible now). */
    refundable: number;
    /** Why this payment cannot be refunded through the API, and how instead (a card payment). */
    refundNotSupported?: Localized;
  };
}

const CLAIMS = ['PENDING', 'SUCCESSFUL', 'FAILED'] as const;

export async function paymentTimeline(id: string): Promise<PaymentTimeline> {
  const payment = await payments.get(id, { consistent: true });
  if (!payment) throw paymentNotFound(id);
  const [webhooks, retries, checkout, refunds] = await Promise.all([
    payment.reference
      ? getWebhookEvents(CLAIMS.map((claim) => webhookDedupeKey(payment.reference ?? '', claim)))
      : Promise.resolve([]),
    payments.getMany([...(payment.attempts ?? []), ...(payment.retryOf ? [payment.retryOf] : [])]),
    payment.checkoutId ? checkouts.get(payment.checkoutId) : Promise.resolve(undefined),
    payouts.getMany(payment.refunds ?? []),
  ]);
  const timeline: TimelineEntry[] = [];
  for (const e of payment.events) {
    timeline.push({ kind: 'payment', ...e });
  }
  for (const n of payment.notifications ?? []) {
    timeline.push({
      at: n.at,
      kind: 'notification',
      type: n.outcome,
      webhookId: n.webhookId,
      attempt: n.attempt,
      ...(n.httpStatus !== undefined ? { httpStatus: n.httpStatus } : {}),
      ...(n.error ? { error: n.error } : {}),
    });
  }
  for (const w of webhooks) {
    timeline.push({
      at: w.receivedAt,
      kind: 'webhook',
      type: 'received',
      source: 'webhook',
      reference: w.reference,
      claimedStatus: w.claimedStatus,
      state: w.state,
      ...(w.outcome ? { outcome: w.outcome } : {}),
      ...(w.reason ? { reason: w.reason } : {}),
    });
  }
  for (const r of retries) {
    const isOriginal = r.id === payment.retryOf;
    timeline.push({
      at: isOriginal ? payment.createdAt : r.createdAt,
      kind: 'retry',
      type: isOriginal ? 'retry_of' : 'retried',
      source: 'retry',
      paymentId: r.id,
      to: r.status,
    });
  }
  if (checkout) {
    for (const e of checkout.events) {
      if (e.paymentId && e.paymentId !== payment.id) continue;
      if (e.type === 'created') continue;
      timeline.push({ kind: 'checkout', ...e, ...(e.operator ? { source: 'operator' } : {}) });
    }
  }
  for (const r of refunds) {
    for (const e of r.events) {
      const type =
        e.type === 'created'
          ? 'refund_created'
          : e.type === 'status_changed' && e.to === 'SUCCESSFUL'
            ? 'refund_succeeded'
            : e.type === 'status_changed' && e.to === 'FAILED'
              ? 'refund_failed'
              : undefined;
      if (!type) continue;
      timeline.push({
        at: e.at,
        kind: 'refund',
        type,
        source: e.source,
        refundId: r.id,
        amount: r.amount,
        currency: r.currency,
        ...(type === 'refund_created' && r.reason ? { reason: r.reason } : {}),
        ...(type === 'refund_failed' && r.failureCode ? { failureCode: r.failureCode } : {}),
      });
    }
  }
  // Counted, not listed: one entry per reader, at the last read the item knows of.
  if (payment.statusReads) {
    timeline.push({
      at: payment.lastStatusReadAt ?? payment.updatedAt,
      kind: 'status_reads',
      type: 'status_reads',
      source: 'status',
      count: payment.statusReads,
    });
  }
  const reconcilerReads = (payment.checkAttempts ?? 0) + (payment.recheckAttempts ?? 0);
  if (reconcilerReads > 0) {
    timeline.push({
      at: payment.updatedAt,
      kind: 'status_reads',
      type: 'status_reads',
      source: 'reconciler',
      count: reconcilerReads,
    });
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return {
    payment: toOperatorPayment(payment),
    ...(checkout
      ? { checkout: { id: checkout.id, status: checkout.status, orderId: checkout.orderId } }
      : {}),
    timeline,
    actions: {
      resendNotification: payment.status !== 'PENDING',
      cancelCheckout: checkout?.status === 'OPEN',
      refundable:
        payment.status === 'SUCCESSFUL' && !isCardPayment(payment)
          ? Math.max(0, payment.amount - (payment.amountReserved ?? 0))
          : 0,
      ...(payment.status === 'SUCCESSFUL' && isCardPayment(payment)
        ? { refundNotSupported: CARD_REFUND_HOWTO }
        : {}),
    },
  };
}
