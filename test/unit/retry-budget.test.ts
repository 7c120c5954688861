/**
 * The retry budget of queued work (shared/retry-budget.ts): the waits a failing record gets, how
 * many receives the queue allows for them, and what a FeexPay outage of a few hours does.
 */
import { describe, expect, it } from 'vitest';
import {
  backoffSeconds,
  failingForSeconds,
  RETRY_BUDGET,
  receivesWithin,
  retrySchedule,
} from '../../shared/retry-budget.ts';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the retry budget', () => {
  it('waits as long as the record has been failing: 10 s, doubling, capped at 15 minutes', () => {
    const schedule = retrySchedule();
    expect(schedule.slice(0, 9)).toEqual([10, 10, 20, 40, 80, 160, 320, 640, 900]);
    expect(schedule.slice(8).every((wait) => wait === 900)).toBe(true);
    expect(Math.max(...schedule)).toBe(RETRY_BUDGET.capSeconds);
  });

  it('keeps retrying for 6 hours, and stops soon after', () => {
    const schedule = retrySchedule();
    expect(sum(schedule)).toBeGreaterThanOrEqual(6 * 3600);
    expect(sum(schedule.slice(0, -1))).toBeLessThan(6 * 3600);
  });

  it('allows the queue exactly the receives the schedule makes: 32, not the old 5', () => {
    expect(receivesWithin()).toBe(retrySchedule().length + 1);
    expect(receivesWithin()).toBe(32);
  });

  it('outlasts a 2-hour FeexPay outage with receives to spare', () => {
    const schedule = retrySchedule();
    let elapsed = 0;
    let receives = 1;
    for (const wait of schedule) {
      if (elapsed + wait > 2 * 3600) break;
      elapsed += wait;
      receives++;
    }
    // Two hours in, the record is still on its queue, with receives left for four more hours.
    expect(receives).toBeLessThan(receivesWithin());
    expect(receivesWithin() - receives).toBeGreaterThan(15);
  });

  it('reads how long a record has been failing from its first receive, never negative', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    const record = (first?: string) => ({
      attributes: { ApproximateFirstReceiveTimestamp: first },
    });
    expect(failingForSeconds(record(String(now - 95_000)), now)).toBe(95);
    expect(failingForSeconds(record(String(now + 5_000)), now)).toBe(0);
    expect(failingForSeconds(record(undefined), now)).toBe(0);
    expect(failingForSeconds(record('junk'), now)).toBe(0);
    expect(backoffSeconds(0)).toBe(10);
    expect(backoffSeconds(95)).toBe(95);
    expect(backoffSeconds(10_000)).toBe(900);
  });
});
