/**
 * The whole service in one stack, built from the route table (`lib/routes.ts`) and the table
 * definition (`lib/table.ts`): later features only add rows there. Every function is a
 * ServiceFunction and gets exactly the grants its row names.
 */
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AttributeType,
  Billing,
  type ITableV2,
  ProjectionType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Schedule as EventsSchedule, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PaymentsApi } from './api.ts';
import { TableBackup } from './backup.ts';
import type { StageConfig } from './config.ts';
import { Observability } from './observability.ts';
import { ServiceQueue } from './queues.ts';
import type { Consumer, DefaultRoute, QueueId, Route, Schedule } from './routes.ts';
import * as routeTable from './routes.ts';
import { DEFAULT_TIMEOUT_SECONDS } from './routes.ts';
import { API_MAX_TIMEOUT_SECONDS, type InvokedBy, ServiceFunction } from './service-function.ts';
import { type TableDefinition, tableDefinition } from './table.ts';

/** The schedule row whose cadence `reconcileEveryMinutes` (stage config) can override. */
export const RECONCILER_SCHEDULE_ID = 'PaymentsReconcile';

/** The route table's shape; injectable so tests can prove new rows deploy. */
export interface RouteTable {
  routes: readonly Route[];
  /** The function behind API Gateway's `$default` route. */
  defaultRoute: DefaultRoute;
  queues: readonly QueueId[];
  consumers: readonly Consumer[];
  schedules: readonly Schedule[];
}

export interface PaymentsStackProps extends StackProps {
  config: StageConfig;
  /** @default the rows of lib/routes.ts */
  routeTable?: RouteTable;
  /** @default lib/table.ts */
  table?: TableDefinition;
}

/** The deployed FeexPay payments service for one stage. */
export class PaymentsStack extends Stack {
  /** The stack's own table, or the existing one `existingTableName` names (a restore). */
  readonly table: ITableV2;
  /** The table's daily backup, when `backupEnabled`. */
  readonly backup?: TableBackup;
  readonly secret: ISecret;
  readonly api: PaymentsApi;
  readonly alarmTopic: Topic;
  readonly observability: Observability;
  readonly queues: ReadonlyMap<QueueId, ServiceQueue>;
  /** Every function, by row id (`$default`'s included). */
  readonly functions: ReadonlyMap<string, ServiceFunction>;

