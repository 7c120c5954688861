/**
 * The local EventBridge schedule: each schedule's handler runs every N seconds (N from the
 * schedule's `localIntervalEnv` variable, else its default), with a Scheduled Event. A run never
 * overlaps the previous one of the same schedule: the next timer starts when a run ends.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { Schedule } from '../lib/routes.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './aws.ts';
import {
  DEFAULT_TIMEOUT_SECONDS,
  type LambdaHandler,
  lambdaContext,
  resolveHandler,
} from './lambda.ts';
import { integer } from './settings.ts';

/** A schedule row; tests may give `handler` directly instead of an `entry` file. */
export type LocalSchedule = Omit<Schedule, 'entry' | 'grants'> & {
  entry?: string;
  handler?: LambdaHandler;
};

export interface SchedulerOptions {
  schedules: readonly LocalSchedule[];
  log?: (message: string, error?: unknown) => void;
}

export interface Scheduler {
  /** Runs a schedule now (waiting for a run in flight first); resolves when it is done. */
  runNow(id: string): Promise<void>;
  /** Cancels the timers and waits for runs in flight. Idempotent. */
  stop(): Promise<void>;
}

export function scheduledEvent(id: string, time = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/feexpay-local-${id}`],
    detail: {},
  };
}

/** Seconds between runs: the schedule's variable if set, else its default. */
export function intervalSeconds(schedule: LocalSchedule): number {
  return integer(process.env, schedule.localIntervalEnv, schedule.localIntervalDefaultSeconds);
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const log = options.log ?? ((message, error) => console.error(`[local] ${message}`, error ?? ''));
  let stopped = false;
  const state = new Map<string, { timer?: NodeJS.Timeout; running: Promise<void> }>();

  async function runOnce(schedule: LocalSchedule): Promise<void> {
    try {
      const handler: LambdaHandler = await resolveHandler(schedule);
      const timeoutMs = (schedule.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.schedule) * 1000;
      // Not cut off at the timeout (a run in flight would then overlap the next one).
      await handler(scheduledEvent(schedule.id), lambdaContext(schedule.id, timeoutMs));
    } catch (error) {
      log(`${schedule.id} failed`, error);
    }
  }

  /** Runs are chained per schedule, so they never overlap. */
  function enqueue(schedule: LocalSchedule): Promise<void> {
    const entry = state.get(schedule.id);
    if (!entry) throw new Error(`No schedule ${schedule.id}`);
    entry.running = entry.running.then(() => runOnce(schedule));
    return entry.running;
  }

  /** (Re)starts the one timer of a schedule. */
  function arm(schedule: LocalSchedule): void {
    const entry = state.get(schedule.id);
    if (!entry || stopped) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void enqueue(schedule).then(() => arm(schedule));
    }, intervalSeconds(schedule) * 1000);
  }

  for (const schedule of options.schedules) {
    state.set(schedule.id, { running: Promise.resolve() });
    arm(schedule);
  }

  return {
    async runNow(id) {
      const schedule = options.schedules.find((s) => s.id === id);
      const entry = state.get(id);
      if (!schedule || !entry) throw new Error(`No schedule ${id}`);
      clearTimeout(entry.timer);
      entry.timer = undefined;
      await enqueue(schedule);
      arm(schedule);
    },
    async stop() {
      stopped = true;
      for (const entry of state.values()) clearTimeout(entry.timer);
      await Promise.all([...state.values()].map((entry) => entry.running));
    },
  };
}
