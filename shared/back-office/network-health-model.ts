/**
 * Network health from our own data (docs/back-office.md, "Network health"): per network, over
 * the last hour and the last day, how many payments started, how many settled, the share of the
 * settled ones that succeeded, and the median time from creation to success; and the payments
 * started per day. Dependency-free, so `providers/` can read it cheaply.
 */

export interface WindowFigures {
  /** Payments created in the window. */
  started: number;
  /** Of those, settled (SUCCESSFUL, FAILED or EXPIRED). */
  settled: number;
  successful: number;
  /** successful / settled, 0–1; null when none settled. */
  successRate: number | null;
  /** Median seconds from creation to SUCCESSFUL; null without a success. */
  medianSecondsToSuccess: number | null;
}

export interface NetworkFigures {
  network: string;
  hour: WindowFigures;
  day: WindowFigures;
}

export interface NetworkHealth {
  /** When the figures were computed. */
  computedAt: string;
  networks: NetworkFigures[];
  /** Payments created per UTC day, oldest first, today last (every network). */
  startedPerDay: { day: string; count: number }[];
  /**
   * True when the last day held more payments than one computation reads (`SAMPLE_LIMIT`): the
   * day's figures are then those of the most recent ones.
   */
  sampled: boolean;
}

/** The hint `providers/` gives per network: the last hour's figures, or the day's. */
export interface AvailabilityHint {
  /** `ok` (≥ 80 % of settled payments succeeded), `degraded` (≥ 50 %), `down`, or `unknown`. */
  status: 'ok' | 'degraded' | 'down' | 'unknown';
  successRate: number | null;
  medianSecondsToSuccess: number | null;
  /** Which window the figures are of: the hour when it has ≥ 5 settled payments, else the day. */
  window: 'hour' | 'day' | null;
  computedAt: string;
}

/** Settled payments a window needs before its rate says anything. */
export const MIN_SETTLED = 5;

export function availabilityOf(figures: NetworkFigures, computedAt: string): AvailabilityHint {
  const window = figures.hour.settled >= MIN_SETTLED ? 'hour' : 'day';
  const chosen = figures[window];
  if (chosen.settled < MIN_SETTLED || chosen.successRate === null) {
    return {
      status: 'unknown',
      successRate: null,
      medianSecondsToSuccess: null,
      window: null,
      computedAt,
    };
  }
  const rate = chosen.successRate;
  return {
    status: rate >= 0.8 ? 'ok' : rate >= 0.5 ? 'degraded' : 'down',
    successRate: rate,
    medianSecondsToSuccess: chosen.medianSecondsToSuccess,
    window,
    computedAt,
  };
}