  constructor(scope: Construct, id: string, props: PaymentsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const rows: RouteTable = props.routeTable ?? routeTable;
    const functions = new Map<string, ServiceFunction>();

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `FeexPay payments alarms (${config.stage})`,
      enforceSSL: true,
    });
    for (const email of config.alarmEmails) {
      this.alarmTopic.addSubscription(new EmailSubscription(email));
    }
    if (config.alarmEmails.length > 0) {
      Validations.of(this.alarmTopic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'Email subscriptions to the alarm topic: an undelivered email loses nothing, the alarm state stays in CloudWatch (console, dashboard) until resolved.',
      });
    }
    // Not encrypted: SNS-managed encryption (SSE with aws/sns) cannot be used by CloudWatch
    // alarms, the main publisher, and a customer key would add cost for alarm text that holds no
    // secrets and no payment data.

    this.table = config.existingTableName
      ? TableV2.fromTableName(this, 'Table', config.existingTableName)
      : this.createTable(props.table ?? tableDefinition, config);
    if (config.backupEnabled) {
      this.backup = new TableBackup(this, 'Backup', {
        table: this.table,
        retentionDays: config.backupRetentionDays,
        alarmTopic: this.alarmTopic,
      });
    }
    this.secret = this.createSecret(config);

    const environment = settingsEnvironment(config);
    const newFunction = (
      rowId: string,
      entry: string,
      timeoutSeconds: number,
      description: string,
      invokedBy: InvokedBy,
    ): ServiceFunction => {
      if (functions.has(rowId)) throw new Error(`Duplicate route-table id "${rowId}"`);
      const fn = new ServiceFunction(this, `${rowId}Fn`, {
        entry,
        description,
        timeout: Duration.seconds(timeoutSeconds),
        logRetentionDays: config.logRetentionDays,
        environment,
        invokedBy,
        sentry: config.sentryDsn !== undefined,
      });
      functions.set(rowId, fn);
      return fn;
    };

    // Queues first: a queue's visibility timeout follows its consumer's function timeout.
    const queues = new Map<QueueId, ServiceQueue>();
    const alarmAction = new SnsAction(this.alarmTopic);
    for (const queueId of rows.queues) {
      const consumer = rows.consumers.find((c) => c.queue === queueId);
      const consumerTimeout = consumer?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.consumer;
      queues.set(
        queueId,
        new ServiceQueue(this, `${pascal(queueId)}Queue`, {
          consumerTimeout: Duration.seconds(consumerTimeout),
          alarmAction,
          runbook: `${queueId}-dlq-not-empty`,
          ageAlarmSeconds: config.alarmQueueAgeSeconds,
          ageRunbook: `${queueId}-queue-backlog`,
        }),
      );
    }
    this.queues = queues;
    const resources = {
      table: this.table,
      secret: this.secret,
      queues: new Map<QueueId, IQueue>([...queues].map(([queueId, q]) => [queueId, q.queue])),
    };

    const { defaultRoute } = rows;
    const defaultFunction = newFunction(
      defaultRoute.id,
      defaultRoute.entry,
      defaultRoute.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.route,
      '$default route: 404/405 problem+json',
      'api',
    );
    defaultFunction.applyGrants(defaultRoute.grants, resources);
    this.api = new PaymentsApi(this, 'Api', {
      config,
      defaultFunction,
      ...(defaultRoute.throttle ? { defaultThrottle: defaultRoute.throttle } : {}),
    });

    for (const route of rows.routes) {
      const timeout = route.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.route;
      if (timeout > API_MAX_TIMEOUT_SECONDS) {
        throw new Error(
          `Route ${route.id}: timeoutSeconds ${timeout} exceeds ${API_MAX_TIMEOUT_SECONDS} (API Gateway answers 503 after 30 s)`,
        );
      }
      const fn = newFunction(
        route.id,
        route.entry,
        timeout,
        `${route.method} ${route.path}`,
        'api',
      );
      fn.applyGrants(route.grants, resources);
      if (route.reservedConcurrency !== undefined && config.reserveConcurrency) {
        (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions =
          route.reservedConcurrency;
      }
      this.api.addRoute(route, fn);
    }

    for (const consumer of rows.consumers) {
      const queue = queues.get(consumer.queue);
      if (!queue) throw new Error(`Consumer ${consumer.id}: unknown queue "${consumer.queue}"`);
      if (rows.consumers.filter((c) => c.queue === consumer.queue).length > 1) {
        throw new Error(`Queue "${consumer.queue}" has more than one consumer`);
      }
      const fn = newFunction(
        consumer.id,
        consumer.entry,
        consumer.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.consumer,
        `Consumer of the ${consumer.queue} queue`,
        'queue',
      );
      fn.applyGrants(consumer.grants, resources);
      fn.consume(consumer.queue, queue.queue, {
        batchSize: consumer.batchSize,
        maxBatchingWindowSeconds: consumer.maxBatchingWindowSeconds,
        maxConcurrency: consumer.maxConcurrency,
      });
    }

    let reconcileEveryMinutes = 5;
    for (const schedule of rows.schedules) {
      const everyMinutes =
        schedule.id === RECONCILER_SCHEDULE_ID
          ? (config.reconcileEveryMinutes ?? schedule.everyMinutes)
          : schedule.everyMinutes;
      const fn = newFunction(
        schedule.id,
        schedule.entry,
        schedule.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.schedule,
        `Runs every ${everyMinutes} min`,
        'schedule',
      );
      if (schedule.id === RECONCILER_SCHEDULE_ID) reconcileEveryMinutes = everyMinutes;
      fn.applyGrants(schedule.grants, resources);
      const rule = new Rule(this, `${schedule.id}Schedule`, {
        description: `${schedule.id} every ${everyMinutes} minute(s)`,
        schedule: EventsSchedule.rate(Duration.minutes(everyMinutes)),
        // A missed run is harmless (the next one catches up), so no retries pile up.
        targets: [new LambdaFunction(fn, { retryAttempts: 0 })],
      });
      Validations.of(rule).acknowledge({
        id: 'Serverless-EventBusDLQ',
        reason:
          'A lost scheduled trigger needs no replay: every run re-reads its due work from the table, so the next run (minutes later) does what a missed one would have.',
      });
    }
    this.functions = functions;

    this.observability = new Observability(this, 'Observability', {
      config,
      apiStage: this.api.stage,
      functions,
      queues,
      alarmAction,
      reconcileEveryMinutes,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'WebhookUrlHint', {
      value: `${this.api.url}${routeTable.API_BASE_PATH.slice(1)}/webhook?token=<webhookToken from the secret>`,
      description: 'Register this at FeexPay with the real token (never commit it)',
    });
    new CfnOutput(this, 'SecretArn', {
      value: this.secret.secretArn,
      description:
        'FeexPay settings secret; set its values with aws secretsmanager put-secret-value',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    if (this.backup) {
      new CfnOutput(this, 'BackupVaultName', {
        value: this.backup.vault.backupVaultName,
        description: 'The daily backups of the table (docs/deploy.md, "Backups and restore")',
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'ApiAccessLogGroup', {
      value: this.api.accessLogs.logGroupName,
      description: 'API Gateway access logs (JSON: status, routeKey, responseLatency, requestId)',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.observability.dashboard.dashboardName}`,
      description: 'The on-call dashboard (API, functions, queues, business)',
    });
    // The operator tools (npm run redrive, resend-notifications) take these URLs.
    for (const [queueId, queue] of queues) {
      const name = pascal(queueId);
      new CfnOutput(this, `${name}QueueUrl`, { value: queue.queue.queueUrl });
      new CfnOutput(this, `${name}DlqUrl`, { value: queue.deadLetterQueue.queueUrl });
    }
  }

  private createTable(definition: TableDefinition, config: StageConfig): TableV2 {
    const attribute = (a: { name: string; type: 'S' | 'N' }) => ({
      name: a.name,
      type: a.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
    });
    return new TableV2(this, 'Table', {
      partitionKey: attribute(definition.partitionKey),
      sortKey: attribute(definition.sortKey),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.timeToLiveAttribute,
      deletionProtection: config.retainData,
      // Payments are financial records: prod keeps them even if the stack is deleted.
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      globalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType[index.projection],
        ...(index.nonKeyAttributes ? { nonKeyAttributes: index.nonKeyAttributes } : {}),
      })),
    });
  }

  /**
   * The FeexPay settings secret. Created with a generated `webhookToken` and placeholders the
   * operator replaces (`apiKey`, `shopId`, and `merchantWebhookSecret`, which must be `whsec_` +
   * base64 and so cannot be generated here); or imported by complete ARN from config.
   */
  private createSecret(config: StageConfig): ISecret {
    if (config.existingSecretArn) {
      return Secret.fromSecretCompleteArn(this, 'FeexPaySecret', config.existingSecretArn);
    }
    const secret = new Secret(this, 'FeexPaySecret', {
      description:
        'FeexPay settings {apiKey, shopId, webhookToken, merchantWebhookSecret}; set apiKey, shopId and merchantWebhookSecret with aws secretsmanager put-secret-value',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          apiKey: 'SET_ME',
          shopId: 'SET_ME',
          merchantWebhookSecret: 'SET_ME',
        }),
        generateStringKey: 'webhookToken',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The values are FeexPay credentials, a token registered at FeexPay and a secret shared with the merchant: each rotation needs a step at FeexPay or the merchant, so it is an operator procedure with an overlap (docs/runbooks.md, "Rotating secrets"), not a rotation Lambda.',
    });
    return secret;
  }
}

/** Non-secret settings every function receives (secrets only ever travel as the secret's ARN). */
function settingsEnvironment(config: StageConfig): Record<string, string> {
  return {
    STAGE: config.stage,
    FEEXPAY_BASE_URL: config.feexpayBaseUrl,
    MERCHANT_WEBHOOK_URL: config.merchantWebhookUrl,
    PAYMENT_MAX_PENDING_SECONDS: String(config.paymentMaxPendingSeconds),
    PAYMENT_UNCONFIRMED_EXPIRY_SECONDS: String(config.paymentUnconfirmedExpirySeconds),
    RATE_LIMIT_PER_MINUTE: String(config.rateLimitPerMinute),
    MERCHANT_SCOPE: config.merchantScope,
    OPERATOR_SCOPE: config.operatorScope,
    HEALTH_DETAIL: String(config.healthDetail),
    ...(config.sentryDsn ? { SENTRY_DSN: config.sentryDsn } : {}),
  };
}

function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
