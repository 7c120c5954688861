/**
 * The service's settings, in one place. The CDK construct (or the local stack) sets them as
 * environment variables; each is read the first time a function needs it, checked, and kept, so
 * a missing or malformed setting fails loudly naming its variable, and a function never reads one
 * it does not use. No other module reads `process.env` for a service setting (the Powertools
 * libraries read their own `POWERTOOLS_*` variables).
 *
 * Tests: test/support/config.ts gives the local defaults; a test that needs another value calls
 * `overrideConfig({ ... })`, and `resetConfig()` drops the overrides and reads again.
 */
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from './notifications/schedule.ts';

/** Variables used where the environment has none: only the test setup sets them. */
let fallbacks: Record<string, string> = {};

function raw(name: string): string | undefined {
  const value = process.env[name] || fallbacks[name];
  return value === undefined || value === '' ? undefined : value;
}

function required(name: string): string {
  const value = raw(name);
  if (value === undefined) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

function optional(name: string): string | undefined {
  return raw(name);
}

/** A whole number with a default; outside [min, max] or not an integer fails loudly. */
function integer(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const text = raw(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
    throw new Error(`Environment variable ${name} must be an integer ${range}, got "${text}"`);
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

/** Each setting: its variable, how it is read, what it means. */
const readers = {
  /** The one DynamoDB table (`TABLE_NAME`). */
  tableName: () => required('TABLE_NAME'),
  /** ARN of the FeexPay settings secret (`FEEXPAY_SECRET_ARN`). */
  feexPaySecretArn: () => required('FEEXPAY_SECRET_ARN'),
  /** FeexPay's API base URL (`FEEXPAY_BASE_URL`); unset: FeexPay's production API. */
  feexPayBaseUrl: () => optional('FEEXPAY_BASE_URL'),
  /**
   * How long initiation waits for FeexPay's request-to-pay (`FEEXPAY_REQUEST_TIMEOUT_MS`, default
   * and maximum 25 000: API Gateway answers 504 after 30 s).
   */
  feexPayRequestTimeoutMs: () => integer('FEEXPAY_REQUEST_TIMEOUT_MS', 25_000, 1, 25_000),
  /** `WEBHOOK_QUEUE_URL`: FeexPay webhooks waiting for the processor. */
  webhookQueueUrl: () => required('WEBHOOK_QUEUE_URL'),
  /** First retry delay of an unprocessed webhook, doubled per receive (`WEBHOOK_RETRY_BASE_SECONDS`). */
  webhookRetryBaseSeconds: () => integer('WEBHOOK_RETRY_BASE_SECONDS', 10),
  /** `NOTIFICATION_QUEUE_URL`: merchant notifications waiting for the notifier. */
  notificationQueueUrl: () => required('NOTIFICATION_QUEUE_URL'),
  /** The merchant's notification endpoint (`MERCHANT_WEBHOOK_URL`). */
  merchantWebhookUrl: () => required('MERCHANT_WEBHOOK_URL'),
  /** Local stack only: allow http:// and private addresses as targets (`ALLOW_PRIVATE_WEBHOOK_TARGETS`). */
  allowPrivateWebhookTargets: () => flag('ALLOW_PRIVATE_WEBHOOK_TARGETS'),
  /** Delay before each notification attempt, entry 0 the first (`NOTIFICATION_RETRY_SCHEDULE_SECONDS`). */
  notificationScheduleSeconds: () =>
    delays('NOTIFICATION_RETRY_SCHEDULE_SECONDS', DEFAULT_RETRY_SCHEDULE_SECONDS),
  /** Age after which the reconciler expires a PENDING payment (`PAYMENT_MAX_PENDING_SECONDS`). */
  paymentMaxPendingSeconds: () => integer('PAYMENT_MAX_PENDING_SECONDS', 86_400),
  /**
   * The reconciler's first look at a new payment, seconds after creation
   * (`PAYMENT_FIRST_CHECK_DELAY_SECONDS`): the webhook usually settles it well before.
   */
  paymentFirstCheckDelaySeconds: () => integer('PAYMENT_FIRST_CHECK_DELAY_SECONDS', 60),
  /** A PENDING payment is refreshed from FeexPay at most once per this many seconds (`PAYMENT_STATUS_REFRESH_SECONDS`). */
  paymentStatusRefreshSeconds: () => integer('PAYMENT_STATUS_REFRESH_SECONDS', 5),
  /** Requests per user per minute on the JWT routes (`RATE_LIMIT_PER_MINUTE`). */
  rateLimitPerMinute: () => integer('RATE_LIMIT_PER_MINUTE', 100),
  /** Tokens one limiter write reserves (`RATE_LIMIT_LEASE_SIZE`; 1 to the limit). */
  rateLimitLeaseSize: () => integer('RATE_LIMIT_LEASE_SIZE', 5),
  /** Sentry reporting, on only with a DSN (`SENTRY_DSN`). */
  sentryDsn: () => optional('SENTRY_DSN'),
  /** The stage's name, for error reports (`STAGE`). */
  stage: () => optional('STAGE') ?? 'dev',
};

export type Config = { readonly [K in keyof typeof readers]: ReturnType<(typeof readers)[K]> };

const read = new Map<keyof Config, unknown>();
let overrides: Partial<Config> = {};

function setting<K extends keyof Config>(key: K): Config[K] {
  if (key in overrides) return overrides[key] as Config[K];
  if (!read.has(key)) read.set(key, readers[key]());
  return read.get(key) as Config[K];
}

/** The settings; each property reads its variable on first use. */
export const config: Config = Object.defineProperties(
  {},
  Object.fromEntries(
    (Object.keys(readers) as (keyof Config)[]).map((key) => [
      key,
      { get: () => setting(key), enumerable: true },
    ]),
  ),
) as Config;

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
