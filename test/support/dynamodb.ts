/**
 * A fresh table for a test file, on the run's shared DynamoDB Local (test/support/global-setup.ts).
 * Outside that setup (another config, a script) it starts a private DynamoDB Local instead and
 * stops it when the process exits. And reads of stored items as they are, through the service's
 * own client (so it must point at the table's DynamoDB: a test stack or harness does that).
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTable, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { ddb } from '../../shared/clients/dynamodb.ts';
import { webhookDedupeKey, webhookEventKey } from '../../shared/keys.ts';

let privateEndpoint: Promise<string> | undefined;

/** The shared DynamoDB Local's endpoint (started on demand when no globalSetup provided one). */
export async function dynamoDbEndpoint(): Promise<string> {
  let provided = '';
  let unavailable = '';
  try {
    provided = inject('dynamoDbEndpoint');
    unavailable = inject('dynamoDbUnavailable');
  } catch {
    // Not under vitest's globalSetup.
  }
  if (provided) return provided;
  if (unavailable) throw new Error(unavailable);
  privateEndpoint ??= startDynamoDbLocal().then((dynamo) => dynamo.endpoint);
  return privateEndpoint;
}

/** A unique table name: `test-<file>-<random>` (DynamoDB allows [A-Za-z0-9_.-], 3–255). */
export function uniqueTableName(hint = 'table'): string {
  const clean = basename(hint)
    .replace(/\.test\.ts$/, '')
    .replace(/[^A-Za-z0-9_.-]/g, '-');
  return `test-${clean.slice(0, 60)}-${randomUUID().slice(0, 8)}`;
}

/** Creates the service's table under a unique name; returns where it is. */
export async function testTable(hint?: string): Promise<{ endpoint: string; tableName: string }> {
  const endpoint = await dynamoDbEndpoint();
  const tableName = uniqueTableName(hint);
  await createTable(endpoint, tableName);
  return { endpoint, tableName };
}

/** An item exactly as the table holds it (key attributes included), read consistently. */
export async function storedItem(
  tableName: string,
  key: { pk: string; sk: string },
): Promise<Record<string, unknown> | undefined> {
  const result = await ddb.send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  return result.Item;
}

/** The stored webhook event FeexPay's `status` webhook for `reference` (any case) made, if any. */
export function storedWebhookEvent(
  tableName: string,
  reference: string,
  status: string,
): Promise<Record<string, unknown> | undefined> {
  return storedItem(tableName, webhookEventKey(webhookDedupeKey(reference, status)));
}
