/**
 * The whole system on one machine (`npm start`): DynamoDB Local, the SQS emulator, a Secrets
 * Manager stand-in, the FeexPay simulator, the local API Gateway serving the route table, the queue
 * pollers and the schedule, all running the real handlers.
 *
 * Handlers read their settings through shared/config.ts, from the process environment this module
 * sets before it loads the gateway (and through it, every handler). One stack per process: the
 * handlers' modules, clients, settings and caches are process-wide.
 */
import { join } from 'node:path';
import { corsRules } from '../lib/cors.ts';
import {
  API_BASE_PATH,
  consumers as declaredConsumers,
  routes as declaredRoutes,
  schedules as declaredSchedules,
  type QueueId,
  queueUrlEnv,
} from '../lib/routes.ts';
import type { ApiGateway, LocalRoute } from './api-gateway.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';
import { createDemoRoutes } from './demo/routes.ts';
import { createTable, type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { createLocalIssuer, type LocalIssuer } from './jwt.ts';
import type { LocalConsumer, Pollers } from './pollers.ts';
import { freePort } from './ports.ts';
import type { LocalSchedule, Scheduler } from './scheduler.ts';
import { type SecretsEmulator, startSecretsEmulator } from './secrets-emulator.ts';
import { type LocalSettings, loadSettings } from './settings.ts';
import { type FeexPaySimulator, startFeexPaySimulator } from './simulator/server.ts';
import { createQueues, type LocalQueue, type SqsEmulator, startSqs } from './sqs.ts';

/** The phone-lookup key of the local secret (the back office's search by phone). */
const LOCAL_PHONE_LOOKUP_KEY = 'local-phone-lookup-key-0123456789abcdef';

export interface LocalStackOverrides {
  /** On top of the environment's settings (e.g. `{ port: 0, tableName: 'test-x' }`). */
  settings?: Partial<LocalSettings>;
  /** Replace the route table (tests add a route). @default lib/routes.ts routes */
  routes?: readonly LocalRoute[];
  /** Replace the consumers. @default lib/routes.ts consumers */
  consumers?: readonly LocalConsumer[];
  /** Replace the schedules. @default lib/routes.ts schedules */
  schedules?: readonly LocalSchedule[];
  /** Use this running DynamoDB Local instead of starting one (tests share one JVM). */
  dynamoDbEndpoint?: string;
  /** Queue name prefix. @default 'feexpay-local-' */
  queuePrefix?: string;
  /** @default 30 */
  visibilityTimeoutSeconds?: number;
  /** The emulator's redrive threshold (local/sqs.ts). @default as many attempts as deployed */
  maxReceiveCount?: number;
  /** Start the FeexPay simulator. @default true */
  simulator?: boolean;
  /** Where the stack reports handler failures. @default console.error */
  log?: (message: string, error?: unknown) => void;
}

export interface LocalStack {
  /** `http://127.0.0.1:3000` */
  baseUrl: string;
  /** `baseUrl` + API_BASE_PATH, no trailing slash. */
  apiUrl: string;
  settings: LocalSettings;
  endpoints: { dynamodb: string; sqs: string; secrets: string; simulator?: string };
  /** The DynamoDB Local port when this stack started it. */
  dynamoDbPort?: number;
  queues: Record<QueueId, LocalQueue>;
  /** URL of each queue (what `<QUEUE>_QUEUE_URL` carries). */
  queueUrls: Record<QueueId, string>;
  secretArn: string;
  issuer: LocalIssuer;
  simulator?: FeexPaySimulator;
  /** Merchant notifications the built-in sink received. */
  merchantDeliveries: ApiGateway['merchantDeliveries'];
  secrets: SecretsEmulator;
  /** Runs a schedule now and waits for it. */
  runSchedule(id: string): Promise<void>;
  /** Stops everything this stack started. Idempotent. */
  stop(): Promise<void>;
}

/** Stops what started, newest first, and never throws (a stop must not hide the first error). */
async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const stop of stops.reverse()) {
    await stop().catch((error) => console.error('[local] stop failed', error));
  }
}

