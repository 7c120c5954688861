/**
 * Stage configuration: the one typed place for every setting the stack takes (docs/decisions.md,
 * decision 42). Values come, later ones winning, from
 *
 *   1. the stage's defaults below (`dev`, `prod`);
 *   2. a JSON file: `-c config=path/to/file.json`, or `config/<stage>.json` when it exists
 *      (`config/prod.example.json` shows the shape; copy it to `config/prod.json`);
 *   3. single CDK context values: `-c jwtIssuer=https://… -c alarmEmails=a@x.bj,b@x.bj`.
 *
 * The result is validated at synth; an invalid or missing setting fails with a message that names
 * it, e.g. `Invalid stage config "prod": jwtIssuer: must be an https URL`.
 *
 * Prod has no defaults for the settings where a placeholder would be dangerous (who may call the
 * API, where browsers may call it from, where merchant notifications go, who gets paged), and
 * refuses reserved placeholder hosts (example.com, localhost) for them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_SCOPES } from './routes.ts';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** CloudWatch Logs accepts only these retention periods (days). "Never expire" is not offered. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const httpsUrl = z
  .string({ error: 'must be an https URL' })
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
    message: 'must be an https URL',
  });

/** `https://shop.example` or, for local frontends, `http://localhost:3000`; no path. */
const origin = z.string().refine(
  (value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    const localHttp = url.protocol === 'http:' && isLocalHost(url.hostname);
    return (url.protocol === 'https:' || localHttp) && url.origin === value;
  },
  { message: 'must be an origin like https://shop.example (scheme and host, no path)' },
);

const positiveInt = z.coerce.number({ error: 'must be a number' }).int('must be an integer');

/** `true`/`false`, also as the text a CDK context value is. */
const onOff = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'must be true or false' }),
);

