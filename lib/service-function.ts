/**
 * The one Lambda function construct: every function of the service is a ServiceFunction, so the
 * runtime, architecture, bundling, logging and tracing defaults live here once, and permissions
 * are granted only through methods that also hand the function the resource's name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { KEY_PATTERNS, type RecordKind } from '../shared/keys.ts';
import { bundleDefine, bundleOptions, SENTRY_SDK_FILE, sentrySdkBuildOptions } from './bundling.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from './observability/metrics.ts';
import { type Grants, type QueueId, queueUrlEnv, type TableGrants } from './routes.ts';
import { tableDefinition } from './table.ts';

/** Repository root: route-table entries and the lock file are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** API Gateway gives up on an integration after 30 s; an API function must answer before that. */
export const API_MAX_TIMEOUT_SECONDS = 29;

/**
 * The IAM statements of a row's table grants: for each record kind, its item actions on the table
 * and each `Query:<index>` on that index, every statement allowed only when each key the request
 * touches matches the kind's patterns (`ForAllValues:StringLike` on `dynamodb:LeadingKeys`: the
 * table's `pk` for items, the index's partition key for an index Query). So the webhook receiver
 * may put webhook events and nothing else, and no function may delete anything.
 */
export function tableStatements(tableArn: string, grants: TableGrants): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const statement = (actions: string[], resource: string, patterns: readonly string[]) =>
    statements.push(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [resource],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] } },
      }),
    );
  for (const [kind, actions] of Object.entries(grants) as [RecordKind, readonly string[]][]) {
    const patterns: Record<string, readonly string[]> = KEY_PATTERNS[kind];
    const onItems = actions.filter((action) => !action.includes(':'));
    if (onItems.length > 0) statement(onItems, tableArn, patterns.items ?? []);
    for (const action of actions.filter((a) => a.includes(':'))) {
      const [verb, index] = action.split(':') as [string, string];
      const indexPatterns = patterns[index];
      if (!indexPatterns) throw new Error(`${kind} has no ${index} entries (KEY_PATTERNS)`);
      statement([verb], `${tableArn}/index/${index}`, indexPatterns);
    }
  }
  return statements;
}

export type InvokedBy = 'api' | 'queue' | 'schedule';

let sentrySdkFile: string | undefined;

/**
 * The Sentry file (`lib/bundling.ts`, {@link SENTRY_SDK_FILE}), built once per synth: it is the
 * same for every function. Kept in a temporary directory removed when the process exits.
 */
function builtSentrySdk(): string {
  if (!sentrySdkFile) {
    const dir = mkdtempSync(join(tmpdir(), 'feexpay-sentry-sdk-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, SENTRY_SDK_FILE);
    buildSync(sentrySdkBuildOptions(REPO_ROOT, outfile));
    sentrySdkFile = outfile;
  }
  return sentrySdkFile;
}

/**
 * Bundling hooks of a stage with a Sentry DSN: the Sentry file joins the asset of each handler
 * that can report an error (its bundle names the file); the others are left as they are.
 */
const SENTRY_SDK_HOOKS: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir, outputDir) => [
    `if grep -q "${SENTRY_SDK_FILE}" "${join(outputDir, 'index.mjs')}"; then cp "${builtSentrySdk()}" "${join(outputDir, SENTRY_SDK_FILE)}"; fi`,
  ],
};

const FAILURE_PATH: Record<InvokedBy, string> = {
  api: 'Invoked synchronously by API Gateway: the caller receives the error, so there is nothing to dead-letter.',
  queue:
    'Invoked by an SQS event source mapping: failed records return to the queue with a growing delay and move to its alarmed DLQ once the retry budget (about 6 hours) is spent.',
  schedule:
    'Invoked by an EventBridge schedule with 0 retries: each run re-reads its work from the table, so the next run picks up what a failed one missed.',
};

export interface ServiceFunctionProps {
  /** Handler module relative to the repository root (a route-table `entry`); exports `handler`. */
  entry: string;
  /** Retention of the function's own log group, in days (from the stage config). */
  logRetentionDays: number;
  /**
   * @default Duration.seconds(10)
   */
  timeout?: Duration;
  /**
   * Not Lambda's 128 MB default: CPU scales with memory, and 512 MB keeps cold starts and SDK
   * calls fast for about the same cost per request.
   * @default 512
   */
  memorySize?: number;
  /**
   * Who invokes the function. Only asynchronous invocations can use a Lambda DLQ; this says
   * where failures go instead (recorded as the reason next to the cdk-nag acknowledgement).
   * @default 'api'
   */
  invokedBy?: InvokedBy;
  /** Non-secret settings, merged over the Powertools defaults. */
  environment?: Record<string, string>;
  /**
   * Ship the Sentry SDK (only when the stage has a DSN): as its own file next to the handler,
   * loaded on the first error, never inside the handler's file (`lib/bundling.ts`).
   * @default false
   */
  sentry?: boolean;
  description?: string;
}