export async function startLocalStack(overrides: LocalStackOverrides = {}): Promise<LocalStack> {
  const settings = loadSettings(overrides.settings);
  const stops: (() => Promise<void>)[] = [];
  try {
    const issuer = await createLocalIssuer({
      stateDir: settings.stateDir,
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
    });

    // The emulators start in parallel; whatever started is stopped if another fails.
    const started = await Promise.allSettled([
      overrides.dynamoDbEndpoint
        ? Promise.resolve(undefined)
        : startDynamoDbLocal({
            port: settings.dynamoDbPort,
            ...(settings.persist ? { dbPath: join(settings.stateDir, 'dynamodb') } : {}),
          }),
      startSqs({ port: settings.sqsPort }),
      startSecretsEmulator({
        apiKey: settings.feexPayApiKey,
        shopId: settings.feexPayShopId,
        webhookToken: settings.feexPayWebhookToken,
        merchantWebhookSecret: settings.merchantWebhookSecret,
        // A fixed development key: local phone lookups need no secret worth keeping.
        phoneLookupKey: LOCAL_PHONE_LOOKUP_KEY,
      }),
    ]);
    for (const result of started) {
      if (result.status === 'fulfilled' && result.value) stops.push(result.value.stop);
    }
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [dynamo, sqs, secrets] = started.map(
      (r) => (r as PromiseFulfilledResult<unknown>).value,
    ) as [DynamoDbLocal | undefined, SqsEmulator, SecretsEmulator];
    const dynamoDbEndpoint = overrides.dynamoDbEndpoint ?? (dynamo as DynamoDbLocal).endpoint;

    await createTable(dynamoDbEndpoint, settings.tableName);
    const queues = await createQueues(sqs.endpoint, {
      prefix: overrides.queuePrefix ?? 'feexpay-local-',
      ...(overrides.visibilityTimeoutSeconds !== undefined
        ? { visibilityTimeoutSeconds: overrides.visibilityTimeoutSeconds }
        : {}),
      ...(overrides.maxReceiveCount !== undefined
        ? { maxReceiveCount: overrides.maxReceiveCount }
        : {}),
    });

    // The API's address is needed before it listens (webhook and notification URLs go into the
    // handlers' environment), so a free port is picked up front when PORT is 0.
    const port = settings.port || (await freePort(settings.host));
    const urlHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const baseUrl = `http://${urlHost}:${port}`;
    const apiUrl = `${baseUrl}${API_BASE_PATH}`;

    let simulator: FeexPaySimulator | undefined;
    if (overrides.simulator !== false) {
      simulator = await startFeexPaySimulator({
        port: settings.simulatorPort,
        host: '127.0.0.1',
        apiKey: settings.feexPayApiKey,
        shopId: settings.feexPayShopId,
        delayMs: settings.simulatorDelayMs,
        webhookUrl: `${apiUrl}/webhook/?token=${encodeURIComponent(settings.feexPayWebhookToken)}`,
      });
      stops.push(() => (simulator as FeexPaySimulator).close());
    }

    const queueUrls = Object.fromEntries(
      Object.entries(queues).map(([id, queue]) => [id, queue.url]),
    ) as Record<QueueId, string>;
    const merchantWebhookUrl = settings.merchantWebhookUrl ?? `${baseUrl}/_local/merchant-webhook`;
    const env: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      TABLE_NAME: settings.tableName,
      FEEXPAY_SECRET_ARN: secrets.secretArn,
      ...Object.fromEntries(
        Object.entries(queueUrls).map(([id, url]) => [queueUrlEnv(id as QueueId), url]),
      ),
      ...(simulator ? { FEEXPAY_BASE_URL: `${simulator.url}/api` } : {}),
      MERCHANT_WEBHOOK_URL: merchantWebhookUrl,
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
      PAYMENT_MAX_PENDING_SECONDS: String(settings.paymentMaxPendingSeconds),
      PAYMENT_UNCONFIRMED_EXPIRY_SECONDS: String(settings.paymentUnconfirmedExpirySeconds),
      PAYMENT_FIRST_CHECK_DELAY_SECONDS: String(settings.paymentFirstCheckDelaySeconds),
      RATE_LIMIT_PER_MINUTE: String(settings.rateLimitPerMinute),
      MERCHANT_SCOPE: settings.merchantScope,
      OPERATOR_SCOPE: settings.operatorScope,
      HEALTH_DETAIL: String(settings.healthDetail),
      RECONCILE_INTERVAL_SECONDS: String(settings.reconcileIntervalSeconds),
      NETWORK_HEALTH_INTERVAL_SECONDS: String(settings.networkHealthIntervalSeconds),
      POWERTOOLS_SERVICE_NAME: 'feexpay-payments',
      POWERTOOLS_LOG_LEVEL: settings.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: 'FeexPayPayments',
    };
    Object.assign(process.env, env);
    // Host credentials must not leak into the emulators' requests.
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    // Only now: these load the handlers (lazily), which read the environment when they load.
    const [{ startApiGateway }, { startPollers }, { startScheduler }] = await Promise.all([
      import('./api-gateway.ts'),
      import('./pollers.ts'),
      import('./scheduler.ts'),
    ]);
    const log = overrides.log;
    const gateway = await startApiGateway({
      host: settings.host,
      port,
      routes: overrides.routes ?? declaredRoutes,
      issuer,
      scopes: { merchant: settings.merchantScope, operator: settings.operatorScope },
      cors: corsRules(settings.corsAllowedOrigins),
      localRoutes: createDemoRoutes({ issuer, merchantScope: settings.merchantScope }),
      ...(log ? { log } : {}),
    });
    stops.push(() => gateway.close());
    const pollers: Pollers = startPollers({
      sqsEndpoint: sqs.endpoint,
      consumers: overrides.consumers ?? declaredConsumers,
      queues,
      ...(log ? { log } : {}),
    });
    stops.push(() => pollers.stop());
    const scheduler: Scheduler = startScheduler({
      schedules: overrides.schedules ?? declaredSchedules,
      ...(log ? { log } : {}),
    });
    stops.push(() => scheduler.stop());

    let stopping: Promise<void> | undefined;
    return {
      baseUrl,
      apiUrl,
      settings: { ...settings, port },
      endpoints: {
        dynamodb: dynamoDbEndpoint,
        sqs: sqs.endpoint,
        secrets: secrets.endpoint,
        ...(simulator ? { simulator: simulator.url } : {}),
      },
      ...(dynamo ? { dynamoDbPort: dynamo.port } : {}),
      queues,
      queueUrls,
      secretArn: secrets.secretArn,
      issuer,
      ...(simulator ? { simulator } : {}),
      merchantDeliveries: gateway.merchantDeliveries,
      secrets,
      runSchedule: (id) => scheduler.runNow(id),
      stop() {
        stopping ??= stopAll(stops);
        return stopping;
      },
    };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}
