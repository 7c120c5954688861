/**
 * The one DynamoDB table, as plain data: the CDK stack builds it from this and the local stack
 * creates the same table in DynamoDB Local. Key design and access patterns: docs/data-model.md.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  /** Named after the access pattern it serves. */
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: 'ALL' | 'KEYS_ONLY';
}

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
      indexName: 'byOwner',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
    {
      // A payment by FeexPay's reference (webhooks that carry no callback_info).
      indexName: 'byReference',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // PENDING payments due for a re-check, sharded (reconciler). Sparse: final payments drop out.
      indexName: 'byPendingCheck',
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
  ],
};
