/**
 * The merchant-event contract, one row per event type: which record kind and status announce it,
 * its `webhook-id` (`evt_<record id>_<slug>`, stable across retries and re-sends), the business
 * metric counted when it happens, and (`EVENT_DESCRIPTIONS`, kept apart so it stays out of the
 * Lambda bundles) what it means. The store's outbox, the transition, the notifier, the re-send
 * tool and the OpenAPI document read it, and test/unit/merchant-events.test.ts holds
 * docs/webhooks.md to it: a new event type is a row here and its line there. Dependency-free.
 */

export interface MerchantEvent {
  /** `<kind>.<slug>`. */
  type: string;
  /** The record kind whose change announces it (`payment`, `checkout`, `payout`, `refund`). */
  kind: string;
  /** The status the record reaches (or, for an overpaid checkout, the condition it records). */
  status: string;
  /** Last part of the `webhook-id`. */
  slug: string;
  metric: string;
}

export const MERCHANT_EVENTS = [
  {
    type: 'payment.succeeded',
    kind: 'payment',
    status: 'SUCCESSFUL',
    slug: 'succeeded',
    metric: 'PaymentSucceeded',
  },
  {
    type: 'payment.failed',
    kind: 'payment',
    status: 'FAILED',
    slug: 'failed',
    metric: 'PaymentFailed',
  },
  {
    type: 'payment.expired',
    kind: 'payment',
    status: 'EXPIRED',
    slug: 'expired',
    metric: 'PaymentExpired',
  },
  {
    type: 'checkout.completed',
    kind: 'checkout',
    status: 'PAID',
    slug: 'completed',
    metric: 'CheckoutCompleted',
  },
  {
    type: 'checkout.expired',
    kind: 'checkout',
    status: 'EXPIRED',
    slug: 'expired',
    metric: 'CheckoutExpired',
  },
  {
    type: 'checkout.overpaid',
    kind: 'checkout',
    status: 'OVERPAID',
    slug: 'overpaid',
    metric: 'CheckoutOverpaid',
  },
  {
    type: 'payout.succeeded',
    kind: 'payout',
    status: 'SUCCESSFUL',
    slug: 'succeeded',
    metric: 'PayoutSucceeded',
  },
  {
    type: 'payout.failed',
    kind: 'payout',
    status: 'FAILED',
    slug: 'failed',
    metric: 'PayoutFailed',
  },
  {
    type: 'refund.succeeded',
    kind: 'refund',
    status: 'SUCCESSFUL',
    slug: 'succeeded',
    metric: 'RefundSucceeded',
  },
  {
    type: 'refund.failed',
    kind: 'refund',
    status: 'FAILED',
    slug: 'failed',
    metric: 'RefundFailed',
  },
] as const satisfies readonly MerchantEvent[];

type Row = (typeof MERCHANT_EVENTS)[number];
export type MerchantEventType = Row['type'];
export type MerchantEventMetric = Row['metric'];
/** The statuses of a record kind that announce an event. */
export type NotifiedStatus<K extends Row['kind']> = Extract<Row, { kind: K }>['status'];

/** The event a record of `kind` reaching `status` announces. */
export function eventFor<K extends Row['kind'], S extends NotifiedStatus<K>>(
  kind: K,
  status: S,
): Extract<Row, { kind: K; status: S }> {
  return MERCHANT_EVENTS.find((row) => row.kind === kind && row.status === status) as Extract<
    Row,
    { kind: K; status: S }
  >;
}

/** The event a payment reaching `status` (a final one) announces. */
export function paymentEvent<S extends NotifiedStatus<'payment'>>(status: S) {
  return eventFor('payment', status);
}

/** The event types of one record kind, in table order. */
export function eventTypesOf(kind: Row['kind']): MerchantEventType[] {
  return MERCHANT_EVENTS.filter((row) => row.kind === kind).map((row) => row.type);
}

/** The stable `webhook-id` of `event` for record `id`. */
export function webhookIdOf(id: string, event: Pick<MerchantEvent, 'slug'>): string {
  return `evt_${id}_${event.slug}`;
}

/** What each event means, as docs/webhooks.md says it (not read at runtime). */
export const EVENT_DESCRIPTIONS: Record<MerchantEventType, string> = {
  'payment.succeeded':
    'PENDING → SUCCESSFUL, or a late success (EXPIRED → SUCCESSFUL, or FAILED → SUCCESSFUL when the failure was our own conclusion)',
  'payment.failed':
    'PENDING → FAILED (`data.failureCode` says why: a documented code to show the payer a text for; `data.failureReason` has FeexPay’s words)',
  'payment.expired':
    'PENDING → EXPIRED (no answer within `PAYMENT_MAX_PENDING_SECONDS`, or `PAYMENT_UNCONFIRMED_EXPIRY_SECONDS` when nobody could confirm it)',
  'checkout.completed':
    'OPEN → PAID: an attempt succeeded (`data.paidPaymentId`, `data.orderId`, `data.amount`); late (`data.lateSuccess`) when the checkout had EXPIRED or was CANCELED',
  'checkout.expired': 'OPEN → EXPIRED: its time ran out with no attempt live and none paid',
  'checkout.overpaid':
    'A second attempt succeeded after another had paid the checkout (`data.overpaidPaymentIds`): refund it',
  'payout.succeeded':
    'PENDING → SUCCESSFUL: FeexPay confirmed the payout (amount and reference checked by a status read)',
  'payout.failed':
    'PENDING → FAILED (`data.failureCode` says why; `insufficient_balance`: top up the FeexPay balance, then make a new payout)',
  'refund.succeeded':
    'PENDING → SUCCESSFUL: the refund reached the payer (`data.paymentId`; the payment’s `amountRefunded` includes it)',
  'refund.failed':
    'PENDING → FAILED: its amount is refundable again (`data.failureCode` says why; make a new refund with a new Idempotency-Key)',
};
