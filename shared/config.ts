/**
 * The service's settings, in one place. The CDK construct (or the local stack) sets them as
 * environment variables; each is read the first time a function needs it, checked, and kept, so a
 * missing or malformed setting fails loudly naming its variable, and a function never reads (or
 * bundles) one it does not use. No other module reads `process.env` for a service setting (the
 * Powertools libraries read their own `POWERTOOLS_*` variables).
 *
 * Use: `import * as config from '…/config.ts'`, then `config.tableName()`. Tests:
 * test/support/config.ts gives the local defaults; a test that needs another value calls
 * `overrideConfig({ … })`, and `resetConfig()` drops the overrides and reads again.
 */
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from './notifications/schedule.ts';
import { RETRY_BUDGET } from './retry-budget.ts';

/** Every setting, by the name `overrideConfig` takes; the variable is named where it is read. */
export interface Config {
  tableName: string;
  feexPaySecretArn: string;
  feexPayBaseUrl: string | undefined;
  feexPayRequestTimeoutMs: number;
  webhookQueueUrl: string;
  webhookRetryBaseSeconds: number;
  webhookRetryCapSeconds: number;
  notificationQueueUrl: string;
  merchantWebhookUrl: string;
  allowPrivateWebhookTargets: boolean;
  notificationScheduleSeconds: readonly number[];
  paymentMaxPendingSeconds: number;
  paymentUnconfirmedExpirySeconds: number;
  paymentFirstCheckDelaySeconds: number;
  paymentStatusRefreshSeconds: number;
  rateLimitPerMinute: number;
  rateLimitLeaseSize: number;
  sentryDsn: string | undefined;
  stage: string;
  merchantScope: string;
  operatorScope: string;
  checkoutAttemptMaxPendingSeconds: number;
  publicRateLimitPerCheckout: number;
  publicRateLimitPerAddress: number;
  healthDetail: boolean;
}

let overrides: Partial<Config> = {};
const read = new Map<keyof Config, unknown>();
/** Variables used where the environment has none: only the test setup sets them. */
let fallbacks: Record<string, string> = {};

/** A setting: read once, on first use (unless overridden). Unused ones drop out of the bundle. */
function setting<K extends keyof Config>(key: K, reader: () => Config[K]): () => Config[K] {
  return () => {
    if (key in overrides) return overrides[key] as Config[K];
    if (!read.has(key)) read.set(key, reader());
    return read.get(key) as Config[K];
  };
}

/** A variable's value; unset or empty: undefined. */
function raw(name: string): string | undefined {
  return process.env[name] || fallbacks[name] || undefined;
}

