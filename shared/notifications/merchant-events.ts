/**
 * The merchant-event contract, one row per event type: which record kind and final status
 * announce it, its `webhook-id` (`evt_<record id>_<slug>`, stable across retries and re-sends), the
 * business metric counted when it happens, and what it means. The transition, the notifier, the
 * re-send tool and the OpenAPI document all read this table; a new event type is a new row (and
 * its line in docs/webhooks.md). Dependency-free: the CDK app reads it too.
 */

export interface MerchantEvent {
  type: string;
  /** The record kind whose change announces it. */
  kind: 'payment';
  /** The status the record reaches. */
  status: string;
  /** Last part of the `webhook-id`. */
  slug: string;
  metric: string;
  description: string;
}

export const MERCHANT_EVENTS = [
  {
    type: 'payment.succeeded',
    kind: 'payment',
    status: 'SUCCESSFUL',
    slug: 'succeeded',
    metric: 'PaymentSucceeded',
    description:
      'PENDING → SUCCESSFUL, or a late success (EXPIRED → SUCCESSFUL, or FAILED → SUCCESSFUL when the failure was our own conclusion)',
  },
  {
    type: 'payment.failed',
    kind: 'payment',
    status: 'FAILED',
    slug: 'failed',
    metric: 'PaymentFailed',
    description: 'PENDING → FAILED (`data.failureReason` says why)',
  },
  {
    type: 'payment.expired',
    kind: 'payment',
    status: 'EXPIRED',
    slug: 'expired',
    metric: 'PaymentExpired',
    description: 'PENDING → EXPIRED (no answer within `PAYMENT_MAX_PENDING_SECONDS`)',
  },
] as const satisfies readonly MerchantEvent[];

type Row = (typeof MERCHANT_EVENTS)[number];
export type MerchantEventType = Row['type'];
export type MerchantEventMetric = Row['metric'];
/** The statuses of a payment that announce an event: its final ones. */
export type NotifiedPaymentStatus = Extract<Row, { kind: 'payment' }>['status'];

/** The event a payment reaching `status` announces. */
export function paymentEvent<S extends NotifiedPaymentStatus>(
  status: S,
): Extract<Row, { kind: 'payment'; status: S }> {
  return MERCHANT_EVENTS.find((row) => row.kind === 'payment' && row.status === status) as Extract<
    Row,
    { kind: 'payment'; status: S }
  >;
}

/** The event types of one record kind, in table order. */
export function eventTypesOf(kind: MerchantEvent['kind']): MerchantEventType[] {
  return MERCHANT_EVENTS.filter((row) => row.kind === kind).map((row) => row.type);
}

/** The stable `webhook-id` of `event` for record `id`. */
export function webhookIdOf(id: string, event: Pick<MerchantEvent, 'slug'>): string {
  return `evt_${id}_${event.slug}`;
}
