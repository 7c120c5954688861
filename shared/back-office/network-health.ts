/**
 * Computes the network-health figures (model: network-health-model.ts) from the payments
 * themselves, for the network-health schedule (functions/network-health-refresh.ts), which writes
 * them to one item every few minutes; the back office and `providers/` read that item, so neither
 * pays for the computation (docs/back-office.md, "Network health").
 *
 * Reads: the last day's payments through the `byCreated` index, newest first, at most
 * `SAMPLE_LIMIT` of them (keys, then BatchGetItem), and one keys-only `Select: COUNT` Query per
 * day and shard for the per-day chart.
 */
import { SHARDS } from '../keys.ts';
import { listStoredPayments } from '../payments/list.ts';
import type { Payment } from '../payments/model.ts';
import * as payments from '../payments/store.ts';
import { networks as catalog } from '../providers.ts';
import type { NetworkHealth, WindowFigures } from './network-health-model.ts';

/** Payments of the last day read at most per computation (the most recent ones). */
export const SAMPLE_LIMIT = 5000;
/** Days of the per-day chart, today included. */
export const CHART_DAYS = 14;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export async function computeNetworkHealth(now = new Date()): Promise<NetworkHealth> {
  const since = new Date(now.getTime() - DAY_MS);
  const recent: Payment[] = [];
  let cursor: string | undefined;
  do {
    const page = await listStoredPayments(
      {
        from: since.toISOString(),
        to: now.toISOString(),
        cursor,
        limit: Math.min(500, SAMPLE_LIMIT - recent.length),
      },
      () => true,
      now,
    );
    recent.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && recent.length < SAMPLE_LIMIT);
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const ids = [...new Set([...catalog.map((n) => n.id), ...recent.map((p) => p.network)])];
  return {
    computedAt: now.toISOString(),
    networks: ids.map((network) => {
      const mine = recent.filter((p) => p.network === network);
      return {
        network,
        hour: figuresOf(mine.filter((p) => p.createdAt >= hourAgo)),
        day: figuresOf(mine),
      };
    }),
    startedPerDay: await startedPerDay(now),
    sampled: cursor !== undefined,
  };
}

/** The figures of one window's payments. */
export function figuresOf(list: readonly Payment[]): WindowFigures {
  const settled = list.filter((p) => p.status !== 'PENDING');
  const successes = settled.filter((p) => p.status === 'SUCCESSFUL');
  const durations = successes
    .map((p) => (Date.parse(successAt(p)) - Date.parse(p.createdAt)) / 1000)
    .filter((seconds) => Number.isFinite(seconds) && seconds >= 0);
  return {
    started: list.length,
    settled: settled.length,
    successful: successes.length,
    successRate: settled.length ? successes.length / settled.length : null,
    medianSecondsToSuccess: median(durations),
  };
}

/** When a SUCCESSFUL payment became so: its `status_changed` event, else `updatedAt`. */
function successAt(p: Payment): string {
  const changed = p.events.find((e) => e.type === 'status_changed' && e.to === 'SUCCESSFUL');
  return changed?.at ?? p.updatedAt;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

async function startedPerDay(now: Date): Promise<{ day: string; count: number }[]> {
  const days = Array.from({ length: CHART_DAYS }, (_, back) =>
    new Date(now.getTime() - (CHART_DAYS - 1 - back) * DAY_MS).toISOString().slice(0, 10),
  );
  const chart: { day: string; count: number }[] = [];
  // A day at a time: ten small Queries in flight, not 140.
  for (const day of days) {
    const counts = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) => payments.countCreated(day, shard)),
    );
    chart.push({ day, count: counts.reduce((sum, n) => sum + n, 0) });
  }
  return chart;
}
