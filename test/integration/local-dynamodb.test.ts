/**
 * DynamoDB Local (local/dynamodb-local.ts): the table matches lib/table.ts, the JVM goes away on
 * stop, and a machine without Java gets one clear line.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../lib/table.ts';
import { localClientConfig } from '../../local/aws.ts';
import { PrerequisiteError, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { isPortFree } from '../../local/ports.ts';
import { testTable } from '../support/dynamodb.ts';
import { javaProcessesOnPort } from '../support/processes.ts';

describe('createTable', () => {
  it('creates the table lib/table.ts defines: on-demand, keys, GSIs, TTL', async () => {
    const { endpoint, tableName } = await testTable('local-dynamodb');
    const client = new DynamoDBClient(localClientConfig(endpoint));
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    client.destroy();

    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]),
    );
    for (const index of tableDefinition.globalSecondaryIndexes) {
      expect(indexes[index.indexName]?.KeySchema).toEqual([
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(indexes[index.indexName]?.Projection?.ProjectionType).toBe(index.projection);
      expect(indexes[index.indexName]?.Projection?.NonKeyAttributes).toEqual(
        index.nonKeyAttributes,
      );
    }
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: tableDefinition.timeToLiveAttribute,
    });
  });
});

describe('startDynamoDbLocal', () => {
  it('stops its JVM and frees its port', async () => {
    const dynamo = await startDynamoDbLocal();
    expect(javaProcessesOnPort(dynamo.port)).toHaveLength(1);
    await dynamo.stop();
    await dynamo.stop(); // idempotent
    expect(javaProcessesOnPort(dynamo.port)).toEqual([]);
    expect(await isPortFree(dynamo.port)).toBe(true);
  });

  it('says so in one line when the java on PATH is too old', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'old-java-'));
    const fake = join(dir, 'java');
    writeFileSync(
      fake,
      '#!/bin/sh\necho "Error: LinkageError occurred while loading main class ServerRunner" >&2\n' +
        'echo "java.lang.UnsupportedClassVersionError: has been compiled by a more recent version of the Java Runtime" >&2\nexit 1\n',
    );
    chmodSync(fake, 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}${delimiter}${path}`;
    try {
      const error = await startDynamoDbLocal().catch((e: Error) => e);
      expect(error).toBeInstanceOf(PrerequisiteError);
      expect((error as Error).message).toMatch(
        /^DynamoDB Local needs Java 17 or newer on PATH \(the java found is too old\)/,
      );
    } finally {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the missing prerequisite in one line when java is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const attempt = startDynamoDbLocal();
      await expect(attempt).rejects.toBeInstanceOf(PrerequisiteError);
      const error = await attempt.catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /^DynamoDB Local needs Java 17 or newer on PATH \(java not found\)/,
      );
      expect((error as Error).message).not.toContain('\n');
    } finally {
      process.env.PATH = path;
    }
  });
});
