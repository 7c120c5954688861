/**
 * Per-user rate limit for the JWT routes (HTTP API has no per-client throttle: docs/decisions.md,
 * decision 2): a fixed one-minute window per user, on its own counter item, taken in leases of a
 * few tokens per execution environment so steady traffic costs one write per lease, not one per
 * request. Still a hard cap; what leasing trades away: docs/payments.md, "Rate limit".
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from './clients/dynamodb.ts';
import * as config from './config.ts';
import { RateLimitedError } from './errors.ts';
import { rateWindowKey } from './keys.ts';

const WINDOW_SECONDS = 60;
/** Leases kept per execution environment before those of past windows are dropped. */
const MAX_LEASES = 10_000;

interface Lease {
  window: number;
  left: number;
}

const leases = new Map<string, Lease>();

/** Key of a user's counter for the window containing `now`. */
export function rateLimitKey(
  userId: string,
  now: Date,
): { pk: string; sk: string; window: number; windowEnd: number } {
  const window = Math.floor(now.getTime() / 1000 / WINDOW_SECONDS);
  return { ...rateWindowKey(userId, window), window, windowEnd: (window + 1) * WINDOW_SECONDS };
}

function forgetPastWindows(current: number): void {
  if (leases.size < MAX_LEASES) return;
  for (const [user, lease] of leases) if (lease.window !== current) leases.delete(user);
}

/**
 * Counts this request against the caller's window; throws `RateLimitedError` (429 with
 * Retry-After = seconds until the window ends) once the user has spent RATE_LIMIT_PER_MINUTE.
 */
export async function enforceRateLimit(userId: string, now: Date = new Date()): Promise<void> {
  const { pk, sk, window, windowEnd } = rateLimitKey(userId, now);
  const lease = leases.get(userId);
  if (lease && lease.window === window && lease.left > 0) {
    lease.left -= 1;
    return;
  }
  const size = leaseSize();
  const spentBefore = (await addToWindow({ pk, sk }, size, windowEnd)) - size;
  const granted = Math.max(0, Math.min(size, config.rateLimitPerMinute() - spentBefore));
  if (granted === 0) {
    leases.delete(userId);
    const retryAfter = Math.max(1, Math.ceil(windowEnd - now.getTime() / 1000));
    throw new RateLimitedError(retryAfter);
  }
  forgetPastWindows(window);
  // This request spends one of the granted tokens.
  leases.set(userId, { window, left: granted - 1 });
}

/** Tokens reserved per limiter write: RATE_LIMIT_LEASE_SIZE, from 1 to the limit. */
export function leaseSize(): number {
  return Math.max(1, Math.min(config.rateLimitLeaseSize(), config.rateLimitPerMinute()));
}

/**
 * The rate-window store, one operation: adds `tokens` to the window's counter (creating it, with
 * its TTL two minutes after the window) and returns the new count.
 */
async function addToWindow(
  key: { pk: string; sk: string },
  tokens: number,
  windowEnd: number,
): Promise<number> {
  const result = await ddb.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: key,
      UpdateExpression: 'ADD #count :lease SET expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':lease': tokens, ':expiresAt': windowEnd + 2 * WINDOW_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.count ?? 0);
}

/** Drops every lease held by this execution environment (tests start from a clean state). */
export function clearRateLimitLeases(): void {
  leases.clear();
}
