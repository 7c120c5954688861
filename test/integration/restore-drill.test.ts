/**
 * The restore drill (`npm run restore-drill`, docs/deploy.md, "Restore drill") end to end against
 * DynamoDB Local: payments in every state through a local stack, the table exported and deleted,
 * a fresh stack started from the export, and the check that everything came back. Then the check
 * itself: a restore that lost a payment, or a payment's pending work, fails it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DeleteItemCommand, ListTablesCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUE_WORK_INDEX, dueWorkKind, dynamoDb, readExport } from '../../local/restore.ts';
import { paymentKey } from '../../shared/keys.ts';
import { dynamoDbEndpoint, uniqueTableName } from '../support/dynamodb.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'restore-drill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run restore-drill -- …args`, as an operator runs it; the JSON report and the exit code. */
async function restoreDrill(args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'scripts/restore-drill.ts'), ...args, '--json'],
      {
        cwd: ROOT,
        env: { ...process.env, LOCAL_STATE_DIR: dir, POWERTOOLS_METRICS_DISABLED: 'true' },
        maxBuffer: 10_000_000,
      },
    );
    return { code: 0, report: JSON.parse(stdout.trim().split('\n').pop() ?? '') };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (typeof failed.code !== 'number') throw error;
    const last = failed.stdout.trim().split('\n').pop() ?? '';
    return { code: failed.code, report: last ? JSON.parse(last) : { stderr: failed.stderr } };
  }
}

/** How the check names an item: `pk|sk`. */
const keyOf = (id: string) => `${paymentKey(id).pk}|${paymentKey(id).sk}`;

let endpoint: string;
// biome-ignore lint/suspicious/noExplicitAny: the report is the script's JSON
let drill: { code: number; report: any };
beforeAll(async () => {
  endpoint = await dynamoDbEndpoint();
  drill = await restoreDrill(['--endpoint', endpoint, '--out', join(dir, 'drill')]);
}, 180_000);

describe('npm run restore-drill', () => {
  it('passes: a fresh stack from the export has every item, index entry and payment back', () => {
    expect(drill.report.problems).toEqual([]);
    expect(drill.code).toBe(0);
    const { check } = drill.report;
    expect(check.table).toMatchObject({ missing: [], changed: [], extra: [] });
    for (const index of Object.values(check.table.indexes) as { unreachable: string[] }[]) {
      expect(index.unreachable).toEqual([]);
    }
    expect(check.service).toEqual({ payments: 9, problems: [] });
  });

  it('exported payments in every state, with their events and their pending work of each kind', async () => {
    const { exported, file, seeded } = drill.report;
    expect(exported.payments).toEqual({
      total: 9,
      byStatus: { SUCCESSFUL: 4, FAILED: 3, EXPIRED: 1, PENDING: 1 },
    });
    expect(exported.lateSuccesses).toBe(1);
    expect(exported.retryLinks).toBe(1);
    expect(exported.events).toBeGreaterThanOrEqual(9 * 2);
    // The reconciler's work: a pending check, an outbox not taken over, a late-success watch.
    expect(exported.dueWork).toEqual({ check: 1, outbox: 1, recheck: 1 });
    expect(exported.webhookEvents).toBeGreaterThan(0);
    // Every item of the table is in the file, one DynamoDB JSON line each.
    const items = await readExport(file);
    expect(items).toHaveLength(exported.items);
    const due = new Map(
      items
        .filter((item) => item[DUE_WORK_INDEX.partitionKey.name])
        .map((item) => [item.id?.S, dueWorkKind(item[DUE_WORK_INDEX.partitionKey.name]?.S)]),
    );
    expect(due).toEqual(
      new Map([
        [seeded.pending, 'check'],
        [seeded.outbox, 'outbox'],
        [seeded.expired, 'recheck'],
      ]),
    );
  });

  it('lost the source table before restoring, so only the export brought the payments back', async () => {
    const client = dynamoDb(endpoint);
    const tables = await client.send(new ListTablesCommand({}));
    client.destroy();
    expect(tables.TableNames).not.toContain(drill.report.source);
    expect(tables.TableNames).toContain(drill.report.restored);
  });

  it('the check fails, naming what is missing, when a payment or its pending work did not come back', async () => {
    const { file, seeded } = drill.report;
    const table = uniqueTableName('restore-drill');
    const step = (command: string) =>
      restoreDrill([command, '--endpoint', endpoint, '--from', file, '--table', table]);
    const restored = await step('restore');
    expect(restored.code).toBe(0);

    const client = dynamoDb(endpoint);
    // One payment lost, and the PENDING payment's pending check lost with its index entry.
    const key = (id: string) => ({ pk: { S: paymentKey(id).pk }, sk: { S: paymentKey(id).sk } });
    await client.send(new DeleteItemCommand({ TableName: table, Key: key(seeded.succeeded) }));
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key(seeded.pending),
        UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
      }),
    );
    client.destroy();

    const checked = await step('check');
    expect(checked.code).toBe(1);
    expect(checked.report.problems).toEqual(
      expect.arrayContaining([
        `missing: ${keyOf(seeded.succeeded)}`,
        `changed: ${keyOf(seeded.pending)}`,
        `not found through index ${DUE_WORK_INDEX.indexName}: ${keyOf(seeded.pending)}`,
      ]),
    );
  });

  it('explains itself', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'scripts/restore-drill.ts'), '--help'],
      { cwd: ROOT },
    );
    expect(stdout).toContain('Usage: npm run restore-drill');
    for (const command of ['seed', 'export', 'restore', 'check']) expect(stdout).toContain(command);
  });
});
