/**
 * The table's daily AWS Backup (docs/deploy.md, "Backups and restore"). Point-in-time recovery
 * already lets an operator restore any second of the last 35 days into a new table; these copies
 * add what it cannot: recovery points in a vault of their own, which outlive the table and the
 * stack, and that nobody can delete before they expire.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  BackupPlan,
  BackupPlanRule,
  BackupResource,
  type BackupSelection,
  BackupVault,
} from 'aws-cdk-lib/aws-backup';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { runbookLink } from './observability/alarms.ts';

/** When the daily backup starts (UTC): the quietest hours of West Africa's day (UTC+0 and +1). */
export const BACKUP_HOUR_UTC = 2;

/** Runbook section of a failed backup. */
export const BACKUP_FAILED_RUNBOOK = 'table-backup-failed';

/** The states of a backup job that mean no recovery point was made. */
export const FAILED_BACKUP_STATES = ['FAILED', 'ABORTED', 'EXPIRED'] as const;

export interface TableBackupProps {
  table: ITableV2;
  /** Days each daily recovery point is kept (stage config `backupRetentionDays`). */
  retentionDays: number;
  /** Where a failed backup is reported (the alarm topic). */
  alarmTopic: ITopic;
}

/** A daily backup plan for the table, its vault, and a page when a backup fails. */
export class TableBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  readonly selection: BackupSelection;
  readonly failureRule: Rule;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      // Recovery points are financial records too: they stay when the stack goes, until they
      // expire, and no principal of the account may delete them or shorten their lives before.
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: `${Stack.of(this).stackName}-table`,
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ hour: String(BACKUP_HOUR_UTC), minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: Duration.days(props.retentionDays),
        }),
      ],
    });
    this.selection = this.plan.addSelection('Table', {
      resources: [BackupResource.fromArn(props.table.tableArn)],
      // Restores are an operator's act (docs/deploy.md), made with the operator's rights.
      allowRestores: false,
    });
    const role = this.selection.node.tryFindChild('Role');
    if (role) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason:
          'The AWS Backup service role takes AWS’s own backup policy: the actions a DynamoDB backup needs change with AWS Backup’s features and AWS maintains them there. Only AWS Backup can assume the role, and this plan selects only the payments table.',
      });
    }

    // A backup that did not happen is reported on the alarm topic, with its runbook.
    this.failureRule = new Rule(this, 'Failed', {
      description: 'A backup job of the payments table failed, was aborted or expired',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change'],
        detail: {
          state: [...FAILED_BACKUP_STATES],
          backupVaultName: [this.vault.backupVaultName],
        },
      },
      targets: [
        new SnsTopic(props.alarmTopic, {
          message: RuleTargetInput.fromText(
            `The daily backup of the payments table did not complete (${EventField.fromPath('$.detail.state')}: ${EventField.fromPath('$.detail.statusMessage')}). Runbook: ${runbookLink(BACKUP_FAILED_RUNBOOK)}`,
          ),
        }),
      ],
    });
    Validations.of(this.failureRule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        'EventBridge retries delivery to the SNS topic for 24 hours; a notification still lost leaves the failed job in AWS Backup’s job list, and tomorrow’s backup is a new job.',
    });
  }
}
