/**
 * The merchant-notification retry schedule. Default: Standard Webhooks' recommended schedule
 * (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten attempts over about
 * 3 days), so a merchant outage of a day or two loses nothing. SQS delays a message by at most
 * 15 minutes, so longer waits are made of re-queue hops (`notBefore`), never a sleeping Lambda.
 * `NOTIFICATION_RETRY_SCHEDULE_SECONDS` replaces it (shared/config.ts).
 */

/** Delay before each attempt, in seconds; entry 0 is the first attempt. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400,
];

/** SQS's largest DelaySeconds. */
export const MAX_SQS_DELAY_SECONDS = 900;
