/**
 * The table-level half of the restore drill (`npm run restore-drill`, docs/deploy.md, "Restore
 * drill"): export every item of a table, write an export into a new table, and check that a
 * restored table holds every exported item and answers every index query the service makes.
 *
 * The export is the format of DynamoDB's own export to S3 (`DYNAMODB_JSON`): one `{"Item": …}` per
 * line, attribute values as DynamoDB types them, so the file is also what `aws dynamodb
 * import-table` reads. These are operator tools: the one place a Scan is right is reading a whole
 * table on purpose (the service itself never scans).
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { type IndexDefinition, tableDefinition } from '../lib/table.ts';
import {
  type DueWork,
  dueWorkPk,
  INDEX,
  isPaymentSk,
  paymentIdOf,
  webhookEventKey,
} from '../shared/keys.ts';
import { localClientConfig } from './aws.ts';

export type Item = Record<string, AttributeValue>;

/** A client for DynamoDB Local at `endpoint`. */
export function dynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 5 });
}

/** The string value of an attribute, if it is one. */
function text(item: Item, name: string): string | undefined {
  return item[name]?.S;
}

/** `pk|sk`: an item's identity in the table. */
export function itemKey(item: Item): string {
  const { partitionKey, sortKey } = tableDefinition;
  return `${text(item, partitionKey.name)}|${text(item, sortKey.name)}`;
}

/** Every item of `table`, in pages, read consistently. */
export async function* scanAll(client: DynamoDBClient, table: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Writes every item of `table` to `file` (DynamoDB JSON lines); returns how many. */
export async function exportTable(
  client: DynamoDBClient,
  table: string,
  file: string,
): Promise<number> {
  const lines: string[] = [];
  for await (const item of scanAll(client, table)) lines.push(JSON.stringify({ Item: item }));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, lines.length ? `${lines.join('\n')}\n` : '');
  return lines.length;
}

/** The items of an export file. */
export async function readExport(file: string): Promise<Item[]> {
  const items: Item[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as { Item?: Item };
    if (!parsed.Item || typeof parsed.Item !== 'object') {
      throw new Error(`${file}:${number}: not a DynamoDB JSON line ({"Item": {…}})`);
    }
    items.push(parsed.Item);
  }
  return items;
}

/** Writes every item of an export into `table` (which exists, empty), 25 at a time. */
export async function writeItems(
  client: DynamoDBClient,
  table: string,
  items: readonly Item[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 10) throw new Error(`DynamoDB left ${requests.length} items unwritten`);
      const result = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** What a table holds, in the service's terms. */
export interface TableSummary {
  items: number;
  payments: { total: number; byStatus: Record<string, number> };
  /** Entries of the payments' audit trails (`events`), all payments together. */
  events: number;
  /** Payments that succeeded after we had expired or failed them (`lateSuccess`). */
  lateSuccesses: number;
  /** Retries linked to the payment they retry (`retryOf`; the original lists them in `attempts`). */
  retryLinks: number;
  /**
   * The reconciler's work on the due-work index, by kind (shared/keys.ts, `DueWork`): pending
   * checks, outboxes not taken over, the late-success watch.
   */
  dueWork: Partial<Record<DueWork, number>>;
  webhookEvents: number;
  other: number;
}

/** The index the reconciler reads its work from. */
export const DUE_WORK_INDEX: IndexDefinition = (() => {
  const index = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === INDEX.byDueWork);
  if (!index) throw new Error(`lib/table.ts declares no ${INDEX.byDueWork} index`);
  return index;
})();

const DUE_WORK_KINDS: readonly DueWork[] = ['check', 'outbox', 'recheck'];

/** The kind of a due-work entry, from its partition key (`<PREFIX>#<shard>`). */
export function dueWorkKind(pk: string | undefined): DueWork | undefined {
  const prefix = pk?.split('#')[0];
  return DUE_WORK_KINDS.find((kind) => dueWorkPk(kind, 0).split('#')[0] === prefix);
}

export function isPayment(item: Item): boolean {
  return paymentIdOf(text(item, 'pk')) !== undefined && isPaymentSk(text(item, 'sk'));
}

