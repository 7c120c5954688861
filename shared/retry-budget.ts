/**
 * The retry budget of queued work (docs/webhooks.md, "When FeexPay is down"). A record that keeps
 * failing waits, before its next attempt, as long as it has been failing already (at least
 * 10 s, at most 15 minutes), so the waits double: 10 s, 10 s, 20 s, 40 s … 640 s, then every
 * 15 minutes, for about 6 hours. The wait comes from the time since the record's first receive
 * (`ApproximateFirstReceiveTimestamp`), not from its receive count, so a receive that never
 * reached our code (a crash, a timeout) cannot make the waits jump.
 *
 * The queue's maxReceiveCount is the number of receives that schedule takes to outlast the
 * budget (`receivesWithin`, lib/queues.ts), so a record reaches the DLQ only after an outage
 * longer than a typical one, not after three minutes. The consumers wait by visibility timeout,
 * never by sleeping (shared/webhooks/visibility.ts). No imports: lib/ and shared/config.ts read it
 * without pulling a client into a bundle.
 */

export interface RetryBudget {
  /** The shortest wait. */
  baseSeconds: number;
  /** The longest wait. */
  capSeconds: number;
  /** A record keeps being retried for at least this long after its first receive. */
  budgetSeconds: number;
}

/** What queued work gets: longer than a typical provider outage, shorter than a day of silence. */
export const RETRY_BUDGET: RetryBudget = {
  baseSeconds: 10,
  capSeconds: 900,
  budgetSeconds: 6 * 3600,
};

/** The wait before the next attempt at a record that has been failing for `elapsedSeconds`. */
export function backoffSeconds(
  elapsedSeconds: number,
  budget: Pick<RetryBudget, 'baseSeconds' | 'capSeconds'> = RETRY_BUDGET,
): number {
  return Math.min(budget.capSeconds, Math.max(budget.baseSeconds, Math.round(elapsedSeconds)));
}

/**
 * The waits between receives, each attempt failing at once, until the budget is spent: entry k is
 * the wait after receive k + 1. Their sum is the budget or just over it.
 */
export function retrySchedule(budget: RetryBudget = RETRY_BUDGET): number[] {
  const waits: number[] = [];
  let elapsed = 0;
  while (elapsed < budget.budgetSeconds) {
    const wait = backoffSeconds(elapsed, budget);
    waits.push(wait);
    elapsed += wait;
  }
  return waits;
}

/** The queue's maxReceiveCount for `budget`: its last receive comes once the budget is spent. */
export function receivesWithin(budget: RetryBudget = RETRY_BUDGET): number {
  return retrySchedule(budget).length + 1;
}

/** How long a record has been failing: since SQS first handed it out, in seconds. */
export function failingForSeconds(
  record: { attributes?: { ApproximateFirstReceiveTimestamp?: string } },
  now: number = Date.now(),
): number {
  const first = Number(record.attributes?.ApproximateFirstReceiveTimestamp);
  return Number.isFinite(first) && first > 0 ? Math.max(0, (now - first) / 1000) : 0;
}
