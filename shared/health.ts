/**
 * Dependency checks for GET health/. Each check runs with a deadline and reports only `ok` or
 * `fail`: no secret values, stack traces or resource names reach the caller (they go to the log).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from './clients/dynamodb.ts';
import * as config from './config.ts';
import { HEALTH_KEY } from './keys.ts';
import { logger } from './logger.ts';
import { getFeexPaySecret } from './secrets.ts';

export type CheckName = 'dynamodb' | 'feexpaySecret';
export type CheckResult = 'ok' | 'fail';

export interface HealthReport {
  status: 'ok' | 'fail';
  checks: Record<CheckName, CheckResult>;
}

const CHECK_TIMEOUT_MS = 3_000;

const checks: Record<CheckName, (signal: AbortSignal) => Promise<unknown>> = {
  // A key lookup on a key that never exists: proves reachability and read permission, costs 0.5 RRU.
  dynamodb: (abortSignal) =>
    ddb.send(new GetCommand({ TableName: config.tableName(), Key: HEALTH_KEY }), { abortSignal }),
  // Fetched through the same 5-minute cache the payment functions use.
  feexpaySecret: () => getFeexPaySecret(),
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

export async function checkHealth(): Promise<HealthReport> {
  const names = Object.keys(checks) as CheckName[];
  const results = await Promise.all(names.map((name) => run(name, checks[name])));
  const report = Object.fromEntries(
    names.map((name, i) => [name, results[i]]),
  ) as HealthReport['checks'];
  return { status: results.every((r) => r === 'ok') ? 'ok' : 'fail', checks: report };
}