function required(name: string): string {
  const value = raw(name);
  if (value === undefined) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

/** A whole number with a default; outside [min, max] or not an integer fails loudly. */
function integer(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const text = raw(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function flag(name: string): boolean {
  return raw(name) === 'true';
}

/** Comma-separated whole seconds (`0,5,300`), or the default. */
function delays(name: string, fallback: readonly number[]): readonly number[] {
  const text = raw(name);
  if (text === undefined || text.trim() === '') return fallback;
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${name} must be comma-separated whole seconds, got "${text}"`);
  }
  return values;
}

/** The one DynamoDB table. */
export const tableName = /* @__PURE__ */ setting('tableName', () => required('TABLE_NAME'));

/** ARN of the FeexPay settings secret. */
export const feexPaySecretArn = /* @__PURE__ */ setting('feexPaySecretArn', () =>
  required('FEEXPAY_SECRET_ARN'),
);

/** FeexPay's API base URL; unset: FeexPay's production API. */
export const feexPayBaseUrl = /* @__PURE__ */ setting('feexPayBaseUrl', () =>
  raw('FEEXPAY_BASE_URL'),
);

/** How long initiation waits for the request-to-pay: at most 25 s (API Gateway gives up at 30). */
export const feexPayRequestTimeoutMs = /* @__PURE__ */ setting('feexPayRequestTimeoutMs', () =>
  integer('FEEXPAY_REQUEST_TIMEOUT_MS', 25_000, 1, 25_000),
);

/** FeexPay webhooks waiting for the processor. */
export const webhookQueueUrl = /* @__PURE__ */ setting('webhookQueueUrl', () =>
  required('WEBHOOK_QUEUE_URL'),
);

/**
 * First retry delay of an unprocessed webhook, doubled per receive up to WEBHOOK_RETRY_CAP_SECONDS
 * (shared/webhooks/visibility.ts). The deployed queue's maxReceiveCount is computed from the
 * defaults: change them there, not here.
 */
export const webhookRetryBaseSeconds = /* @__PURE__ */ setting('webhookRetryBaseSeconds', () =>
  integer('WEBHOOK_RETRY_BASE_SECONDS', RETRY_BUDGET.baseSeconds, 1),
);

/** Longest wait between two attempts at an unprocessed webhook. */
export const webhookRetryCapSeconds = /* @__PURE__ */ setting('webhookRetryCapSeconds', () =>
  integer('WEBHOOK_RETRY_CAP_SECONDS', RETRY_BUDGET.capSeconds, 1, 43_200),
);

/** Merchant notifications waiting for the notifier. */
export const notificationQueueUrl = /* @__PURE__ */ setting('notificationQueueUrl', () =>
  required('NOTIFICATION_QUEUE_URL'),
);

/** The merchant's notification endpoint. */
export const merchantWebhookUrl = /* @__PURE__ */ setting('merchantWebhookUrl', () =>
  required('MERCHANT_WEBHOOK_URL'),
);

/** Local stack only: http:// and private addresses allowed as notification targets. */
export const allowPrivateWebhookTargets = /* @__PURE__ */ setting(
  'allowPrivateWebhookTargets',
  () => flag('ALLOW_PRIVATE_WEBHOOK_TARGETS'),
);

/** Delay before each notification attempt, entry 0 the first (shared/notifications/schedule.ts). */
export const notificationScheduleSeconds = /* @__PURE__ */ setting(
  'notificationScheduleSeconds',
  () => delays('NOTIFICATION_RETRY_SCHEDULE_SECONDS', DEFAULT_RETRY_SCHEDULE_SECONDS),
);

/** Age after which the reconciler expires a PENDING payment. */
export const paymentMaxPendingSeconds = /* @__PURE__ */ setting('paymentMaxPendingSeconds', () =>
  integer('PAYMENT_MAX_PENDING_SECONDS', 86_400),
);

/**
 * Age after which a PENDING payment nobody can confirm expires, instead of
 * PAYMENT_MAX_PENDING_SECONDS: its request-to-pay's outcome is unknown (no FeexPay reference), or
 * its customer never sent the code of a two-step OTP network. Then it can be retried; FeexPay's
 * late confirmation still counts (docs/decisions.md, decision 17).
 */
export const paymentUnconfirmedExpirySeconds = /* @__PURE__ */ setting(
  'paymentUnconfirmedExpirySeconds',
  () => integer('PAYMENT_UNCONFIRMED_EXPIRY_SECONDS', 300, 1),
);

/** The reconciler's first look at a new payment, after creation (the webhook usually comes first). */
export const paymentFirstCheckDelaySeconds = /* @__PURE__ */ setting(
  'paymentFirstCheckDelaySeconds',
  () => integer('PAYMENT_FIRST_CHECK_DELAY_SECONDS', 60),
);

/** A PENDING payment is refreshed from FeexPay at most once per this many seconds. */
export const paymentStatusRefreshSeconds = /* @__PURE__ */ setting(
  'paymentStatusRefreshSeconds',
  () => integer('PAYMENT_STATUS_REFRESH_SECONDS', 5),
);

/** Requests per user per minute on the JWT routes. */
export const rateLimitPerMinute = /* @__PURE__ */ setting('rateLimitPerMinute', () =>
  integer('RATE_LIMIT_PER_MINUTE', 100),
);

/** Tokens one limiter write reserves (used from 1 to the limit). */
export const rateLimitLeaseSize = /* @__PURE__ */ setting('rateLimitLeaseSize', () =>
  integer('RATE_LIMIT_LEASE_SIZE', 5),
);

/** Sentry reporting is on only with a DSN. */
export const sentryDsn = /* @__PURE__ */ setting('sentryDsn', () => raw('SENTRY_DSN'));

/** `GET health/` names its checks (HEALTH_DETAIL=true); otherwise it says only ok/degraded. */
export const healthDetail = /* @__PURE__ */ setting('healthDetail', () => flag('HEALTH_DETAIL'));

/** The stage's name, for error reports. */
export const stage = /* @__PURE__ */ setting('stage', () => raw('STAGE') ?? 'dev');

/** The OAuth2 scope a merchant server's token carries (the merchant routes require it). */
export const merchantScope = /* @__PURE__ */ setting(
  'merchantScope',
  () => raw('MERCHANT_SCOPE') ?? 'payments/merchant',
);

/** The OAuth2 scope a back-office operator's token carries (the `admin/` routes require it). */
export const operatorScope = /* @__PURE__ */ setting(
  'operatorScope',
  () => raw('OPERATOR_SCOPE') ?? 'payments/admin',
);

/**
 * How long a checkout's attempt may stay PENDING before the reconciler expires it (after one last
 * status read), so a customer whose phone never rang can try again.
 */
export const checkoutAttemptMaxPendingSeconds = /* @__PURE__ */ setting(
  'checkoutAttemptMaxPendingSeconds',
  () => integer('CHECKOUT_ATTEMPT_MAX_PENDING_SECONDS', 300, 60),
);

/** Requests per checkout per minute on the public checkout routes (the hosted page's polling included). */
export const publicRateLimitPerCheckout = /* @__PURE__ */ setting(
  'publicRateLimitPerCheckout',
  () => integer('PUBLIC_RATE_LIMIT_PER_CHECKOUT', 120, 1),
);

/**
 * Requests per source address per minute on the public checkout routes. Generous: mobile carriers
 * put many customers behind one address.
 */
export const publicRateLimitPerAddress = /* @__PURE__ */ setting('publicRateLimitPerAddress', () =>
  integer('PUBLIC_RATE_LIMIT_PER_ADDRESS', 600, 1),
);

/** Tests: these values win over the environment until `resetConfig()`. */
export function overrideConfig(values: Partial<Config>): void {
  overrides = { ...overrides, ...values };
}

/** Drops the overrides and what was read, so the next use reads the environment again. */
export function resetConfig(): void {
  overrides = {};
  read.clear();
}

/**
 * Tests: environment variables to use where the real environment sets none, like a deployed
 * function's environment but without touching `process.env` (which child processes inherit).
 * test/support/config.ts gives the local defaults this way.
 */
export function configFallbacks(variables: Record<string, string>): void {
  fallbacks = { ...variables };
  read.clear();
}
