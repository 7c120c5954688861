/**
 * Every setting of the local stack (`npm start`), read from the environment once, with documented
 * defaults. `settingsDoc` is the source of the README's settings table. The dev secrets below are
 * fixed, public, local-only values: they are not secrets and must never be used in a deployment.
 */
import { resolve } from 'node:path';
import { stageDefaults } from '../lib/config.ts';
import {
  DEFAULT_API_KEY,
  DEFAULT_SHOP_ID,
  DEFAULT_SIMULATOR_DELAY_MS,
} from './simulator/defaults.ts';

export interface LocalSettings {
  port: number;
  host: string;
  /** Absolute path; holds the local JWT signing key. */
  stateDir: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** The scope merchant-server tokens carry (`npm run token -- --scope …`). */
  merchantScope: string;
  /** The scope back-office operator tokens carry (`npm run token -- --operator …`). */
  operatorScope: string;
  feexPayApiKey: string;
  feexPayShopId: string;
  feexPayWebhookToken: string;
  /** Where merchant notifications go; undefined: the built-in sink on the local API Gateway. */
  merchantWebhookUrl: string | undefined;
  merchantWebhookSecret: string;
  simulatorDelayMs: number;
  simulatorPort: number;
  /** 0: a free port. Set it to know where DynamoDB Local listens. */
  dynamoDbPort: number;
  /** 0: a free port. */
  sqsPort: number;
  tableName: string;
  reconcileIntervalSeconds: number;
  /** How often the network-health schedule runs locally (the back office's figures). */
  networkHealthIntervalSeconds: number;
  paymentMaxPendingSeconds: number;
  /** Age after which a PENDING payment nobody can confirm expires (shared/config.ts). */
  paymentUnconfirmedExpirySeconds: number;
  /** Seconds from a payment's creation to the reconciler's first check of it. */
  paymentFirstCheckDelaySeconds: number;
  rateLimitPerMinute: number;
  /** GET health/ names each check (the deployed default is off). */
  healthDetail: boolean;
  logLevel: string;
  /** Origins the local API allows CORS requests from (the dev stage's by default). */
  corsAllowedOrigins: string[];
  /** Keep DynamoDB Local's data in `stateDir/dynamodb` across restarts (`npm start -- --persist`). */
  persist: boolean;
  /** `text`: one readable line per log record; `json`: the records as deployed (local/log-view.ts). */
  logFormat: 'text' | 'json';
  /** Show the EMF metric records in the logs. */
  logMetrics: boolean;
}

export interface SettingDoc {
  name: string;
  default: string;
  meaning: string;
}

const DEV_WEBHOOK_TOKEN = 'local-webhook-token-not-secret';
/** The deployed dev stage's CORS origins (lib/config.ts), so the local API allows the same. */
const DEV_CORS_ORIGINS: readonly string[] = stageDefaults.dev.corsAllowedOrigins ?? [];
// base64 of the 32 ASCII bytes "local-merchant-signing-secret-00".
const DEV_MERCHANT_SECRET = `whsec_${Buffer.from('local-merchant-signing-secret-00').toString('base64')}`;

