/**
 * The service's whole surface, declared once. The CDK stack deploys these rows and the local
 * stack serves them; adding a route, queue consumer or schedule means adding a row here and a
 * handler file under `functions/`.
 *
 * This module is plain data (no CDK imports) so the local stack can load it cheaply.
 */

/** Every route lives under this prefix. Paths answer with and without a trailing slash. */
export const API_BASE_PATH = '/api/v1/payments/feexpay';

/** Queues the stack declares. Each gets a DLQ; its URL reaches a function as `<ID>_QUEUE_URL`. */
export type QueueId = 'webhook' | 'notification';

/** What a function may touch. The CDK construct grants exactly this and nothing else. */
export interface Grants {
  /** Table access: `read` (GetItem/Query) or `readwrite`. Omitted: no table, no TABLE_NAME. */
  table?: 'read' | 'readwrite';
  /** Reads the FeexPay settings secret (FEEXPAY_SECRET_ARN). */
  secret?: boolean;
  /** Queues the function sends to (`<ID>_QUEUE_URL`). */
  sendTo?: QueueId[];
}

export interface Route {
  /** CloudFormation-friendly id, PascalCase (e.g. `ProvidersList`). */
  id: string;
  method: 'GET' | 'POST';
  /** Path below API_BASE_PATH, without slashes at either end; `{name}` marks a path parameter. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** `jwt`: API Gateway's JWT authorizer. `none`: public (the webhook checks its own token). */
  auth: 'jwt' | 'none';
  grants: Grants;
  /** Deployed Lambda timeout; at most 29 (API Gateway gives up at 30 s). Default 10. */
  timeoutSeconds?: number;
}

export interface Consumer {
  id: string;
  queue: QueueId;
  entry: string;
  batchSize: number;
  grants: Grants;
  /** Deployed Lambda timeout; the queue's visibility timeout is 6× this. Default 30. */
  timeoutSeconds?: number;
}

export interface Schedule {
  id: string;
  entry: string;
  /** Deployed cadence. Locally the cadence comes from `localIntervalEnv` (seconds). */
  everyMinutes: number;
  localIntervalEnv: string;
  localIntervalDefaultSeconds: number;
  grants: Grants;
  /** Deployed Lambda timeout. Default 60. */
  timeoutSeconds?: number;
}

export const routes: readonly Route[] = [
  {
    id: 'ProvidersList',
    method: 'GET',
    path: 'providers',
    entry: 'functions/providers-list.ts',
    auth: 'none',
    grants: {},
  },
  {
    id: 'HealthCheck',
    method: 'GET',
    path: 'health',
    entry: 'functions/health-check.ts',
    auth: 'none',
    grants: { table: 'read', secret: true },
  },
  {
    // FeexPay's settlement webhook: public, authenticated by the token in its URL (docs/webhooks.md).
    id: 'WebhookReceive',
    method: 'POST',
    path: 'webhook',
    entry: 'functions/webhook-receive.ts',
    auth: 'none',
    grants: { table: 'readwrite', secret: true, sendTo: ['webhook'] },
  },
  {
    // Start a payment (docs/payments.md). The timeout covers FeexPay's up-to-25 s answer.
    id: 'PaymentsInitiate',
    method: 'POST',
    path: 'initiate',
    entry: 'functions/payments-initiate.ts',
    auth: 'jwt',
    grants: { table: 'readwrite', secret: true, sendTo: ['notification'] },
    timeoutSeconds: 29,
  },
  {
    // Owner's view of a payment, refreshed from FeexPay while PENDING (the refresh writes).
    id: 'PaymentsStatus',
    method: 'GET',
    path: '{id}/status',
    entry: 'functions/payments-status.ts',
    auth: 'jwt',
    grants: { table: 'readwrite', secret: true, sendTo: ['notification'] },
  },
  {
    // The caller's payments (readwrite only for the rate limiter's counter).
    id: 'PaymentsHistory',
    method: 'GET',
    path: 'history',
    entry: 'functions/payments-history.ts',
    auth: 'jwt',
    grants: { table: 'readwrite' },
  },
  {
    id: 'PaymentsRetry',
    method: 'POST',
    path: 'retry/{id}',
    entry: 'functions/payments-retry.ts',
    auth: 'jwt',
    grants: { table: 'readwrite', secret: true, sendTo: ['notification'] },
    timeoutSeconds: 29,
  },
];

export const queues: readonly QueueId[] = ['webhook', 'notification'];

export const consumers: readonly Consumer[] = [
  {
    // Confirms each FeexPay webhook with the status endpoint, then applies the transition.
    id: 'WebhookProcess',
    queue: 'webhook',
    entry: 'functions/webhook-process.ts',
    batchSize: 10,
    // A status read may take three attempts of up to 8 s each.
    timeoutSeconds: 60,
    grants: { table: 'readwrite', secret: true, sendTo: ['notification'] },
  },
  {
    // Signed merchant notifications (Standard Webhooks); retries re-queue with SQS delays.
    id: 'NotificationsSend',
    queue: 'notification',
    entry: 'functions/notifications-send.ts',
    batchSize: 10,
    grants: { table: 'readwrite', secret: true, sendTo: ['notification'] },
  },
];

export const schedules: readonly Schedule[] = [
  {
    // Outbox flush, PENDING re-checks with backoff, expiry, late-success watch.
    id: 'PaymentsReconcile',
    entry: 'functions/payments-reconcile.ts',
    everyMinutes: 5,
    localIntervalEnv: 'RECONCILE_INTERVAL_SECONDS',
    localIntervalDefaultSeconds: 10,
    timeoutSeconds: 120,
    grants: { table: 'readwrite', secret: true, sendTo: ['notification'] },
  },
];

/** `GET` + `{id}/status` → `/api/v1/payments/feexpay/{id}/status`. */
export function fullPath(route: Pick<Route, 'path'>): string {
  return `${API_BASE_PATH}/${route.path}`;
}

/** Name of the environment variable carrying a queue's URL, e.g. `WEBHOOK_QUEUE_URL`. */
export function queueUrlEnv(queue: QueueId): string {
  return `${queue.toUpperCase()}_QUEUE_URL`;
}
