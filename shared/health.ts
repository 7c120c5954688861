/**
 * Dependency checks for GET health/. Each check runs with a deadline and comes out `ok` or `fail`;
 * the reason goes to the log only. The result is cached for `HEALTH_CACHE_SECONDS` per execution
 * environment, so probes (or a flood) cost at most one DynamoDB read and no Secrets Manager call
 * per environment per 10 s. The secret check proves Secrets Manager answers for our secret, and
 * never whether its content parses: that would tell anyone who asks how the service is set up.
 *
 * The public answer is `ok` or `degraded`; the per-check detail goes only to callers allowed it
 * (`healthAnswer({ detailed: true })`): today the stage setting, and any route that checks a
 * credential of its own (a merchant-scoped route calls it with `detailed: true`).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from './clients/dynamodb.ts';
import * as config from './config.ts';
import { HEALTH_KEY } from './keys.ts';
import { logger } from './logger.ts';
import { SECRET_MAX_AGE_SECONDS } from './secrets.ts';

export type CheckName = 'dynamodb' | 'secretsManager';
export type CheckResult = 'ok' | 'fail';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<CheckName, CheckResult>;
  /** When the checks ran (they are cached for `HEALTH_CACHE_SECONDS`). */
  checkedAt: string;
}

/** How long a report is reused. */
export const HEALTH_CACHE_SECONDS = 10;
const CHECK_TIMEOUT_MS = 3_000;

const checks: Record<CheckName, (signal: AbortSignal) => Promise<unknown>> = {
  // A key lookup on a key that never exists: proves reachability and read permission, costs 0.5 RRU.
  dynamodb: (abortSignal) =>
    ddb.send(new GetCommand({ TableName: config.tableName(), Key: HEALTH_KEY }), { abortSignal }),
  // The raw value, through the payment functions' 5-minute cache: reachable and readable, nothing
  // about its content.
  secretsManager: () => getSecret(config.feexPaySecretArn(), { maxAge: SECRET_MAX_AGE_SECONDS }),
};

async function run(name: CheckName, check: (signal: AbortSignal) => Promise<unknown>) {
  const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  try {
    await Promise.race([
      check(signal),
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    ]);
    return 'ok' as const;
  } catch (error) {
    logger.error('Health check failed', { check: name, error });
    return 'fail' as const;
  }
}

async function runChecks(now: Date): Promise<HealthReport> {
  const names = Object.keys(checks) as CheckName[];
  const results = await Promise.all(names.map((name) => run(name, checks[name])));
  const report = Object.fromEntries(
    names.map((name, i) => [name, results[i]]),
  ) as HealthReport['checks'];
  return {
    status: results.every((r) => r === 'ok') ? 'ok' : 'degraded',
    checks: report,
    checkedAt: now.toISOString(),
  };
}

let cached: { until: number; report: Promise<HealthReport> } | undefined;

/** The checks' results, run at most once per `HEALTH_CACHE_SECONDS` (concurrent callers share a run). */
export function checkHealth(now: Date = new Date()): Promise<HealthReport> {
  if (!cached || now.getTime() >= cached.until) {
    cached = { until: now.getTime() + HEALTH_CACHE_SECONDS * 1000, report: runChecks(now) };
  }
  return cached.report;
}

/** Tests: forget the cached report. */
export function clearHealthCache(): void {
  cached = undefined;
}

/** What GET health/ answers: 200 or 503, and the checks only when `detailed`. */
export async function healthAnswer(options: { detailed: boolean; now?: Date }) {
  const report = await checkHealth(options.now);
  const body = options.detailed ? report : { status: report.status };
  return { status: report.status === 'ok' ? 200 : 503, body };
}
