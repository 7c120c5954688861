/**
 * The one DynamoDB table, as plain data: the CDK stack builds it from this and the local stack
 * creates the same table in DynamoDB Local. Keys: shared/keys.ts; design and access patterns:
 * docs/data-model.md.
 */
import { INDEX, type RecordKind } from '../shared/keys.ts';

/**
 * The one module that sends DynamoDB commands for each record kind (its keys: `KEY_PATTERNS` in
 * shared/keys.ts). lib/code-access.ts attributes every command in a function's bundle to the kind
 * of the module it sits in, and a command anywhere else fails test/unit/grants-from-code.test.ts.
 */
export const STORE_MODULES: Readonly<Record<RecordKind, string>> = {
  payment: 'shared/payments/store.ts',
  checkout: 'shared/checkouts/store.ts',
  payout: 'shared/payouts/store.ts',
  webhookEvent: 'shared/webhooks/store.ts',
  rateWindow: 'shared/rate-limit.ts',
  health: 'shared/health.ts',
  networkHealth: 'shared/back-office/network-health-store.ts',
};

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  /** Named after the access pattern it serves. */
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** With `INCLUDE`: the attributes copied into the index besides the keys. */
  nonKeyAttributes?: string[];
}

/**
 * What the history page returns of each payment (`toPublicPayment` in shared/payments/model.ts;
 * test/unit/table-projection.test.ts keeps the two in step). Only these are copied into
 * `byOwner`, so a write that changes none of them (an attempt record, the outbox, the stored
 * answer, the audit trail) writes the table alone, and one that does pays for the small index
 * entry rather than the whole item again.
 */
export const PUBLIC_PAYMENT_ATTRIBUTES = [
  'id',
  'status',
  'amount',
  'currency',
  'network',
  'phoneNumber',
  'description',
  'metadata',
  'paymentUrl',
  'failureReason',
  'failureCode',
  'awaitingOtp',
  'retryOf',
  'attempts',
  'checkoutId',
  'orderId',
  'createdAt',
  'updatedAt',
];

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Epoch seconds. DynamoDB deletes expired items eventually: code never relies on it. */
  timeToLiveAttribute: string;
  globalSecondaryIndexes: IndexDefinition[];
}

export const tableDefinition: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      // A user's payments, newest first (history).
      indexName: INDEX.byOwner,
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'INCLUDE',
      nonKeyAttributes: PUBLIC_PAYMENT_ATTRIBUTES,
    },
    {
      // A payment by FeexPay's reference (webhooks that carry no callback_info).
      indexName: INDEX.byReference,
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // The reconciler's work by due time, sharded: PENDING payments to check, notifications to
      // re-send, EXPIRED payments to re-check. Sparse: a settled payment with nothing due drops out.
      // Renamed from byPendingCheck: upgrading a deployed stack, docs/data-model.md.
      indexName: INDEX.byDueWork,
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // Every payment by creation day, sharded ten ways (the merchant's list, GET payments/).
      // Keys only: the entry is written once, with the payment, and never changes.
      indexName: INDEX.byCreated,
      partitionKey: { name: 'gsi4pk', type: 'S' },
      sortKey: { name: 'gsi4sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // The back office's search by phone number: a keyed hash of it (never the number), written
      // once with the payment. Keys only: the search reads the payments it finds.
      indexName: INDEX.byPhone,
      partitionKey: { name: 'gsi5pk', type: 'S' },
      sortKey: { name: 'gsi5sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
  ],
};
