/**
 * The records merchant notifications are about, by the event's record kind (the `kind` column of
 * merchant-events.ts): where the notifier reads the record's outbox and delivery history, and
 * where it records each attempt (taking the outbox over with the first). A new record kind that
 * notifies is a line here.
 */
import * as checkouts from '../checkouts/store.ts';
import type { NotificationAttempt, OutboxEntry, Payment } from '../payments/model.ts';
import * as payments from '../payments/store.ts';
import * as payouts from '../payouts/store.ts';
import { outboxTakeOver } from '../reconcile/backoff.ts';
import { MERCHANT_EVENTS, type MerchantEventType } from './merchant-events.ts';

/** What the notifier needs of a record. */
export interface NotifiedRecord {
  outbox?: OutboxEntry;
  notifications?: NotificationAttempt[];
}

export interface NotifiedRecords {
  get(id: string): Promise<NotifiedRecord | undefined>;
  /** How taking this record's outbox over is written (an expired payment joins its watch). */
  takeOverOf(record: NotifiedRecord): payments.OutboxTakeOver | undefined;
  recordAttempt(
    id: string,
    attempt: NotificationAttempt,
    takeOver: payments.OutboxTakeOver | undefined,
  ): Promise<void>;
  release(id: string, takeOver: payments.OutboxTakeOver): Promise<void>;
}

/** Payouts and refunds: one record kind (a refund is a payout with its payment). */
const PAYOUT_RECORDS: NotifiedRecords = {
  get: (id) => payouts.get(id, { consistent: true }),
  takeOverOf: (record) => (record.outbox ? { webhookId: record.outbox.webhookId } : undefined),
  recordAttempt: payouts.recordNotificationAttempt,
  release: payouts.releaseOutbox,
};

const RECORDS: Record<(typeof MERCHANT_EVENTS)[number]['kind'], NotifiedRecords> = {
  payment: {
    get: (id) => payments.get(id, { consistent: true }),
    takeOverOf: (record) => outboxTakeOver(record as Payment),
    recordAttempt: payments.recordNotificationAttempt,
    release: payments.releaseOutbox,
  },
  checkout: {
    get: (id) => checkouts.get(id, { consistent: true }),
    takeOverOf: (record) => (record.outbox ? { webhookId: record.outbox.webhookId } : undefined),
    recordAttempt: checkouts.recordNotificationAttempt,
    release: checkouts.releaseOutbox,
  },
  payout: PAYOUT_RECORDS,
  refund: PAYOUT_RECORDS,
};

/** The records of an event type. */
export function recordsOf(type: MerchantEventType): NotifiedRecords {
  const kind = MERCHANT_EVENTS.find((event) => event.type === type)?.kind ?? 'payment';
  return RECORDS[kind];
}