export const settingsDoc: readonly SettingDoc[] = [
  { name: 'PORT', default: '3000', meaning: 'Port of the HTTP API (0 picks a free one).' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Interface the HTTP API binds to.' },
  {
    name: 'LOCAL_STATE_DIR',
    default: '.local',
    meaning:
      'Folder for local state: the JWT signing key shared by `npm start` and `npm run token`, and with `--persist` the DynamoDB Local data.',
  },
  {
    name: 'LOCAL_JWT_ISSUER',
    default: 'https://local-issuer.feexpay.invalid/',
    meaning: '`iss` of local tokens; the local API Gateway accepts only this issuer.',
  },
  {
    name: 'LOCAL_JWT_AUDIENCE',
    default: 'feexpay-payments-api',
    meaning: '`aud` of local tokens; the local API Gateway accepts only this audience.',
  },
  {
    name: 'MERCHANT_SCOPE',
    default: 'payments/merchant',
    meaning:
      'OAuth2 scope the merchant routes (checkouts, payments) require; `npm run token -- --scope <it> <client>` mints such a token.',
  },
  {
    name: 'OPERATOR_SCOPE',
    default: 'payments/admin',
    meaning:
      'OAuth2 scope the back office (`admin/` routes) requires; `npm run token -- --operator <name>` mints such a token.',
  },
  {
    name: 'FEEXPAY_API_KEY',
    default: DEFAULT_API_KEY,
    meaning: 'API key the simulator expects and the service sends (a fixed dev value).',
  },
  { name: 'FEEXPAY_SHOP_ID', default: DEFAULT_SHOP_ID, meaning: 'Shop id the simulator expects.' },
  {
    name: 'FEEXPAY_WEBHOOK_TOKEN',
    default: DEV_WEBHOOK_TOKEN,
    meaning: 'Token carried by the webhook URL the simulator calls (`…/webhook/?token=`).',
  },
  {
    name: 'MERCHANT_WEBHOOK_URL',
    default: '(built-in sink)',
    meaning:
      'Where merchant notifications are POSTed. Default: the stack’s own sink at `/_local/merchant-webhook` (GET it to list what arrived).',
  },
  {
    name: 'MERCHANT_WEBHOOK_SECRET',
    default: DEV_MERCHANT_SECRET,
    meaning: 'Standard Webhooks signing secret for merchant notifications (`whsec_…`).',
  },
  {
    name: 'FEEXPAY_SIMULATOR_DELAY_MS',
    default: String(DEFAULT_SIMULATOR_DELAY_MS),
    meaning: 'How long the simulated customer takes to approve or decline.',
  },
  {
    name: 'SIMULATOR_PORT',
    default: '0',
    meaning: 'Port of the FeexPay simulator (0: a free one).',
  },
  { name: 'DYNAMODB_PORT', default: '0', meaning: 'Port of DynamoDB Local (0: a free one).' },
  { name: 'SQS_PORT', default: '0', meaning: 'Port of the SQS emulator (0: a free one).' },
  { name: 'TABLE_NAME', default: 'feexpay-local', meaning: 'Name of the table in DynamoDB Local.' },
  {
    name: 'RECONCILE_INTERVAL_SECONDS',
    default: '10',
    meaning: 'How often the reconciler runs locally (deployed: every few minutes).',
  },
  {
    name: 'NETWORK_HEALTH_INTERVAL_SECONDS',
    default: '30',
    meaning:
      'How often the network-health figures (back office, `providers/` hints) are computed locally (deployed: every 5 minutes).',
  },
  {
    name: 'PAYMENT_MAX_PENDING_SECONDS',
    default: '86400',
    meaning: 'Age after which a PENDING payment FeexPay still reports as pending is expired.',
  },
  {
    name: 'PAYMENT_UNCONFIRMED_EXPIRY_SECONDS',
    default: '300',
    meaning:
      'Age after which a PENDING payment nobody can confirm expires and can be retried: its request-to-pay got no usable answer (no FeexPay reference), or its customer never sent a two-step OTP code.',
  },
  {
    name: 'PAYMENT_FIRST_CHECK_DELAY_SECONDS',
    default: '60',
    meaning:
      'Seconds after creation before the reconciler first asks FeexPay about a PENDING payment (the webhook usually settles it sooner).',
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    default: '100',
    meaning: 'Requests per user per minute before 429.',
  },
  {
    name: 'HEALTH_DETAIL',
    default: 'true',
    meaning: 'GET health/ names each dependency check (`false`: only ok/degraded, as deployed).',
  },
  { name: 'LOG_LEVEL', default: 'INFO', meaning: 'Handler log level (DEBUG, INFO, WARN, ERROR).' },
  {
    name: 'LOG_FORMAT',
    default: 'text',
    meaning:
      '`text`: one readable line per log record (`12:00:01 INFO  PaymentsInitiate Payment created paymentId=…`); `json`: the records as deployed. `npm start -- --json-logs` sets `json`.',
  },
  {
    name: 'LOG_METRICS',
    default: 'false',
    meaning: 'Show the EMF metric records in the logs too (`npm start -- --metrics`).',
  },
  {
    name: 'LOCAL_PERSIST',
    default: 'false',
    meaning:
      'Keep DynamoDB Local’s data in `LOCAL_STATE_DIR/dynamodb` across restarts (`npm start -- --persist`); queued messages are not kept.',
  },
  {
    name: 'CORS_ALLOWED_ORIGINS',
    default: DEV_CORS_ORIGINS.join(','),
    meaning:
      'Comma-separated browser origins the local API allows, with the same CORS rules as the deployed API (`lib/cors.ts`); default: the `dev` stage’s `corsAllowedOrigins`.',
  },
];

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

/** Comma-separated origins, each `scheme://host[:port]` exactly (what a browser sends). */
function origins(env: NodeJS.ProcessEnv, name: string, fallback: readonly string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  const list = raw
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  for (const value of list) {
    let ok = value === '*';
    try {
      ok ||= new URL(value).origin === value;
    } catch {}
    if (!ok) throw new Error(`${name}: "${value}" is not an origin like http://localhost:5173`);
  }
  return list;
}

export function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function logFormat(value: string): 'text' | 'json' {
  if (value === 'text' || value === 'json') return value;
  throw new Error(`LOG_FORMAT must be text or json, got "${value}"`);
}

/**
 * Settings from `env` (default: process.env), then `overrides` on top.
 * Throws one clear line naming the bad variable.
 */
export function loadSettings(
  overrides: Partial<LocalSettings> = {},
  env: NodeJS.ProcessEnv = process.env,
): LocalSettings {
  const port = integer(env, 'PORT', 3000);
  const merchantWebhookSecret = text(env, 'MERCHANT_WEBHOOK_SECRET', DEV_MERCHANT_SECRET);
  if (!merchantWebhookSecret.startsWith('whsec_')) {
    throw new Error('MERCHANT_WEBHOOK_SECRET must start with "whsec_"');
  }
  const webhookToken = text(env, 'FEEXPAY_WEBHOOK_TOKEN', DEV_WEBHOOK_TOKEN);
  if (webhookToken.length < 16)
    throw new Error('FEEXPAY_WEBHOOK_TOKEN must be at least 16 characters');
  const settings: LocalSettings = {
    port,
    host: text(env, 'HOST', '127.0.0.1'),
    stateDir: resolve(text(env, 'LOCAL_STATE_DIR', '.local')),
    jwtIssuer: text(env, 'LOCAL_JWT_ISSUER', 'https://local-issuer.feexpay.invalid/'),
    jwtAudience: text(env, 'LOCAL_JWT_AUDIENCE', 'feexpay-payments-api'),
    merchantScope: text(env, 'MERCHANT_SCOPE', 'payments/merchant'),
    operatorScope: text(env, 'OPERATOR_SCOPE', 'payments/admin'),
    feexPayApiKey: text(env, 'FEEXPAY_API_KEY', DEFAULT_API_KEY),
    feexPayShopId: text(env, 'FEEXPAY_SHOP_ID', DEFAULT_SHOP_ID),
    feexPayWebhookToken: webhookToken,
    merchantWebhookUrl: env.MERCHANT_WEBHOOK_URL || undefined,
    merchantWebhookSecret,
    simulatorDelayMs: integer(env, 'FEEXPAY_SIMULATOR_DELAY_MS', DEFAULT_SIMULATOR_DELAY_MS),
    simulatorPort: integer(env, 'SIMULATOR_PORT', 0),
    dynamoDbPort: integer(env, 'DYNAMODB_PORT', 0),
    sqsPort: integer(env, 'SQS_PORT', 0),
    tableName: text(env, 'TABLE_NAME', 'feexpay-local'),
    reconcileIntervalSeconds: integer(env, 'RECONCILE_INTERVAL_SECONDS', 10, 1),
    networkHealthIntervalSeconds: integer(env, 'NETWORK_HEALTH_INTERVAL_SECONDS', 30, 1),
    paymentMaxPendingSeconds: integer(env, 'PAYMENT_MAX_PENDING_SECONDS', 86400, 1),
    paymentUnconfirmedExpirySeconds: integer(env, 'PAYMENT_UNCONFIRMED_EXPIRY_SECONDS', 300, 1),
    paymentFirstCheckDelaySeconds: integer(env, 'PAYMENT_FIRST_CHECK_DELAY_SECONDS', 60),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 100, 1),
    healthDetail: text(env, 'HEALTH_DETAIL', 'true') !== 'false',
    logLevel: text(env, 'LOG_LEVEL', 'INFO').toUpperCase(),
    corsAllowedOrigins: origins(env, 'CORS_ALLOWED_ORIGINS', DEV_CORS_ORIGINS),
    persist: flag(env, 'LOCAL_PERSIST'),
    logFormat: logFormat(text(env, 'LOG_FORMAT', 'text')),
    logMetrics: flag(env, 'LOG_METRICS'),
  };
  return { ...settings, ...overrides };
}
