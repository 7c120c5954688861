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
import { bundleDefine, bundleOptions, SENTRY_SDK_FILE, sentrySdkBuildOptions } from './bundling.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from './observability/metrics.ts';
import { type Grants, type QueueId, queueUrlEnv } from './routes.ts';
import { tableDefinition } from './table.ts';

/** Repository root: route-table entries and the lock file are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** API Gateway gives up on an integration after 30 s; an API function must answer before that. */
export const API_MAX_TIMEOUT_SECONDS = 29;

/** Table actions per access level. No Scan: every access pattern is a key lookup or a Query. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;

/** Added for `readwrite` (transactions need the per-item actions, there is no Transact* action). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

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
    'Invoked by an SQS event source mapping: failed records return to the queue and move to its alarmed DLQ after 5 receives.',
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

  /** Sets TABLE_NAME and grants `access` on the table and its indexes (named, no wildcard). */
  bindTable(table: ITableV2, access: 'read' | 'readwrite'): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const indexArns = tableDefinition.globalSecondaryIndexes.map(
      (index) => `${table.tableArn}/index/${index.indexName}`,
    );
    // Reads need the index ARNs for Query; writes only ever target the table itself.
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...TABLE_READ_ACTIONS],
        resources: [table.tableArn, ...indexArns],
      }),
    );
    if (access === 'readwrite') {
      this.addToRolePolicy(
        new PolicyStatement({ actions: [...TABLE_WRITE_ACTIONS], resources: [table.tableArn] }),
      );
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
  consume(queueId: QueueId, queue: IQueue, batchSize: number, maxBatchingWindowSeconds = 0): void {
    this.addEnvironment(queueUrlEnv(queueId), queue.queueUrl);
    this.addEventSource(
      new SqsEventSource(queue, {
        batchSize,
        reportBatchItemFailures: true,
        ...(maxBatchingWindowSeconds > 0
          ? { maxBatchingWindow: Duration.seconds(maxBatchingWindowSeconds) }
          : {}),
      }),
    );
    Validations.of(this).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event source mappings take no on-failure destination; the failure path is the queue redrive policy (maxReceiveCount 5) into its alarmed DLQ.',
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
