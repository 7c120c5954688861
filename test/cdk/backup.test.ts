/**
 * Backups and restores of the table (docs/deploy.md, "Backups and restore"): the daily AWS Backup
 * plan, on by default in prod and configurable in dev; a failed backup paged with its runbook; and
 * a stack pointed at a restored table.
 */
import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BACKUP_FAILED_RUNBOOK, BACKUP_HOUR_UTC } from '../../lib/backup.ts';
import { buildStack, logicalIdOf } from './helpers.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

function only(template: Template, type: string): Resource {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0] as Resource;
}

describe('the daily backup of the table', () => {
  it('is on in prod: one daily rule, kept 35 days, into a vault that outlives the stack', () => {
    const { template, config } = buildStack({ stage: 'prod' });
    expect(config.backupRetentionDays).toBe(35);
    const plan = only(template, 'AWS::Backup::BackupPlan');
    const rules = (plan.Properties.BackupPlan as { BackupPlanRule: Record<string, unknown>[] })
      .BackupPlanRule;
    expect(rules).toEqual([
      expect.objectContaining({
        RuleName: 'Daily',
        ScheduleExpression: `cron(0 ${BACKUP_HOUR_UTC} * * ? *)`,
        StartWindowMinutes: 60,
        CompletionWindowMinutes: 240,
        Lifecycle: { DeleteAfterDays: 35 },
      }),
    ]);
    const vault = only(template, 'AWS::Backup::BackupVault');
    expect(vault.DeletionPolicy).toBe('Retain');
    // Nobody may delete a recovery point, or shorten its life, before it expires.
    expect(vault.Properties.AccessPolicy).toMatchObject({
      Statement: [
        expect.objectContaining({
          Effect: 'Deny',
          Action: expect.arrayContaining(['backup:DeleteRecoveryPoint']),
        }),
      ],
    });
  });

  it('selects the table itself', () => {
    const { template } = buildStack({ stage: 'prod' });
    const table = logicalIdOf(template, 'AWS::DynamoDB::GlobalTable', 'Table');
    const selection = only(template, 'AWS::Backup::BackupSelection');
    expect(selection.Properties.BackupSelection).toMatchObject({
      Resources: [{ 'Fn::GetAtt': [table, 'Arn'] }],
    });
  });

  it('is off in dev unless asked for, with its retention from the config', () => {
    const { template } = buildStack({
      context: { backupEnabled: 'true', backupRetentionDays: '7' },
    });
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 7 } })] },
    });
    for (const type of ['AWS::Backup::BackupVault', 'AWS::Backup::BackupSelection']) {
      expect(Object.keys(buildStack().template.findResources(type))).toEqual([]);
    }
  });

  it('pages the alarm topic when a backup job of its vault fails, with the runbook', () => {
    const { template } = buildStack({ stage: 'prod' });
    const topic = logicalIdOf(template, 'AWS::SNS::Topic', 'AlarmTopic');
    const vault = Object.keys(template.findResources('AWS::Backup::BackupVault'))[0];
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find(
      (r) => (r as Resource).Properties.EventPattern !== undefined,
    ) as Resource;
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.backup'],
      'detail-type': ['Backup Job State Change'],
      detail: {
        state: ['FAILED', 'ABORTED', 'EXPIRED'],
        backupVaultName: [{ 'Fn::GetAtt': [vault, 'BackupVaultName'] }],
      },
    });
    const [target] = rule.Properties.Targets as { Arn: unknown; InputTransformer: unknown }[];
    expect(target?.Arn).toEqual({ Ref: topic });
    expect(JSON.stringify(target?.InputTransformer)).toContain(
      `docs/runbooks.md#${BACKUP_FAILED_RUNBOOK}`,
    );
    const runbooks = readFileSync(new URL('../../docs/runbooks.md', import.meta.url), 'utf8');
    expect(runbooks).toMatch(/^## Table backup failed$/m);
  });

  it('refuses a retention it cannot keep, naming the setting', () => {
    expect(() => buildStack({ context: { backupRetentionDays: '0' } })).toThrow(
      'Invalid stage config "dev": backupRetentionDays: must be at least 1',
    );
    expect(() => buildStack({ context: { backupEnabled: 'yes' } })).toThrow(
      'backupEnabled: must be true or false',
    );
  });
});

describe('a stack pointed at a restored table (existingTableName)', () => {
  const name = 'feexpay-restored-20260131';
  const { template } = buildStack({ stage: 'prod', context: { existingTableName: name } });
  const text = JSON.stringify(template.toJSON());

  it('creates no table, names the restored one to every function that uses the table', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(template.findOutputs('TableName').TableName?.Value).toBe(name);
    const withTable = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => (fn as Resource).Properties.Environment !== undefined,
    ) as Resource[];
    const tableNames = withTable
      .map((fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables)
      .filter((v) => 'TABLE_NAME' in v)
      .map((v) => v.TABLE_NAME);
    expect(tableNames.length).toBeGreaterThan(0);
    expect(new Set(tableNames)).toEqual(new Set([name]));
  });

  it('grants on that table and its indexes only, and backs it up', () => {
    expect(text).toContain(`:table/${name}"`);
    expect(text).toContain(`:table/${name}/index/`);
    const selection = only(template, 'AWS::Backup::BackupSelection');
    expect(JSON.stringify(selection.Properties.BackupSelection)).toContain(`:table/${name}`);
  });

  it('refuses a name DynamoDB would refuse', () => {
    expect(() => buildStack({ context: { existingTableName: 'a b' } })).toThrow(
      'existingTableName: must be a DynamoDB table name',
    );
  });
});