const WEBHOOK_EVENT_PREFIX = webhookEventKey('').pk;

export function summarise(items: readonly Item[]): TableSummary {
  const summary: TableSummary = {
    items: items.length,
    payments: { total: 0, byStatus: {} },
    events: 0,
    lateSuccesses: 0,
    retryLinks: 0,
    dueWork: {},
    webhookEvents: 0,
    other: 0,
  };
  for (const item of items) {
    const kind = dueWorkKind(text(item, DUE_WORK_INDEX.partitionKey.name));
    if (kind) summary.dueWork[kind] = (summary.dueWork[kind] ?? 0) + 1;
    if (isPayment(item)) {
      const status = text(item, 'status') ?? '?';
      summary.payments.total++;
      summary.payments.byStatus[status] = (summary.payments.byStatus[status] ?? 0) + 1;
      summary.events += item.events?.L?.length ?? 0;
      if (item.lateSuccess?.BOOL) summary.lateSuccesses++;
      if (item.retryOf?.S) summary.retryLinks++;
    } else if (text(item, 'pk')?.startsWith(WEBHOOK_EVENT_PREFIX)) {
      summary.webhookEvents++;
    } else {
      summary.other++;
    }
  }
  return summary;
}

/** How a restored table compares with the export it was restored from. */
export interface TableCheck {
  /** Exported items the table lacks (`pk|sk`). */
  missing: string[];
  /** Items the table holds with other attributes than exported. */
  changed: string[];
  /** Items the table holds that were not exported. */
  extra: string[];
  /** Per index: entries the export implies, and those a Query of the table's index did not find. */
  indexes: Record<string, { entries: number; unreachable: string[] }>;
}

/**
 * Compares `table` with the exported `items`: every item back with the same attributes, nothing
 * else, and every index entry an item implies found by a Query of that index, the way the service
 * asks (the reconciler's due work, a user's history, a FeexPay reference).
 */
export async function checkTable(
  client: DynamoDBClient,
  table: string,
  items: readonly Item[],
): Promise<TableCheck> {
  const expected = new Map(items.map((item) => [itemKey(item), item]));
  const seen = new Set<string>();
  const check: TableCheck = { missing: [], changed: [], extra: [], indexes: {} };
  for await (const item of scanAll(client, table)) {
    const key = itemKey(item);
    seen.add(key);
    const exported = expected.get(key);
    if (!exported) check.extra.push(key);
    else if (!isDeepStrictEqual(item, exported)) check.changed.push(key);
  }
  check.missing = [...expected.keys()].filter((key) => !seen.has(key));

  for (const index of tableDefinition.globalSecondaryIndexes) {
    const result = { entries: 0, unreachable: [] as string[] };
    for (const item of items) {
      const pk = item[index.partitionKey.name];
      const sk = item[index.sortKey.name];
      if (!pk || !sk) continue;
      result.entries++;
      if (!(await indexFinds(client, table, index, pk, sk, itemKey(item)))) {
        result.unreachable.push(itemKey(item));
      }
    }
    check.indexes[index.indexName] = result;
  }
  return check;
}

/** Whether a Query of `index` for exactly (`pk`, `sk`) returns the item `key`. */
async function indexFinds(
  client: DynamoDBClient,
  table: string,
  index: IndexDefinition,
  pk: AttributeValue,
  sk: AttributeValue,
  key: string,
): Promise<boolean> {
  let start: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': index.partitionKey.name, '#sk': index.sortKey.name },
        ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
        ExclusiveStartKey: start,
      }),
    );
    if (page.Items?.some((found) => itemKey(found) === key)) return true;
    start = page.LastEvaluatedKey;
  } while (start);
  return false;
}

/** True when the check found nothing wrong. */
export function tableCheckPassed(check: TableCheck): boolean {
  return (
    check.missing.length === 0 &&
    check.changed.length === 0 &&
    check.extra.length === 0 &&
    Object.values(check.indexes).every((i) => i.unreachable.length === 0)
  );
}