/**
 * A `NodejsFunction` with the service's defaults:
 * - runtime nodejs24.x on arm64 (docs/decisions.md, decision 1);
 * - ESM bundle, minified, no source map, AWS SDK bundled (see `lib/bundling.ts`);
 * - its own log group with the configured retention, JSON log format, and an execution role that
 *   may write only to that log group (no `AWSLambdaBasicExecutionRole`);
 * - X-Ray active tracing;
 * - `POWERTOOLS_SERVICE_NAME` / `POWERTOOLS_METRICS_NAMESPACE` set.
 *
 * Grant access only with `bindTable`, `bindSecret`, `sendTo`, `consume` or `applyGrants`: each sets
 * the environment variable that names the resource and grants exactly the matching actions.
 */
export class ServiceFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetentionDays as RetentionDays,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}; permissions come only from ServiceFunction grants`,
    });
    super(scope, id, {
      entry: resolve(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      description: props.description,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: bundleOptions.minify,
        sourceMap: bundleOptions.sourcemap,
        target: bundleOptions.target,
        mainFields: [...bundleOptions.mainFields],
        externalModules: [...bundleOptions.external],
        banner: bundleOptions.banner,
        loader: { ...bundleOptions.loader },
        define: bundleDefine(props.sentry ?? false),
        ...(props.sentry ? { commandHooks: SENTRY_SDK_HOOKS } : {}),
      },
    });
    logGroup.grantWrite(role);
    Validations.of(this).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: FAILURE_PATH[props.invokedBy ?? 'api'],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; it is the only "*" grant (added by tracing: ACTIVE). All other grants name their resource.',
    });
  }

  /**
   * Sets TABLE_NAME and grants the row's table actions, each on its record kind's keys only
   * (`tableStatements`).
   */
  bindTable(table: ITableV2, grants: TableGrants): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const indexes = new Set(tableDefinition.globalSecondaryIndexes.map((i) => i.indexName));
    for (const statement of tableStatements(table.tableArn, grants)) {
      for (const resource of statement.resources) {
        const index = resource.split('/index/')[1];
        if (index !== undefined && !indexes.has(index)) {
          throw new Error(
            `${this.node.id}: grants.table names index "${index}", not in lib/table.ts`,
          );
        }
      }
      this.addToRolePolicy(statement);
    }
  }

  /** Sets FEEXPAY_SECRET_ARN and grants GetSecretValue on that one secret. */
  bindSecret(secret: ISecret): void {
    this.addEnvironment('FEEXPAY_SECRET_ARN', secret.secretArn);
    secret.grantRead(this);
  }

  /** Sets `<QUEUE>_QUEUE_URL` and grants SendMessage on that queue. */
  sendTo(queueId: QueueId, queue: IQueue): void {
    this.addEnvironment(queueUrlEnv(queueId), queue.queueUrl);
    queue.grantSendMessages(this);
  }

  /**
   * Makes the function the consumer of `queue`: sets `<QUEUE>_QUEUE_URL` and adds the event source
   * (which grants receive/delete/change-visibility on that queue only). Failures are reported per
   * record, so one bad message never makes the batch retry.
   */
  consume(
    queueId: QueueId,
    queue: IQueue,
    options: { batchSize: number; maxBatchingWindowSeconds?: number; maxConcurrency?: number },
  ): void {
    const { batchSize, maxBatchingWindowSeconds = 0, maxConcurrency } = options;
    this.addEnvironment(queueUrlEnv(queueId), queue.queueUrl);
    this.addEventSource(
      new SqsEventSource(queue, {
        batchSize,
        reportBatchItemFailures: true,
        ...(maxBatchingWindowSeconds > 0
          ? { maxBatchingWindow: Duration.seconds(maxBatchingWindowSeconds) }
          : {}),
        ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
      }),
    );
    Validations.of(this).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event source mappings take no on-failure destination; the failure path is the queue redrive policy (maxReceiveCount from the retry budget, shared/retry-budget.ts) into its alarmed DLQ.',
    });
  }

  /** Applies a route-table row's `grants`: exactly these resources, nothing else. */
  applyGrants(grants: Grants, resources: GrantableResources): void {
    if (grants.table) this.bindTable(resources.table, grants.table);
    if (grants.secret) this.bindSecret(resources.secret);
    for (const queueId of grants.sendTo ?? []) {
      const queue = resources.queues.get(queueId);
      if (!queue)
        throw new Error(`${this.node.id}: grants.sendTo names unknown queue "${queueId}"`);
      this.sendTo(queueId, queue);
    }
  }
}

/** The resources a row's grants can name. */
export interface GrantableResources {
  table: ITableV2;
  secret: ISecret;
  queues: ReadonlyMap<QueueId, IQueue>;
}
