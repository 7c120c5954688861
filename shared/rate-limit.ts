/**
 * Per-user rate limit for the JWT routes (DESIGN decision 2: HTTP API has no per-client throttle).
 *
 * A fixed one-minute window per user: ONE UpdateItem `ADD count :one` on `RATE#<userId>#<window>`,
 * which returns the new count. Each user (and each minute) has its own item, so no item is shared
 * by all users (no hot partition); the items expire through TTL two minutes after their window.
 * A fixed window lets a user burst up to twice the limit across a window boundary; for abuse
 * protection that is acceptable and it costs one write instead of a read-modify-write.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from './clients/dynamodb.ts';
import { intEnv, requireEnv } from './env.ts';
import { RateLimitedError } from './errors.ts';

const TABLE_NAME = requireEnv('TABLE_NAME');
const LIMIT = intEnv('RATE_LIMIT_PER_MINUTE', 100);
const WINDOW_SECONDS = 60;

/** Key of a user's counter for the window containing `now`. */
export function rateLimitKey(
  userId: string,
  now: Date,
): { pk: string; sk: string; windowEnd: number } {
  const window = Math.floor(now.getTime() / 1000 / WINDOW_SECONDS);
  return { pk: `RATE#${userId}#${window}`, sk: 'RATE', windowEnd: (window + 1) * WINDOW_SECONDS };
}

/**
 * Counts this request against the caller's window; throws `RateLimitedError` (429 with
 * Retry-After = seconds until the window ends) once the count passes RATE_LIMIT_PER_MINUTE.
 */
export async function enforceRateLimit(userId: string, now: Date = new Date()): Promise<void> {
  const { pk, sk, windowEnd } = rateLimitKey(userId, now);
  const result = await ddb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { pk, sk },
      UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': windowEnd + 2 * WINDOW_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const count = Number(result.Attributes?.count ?? 0);
  if (count > LIMIT) {
    const retryAfter = Math.max(1, Math.ceil(windowEnd - now.getTime() / 1000));
    throw new RateLimitedError(retryAfter);
  }
}