export const stageConfigSchema = z.object({
  /** Stage name; part of the stack name `FeexPayPayments-<stage>`. */
  stage: z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` }),
  /** JWT issuer (`iss`) the HTTP API's authorizer trusts, e.g. a Cognito user pool URL. */
  jwtIssuer: httpsUrl,
  /**
   * Accepted `aud` (or Cognito `client_id`) values: the customers' app client and each merchant
   * server's app client.
   */
  jwtAudience: z.array(z.string().min(1, 'must not be empty')).min(1, 'needs at least one value'),
  /**
   * The OAuth2 scope a merchant server's token must carry on the merchant routes (checkouts,
   * payments): a Cognito resource server's `<identifier>/<scope>`.
   */
  merchantScope: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be one OAuth2 scope token (no spaces or quotes)'),
  /**
   * The OAuth2 scope a back-office operator's token must carry on the `admin/` routes
   * (docs/back-office.md): a Cognito resource server's `<identifier>/<scope>`.
   */
  operatorScope: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be one OAuth2 scope token (no spaces or quotes)'),
  /** Browser origins allowed by CORS. */
  corsAllowedOrigins: z.array(origin).min(1, 'needs at least one origin'),
  /** Retention of every log group the stack owns. */
  logRetentionDays: z.coerce
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
  /** Email addresses subscribed to the alarm topic (each must confirm the subscription). */
  alarmEmails: z.array(z.email('must be email addresses')),
  /** FeexPay V2 API base URL. */
  feexpayBaseUrl: httpsUrl,
  /** Merchant endpoint that receives signed payment notifications (Standard Webhooks). */
  merchantWebhookUrl: httpsUrl,
  /** Use this existing secret (complete ARN) instead of creating one. */
  existingSecretArn: z
    .string()
    .regex(
      /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
      'must be the complete ARN of a Secrets Manager secret (ending in its 6-character suffix)',
    )
    .optional(),
  /** API Gateway stage throttling: steady-state requests per second. */
  throttlingRateLimit: z.coerce.number().positive('must be positive'),
  /** API Gateway stage throttling: burst bucket size. */
  throttlingBurstLimit: positiveInt.positive('must be positive'),
  /** Per-user rate limit enforced by the service (HTTP API has none per client). */
  rateLimitPerMinute: positiveInt.positive('must be positive'),
  /** A payment still PENDING after this long is expired by the reconciler. */
  paymentMaxPendingSeconds: positiveInt.min(60, 'must be at least 60'),
  /**
   * A PENDING payment nobody can confirm (request-to-pay outcome unknown, or a two-step OTP code
   * never sent) expires after this long instead, and can then be retried. At least 60 s: longer
   * than an initiation in flight (docs/decisions.md, decision 17).
   */
  paymentUnconfirmedExpirySeconds: positiveInt.min(60, 'must be at least 60'),
  /**
   * Reconciler cadence; overrides `everyMinutes` of the `PaymentsReconcile` schedule row.
   * @default the row's value (5)
   */
  reconcileEveryMinutes: positiveInt
    .min(1, 'must be at least 1')
    .max(1440, 'must be at most 1440')
    .optional(),
  /** Keep the table and its data when the stack is deleted (and turn on deletion protection). */
  retainData: onOff,
  /**
   * Reserve the Lambda concurrency route-table rows ask for (`reservedConcurrency`: the webhook
   * receiver's 100). Off in dev: a new account's concurrency quota may be too small to reserve.
   */
  reserveConcurrency: onOff,
  /**
   * `GET health/` names each dependency check (`checks`) instead of only ok/degraded. Off by
   * default: a public route should not tell a stranger which dependency is down.
   */
  healthDetail: onOff,
  /**
   * A daily AWS Backup of the table into the stack's backup vault, on top of point-in-time
   * recovery: copies that outlive the table and its stack (docs/deploy.md, "Backups and restore").
   */
  backupEnabled: onOff,
  /** How long each daily backup is kept, in days. */
  backupRetentionDays: positiveInt
    .min(1, 'must be at least 1')
    .max(36_500, 'must be at most 36500 (100 years)'),
  /**
   * Serve this existing table instead of creating one: a table restored from a backup or a point
   * in time (docs/deploy.md, "Restore"). The stack then grants on it and backs it up, but does not
   * own it: its point-in-time recovery, TTL and deletion protection are set by hand.
   */
  existingTableName: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]{3,255}$/,
      'must be a DynamoDB table name (3 to 255 letters, digits, _ . -)',
    )
    .optional(),
  /**
   * The p99-latency alarm fires when the API's p99 stays above this for 15 minutes. Initiate waits
   * on FeexPay (some networks answer only once the customer acts), so this is a "FeexPay or the
   * table is slow" signal, not a per-request SLO. See docs/runbooks.md.
   */
  alarmLatencyP99Ms: positiveInt.min(100, 'must be at least 100'),
  /**
   * The oldest-PENDING alarm fires when the oldest PENDING payment has been PENDING longer than
   * this. Mobile-money pushes settle within minutes, so hours mean FeexPay or the reconciler is stuck.
   */
  alarmOldestPendingSeconds: positiveInt.min(300, 'must be at least 300'),
  /** The webhook-rejection alarm fires at this many refused webhooks (bad token) in 5 minutes. */
  alarmWebhookRejections: positiveInt.min(1, 'must be at least 1'),
  /**
   * A work queue's age alarm fires when its oldest message has waited this long: work is being
   * retried (its retry budget lasts hours: docs/webhooks.md), so a person should know why.
   */
  alarmQueueAgeSeconds: positiveInt.min(300, 'must be at least 300'),
  /** Sentry DSN; error reporting is off when absent. */
  sentryDsn: httpsUrl.optional(),
});

export type StageConfig = z.infer<typeof stageConfigSchema>;
type ConfigKey = keyof StageConfig;

const CONFIG_KEYS = Object.keys(stageConfigSchema.shape) as ConfigKey[];
const ARRAY_KEYS: ReadonlySet<ConfigKey> = new Set([
  'jwtAudience',
  'corsAllowedOrigins',
  'alarmEmails',
]);

const common = {
  feexpayBaseUrl: 'https://api-v2.feexpay.me/api',
  merchantScope: DEFAULT_SCOPES.merchant,
  operatorScope: DEFAULT_SCOPES.operator,
  rateLimitPerMinute: 100,
  paymentMaxPendingSeconds: 86_400,
  paymentUnconfirmedExpirySeconds: 300,
  alarmLatencyP99Ms: 10_000,
  alarmOldestPendingSeconds: 7_200,
  alarmWebhookRejections: 5,
  alarmQueueAgeSeconds: 1800,
  healthDetail: false,
  // As long as point-in-time recovery reaches back: the backups add copies that survive the table.
  backupRetentionDays: 35,
} satisfies Partial<StageConfig>;

/** Defaults per stage. Prod leaves out what must be the operator's real values. */
export const stageDefaults: Record<Stage, Partial<StageConfig>> = {
  dev: {
    ...common,
    stage: 'dev',
    jwtIssuer: 'https://auth.example.com/',
    jwtAudience: ['feexpay-payments-dev'],
    corsAllowedOrigins: ['http://localhost:3000'],
    merchantWebhookUrl: 'https://merchant.example.com/webhooks/feexpay',
    alarmEmails: [],
    logRetentionDays: 14,
    throttlingRateLimit: 50,
    throttlingBurstLimit: 100,
    retainData: false,
    reserveConcurrency: false,
    backupEnabled: false,
  },
  prod: {
    ...common,
    stage: 'prod',
    logRetentionDays: 365,
    // 1,000 payments a second is ~3,000 API requests a second (initiate, webhook, a status read):
    // docs/performance.md §6. Well inside the account's 10,000 req/s Region quota.
    throttlingRateLimit: 4000,
    throttlingBurstLimit: 6000,
    retainData: true,
    reserveConcurrency: true,
    backupEnabled: true,
  },
};

/** Settings that prod must be given explicitly and that may not point at placeholder hosts. */
const PROD_REQUIRED: readonly ConfigKey[] = [
  'jwtIssuer',
  'jwtAudience',
  'corsAllowedOrigins',
  'merchantWebhookUrl',
  'alarmEmails',
];

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function isPlaceholderHost(hostname: string): boolean {
  return (
    isLocalHost(hostname) ||
    /(^|\.)example\.(com|org|net)$|\.(example|invalid|test)$/.test(hostname)
  );
}

function hostOf(value: string): string | undefined {
  if (value.includes('@') && !value.includes('://')) return value.split('@').pop();
  return URL.canParse(value) ? new URL(value).hostname : undefined;
}

/** Thrown for any invalid setting; the message names every bad setting. */
export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/**
 * Validates raw settings for a stage (defaults already merged in) and returns the typed config.
 * @throws StageConfigError naming each bad setting.
 */
export function parseStageConfig(raw: Record<string, unknown>): StageConfig {
  const stage = String(raw.stage ?? '?');
  const problems: string[] = [];
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [key, ...rest] = issue.path.map(String);
      const where = rest.length > 0 ? `${key}[${rest.join('.')}]` : key;
      const message =
        rest.length === 0 && key !== undefined && raw[key] === undefined
          ? `required${stage === 'prod' ? ' in prod (no safe default)' : ''}; set it with -c ${key}=… or in config/${stage}.json`
          : issue.message;
      problems.push(`${where}: ${message}`);
    }
  }
  if (raw.stage === 'prod') {
    for (const key of PROD_REQUIRED) {
      const value = raw[key];
      const values = Array.isArray(value) ? value : [value];
      if (key === 'alarmEmails' && Array.isArray(value) && value.length === 0) {
        problems.push('alarmEmails: prod needs at least one address to page');
      }
      for (const v of values) {
        const host = typeof v === 'string' ? hostOf(v) : undefined;
        if (host !== undefined && isPlaceholderHost(host)) {
          problems.push(`${key}: "${v}" is a placeholder host; prod needs the real value`);
        }
      }
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new StageConfigError(`Invalid stage config "${stage}": ${problems.join('; ')}`);
  }
  return result.data;
}

/** A CLI context value is a string; turn `a,b` or `["a","b"]` into an array for list settings. */
function fromContext(key: ConfigKey, value: unknown): unknown {
  if (typeof value !== 'string' || !ARRAY_KEYS.has(key)) return value;
  const text = value.trim();
  if (text.startsWith('[')) return JSON.parse(text);
  return text === '' ? [] : text.split(',').map((part) => part.trim());
}

function readConfigFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StageConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StageConfigError(`Config file ${path} must hold a JSON object`);
  }
  const unknownKeys = Object.keys(parsed).filter(
    (key) => key !== '$comment' && !CONFIG_KEYS.includes(key as ConfigKey),
  );
  if (unknownKeys.length > 0) {
    throw new StageConfigError(
      `Config file ${path}: unknown setting(s) ${unknownKeys.join(', ')} (known: ${CONFIG_KEYS.join(', ')})`,
    );
  }
  const { $comment: _comment, ...settings } = parsed as Record<string, unknown>;
  return settings;
}

/**
 * Builds the stage config from CDK context (`app.node.tryGetContext`): stage defaults, then the
 * config file, then single context values.
 * @throws StageConfigError naming each bad setting.
 */
export function loadStageConfig(getContext: (key: string) => unknown): StageConfig {
  const stage = getContext('stage') ?? 'dev';
  if (!STAGES.includes(stage as Stage)) {
    throw new StageConfigError(
      `Invalid stage config "${String(stage)}": stage: must be one of ${STAGES.join(', ')}`,
    );
  }
  const fileContext = getContext('config');
  let file: Record<string, unknown> = {};
  if (typeof fileContext === 'string' && fileContext !== '') {
    file = readConfigFile(isAbsolute(fileContext) ? fileContext : resolve(fileContext));
  } else {
    const stageFile = resolve(REPO_ROOT, 'config', `${stage}.json`);
    if (existsSync(stageFile)) file = readConfigFile(stageFile);
  }
  const fromCli: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = getContext(key);
    if (value !== undefined) fromCli[key] = fromContext(key, value);
  }
  return parseStageConfig({ ...stageDefaults[stage as Stage], ...file, ...fromCli, stage });
}
