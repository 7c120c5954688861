/** The local schedule (local/scheduler.ts): cadence from the schedule's variable, no overlap. */
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type Scheduler, startScheduler } from '../../local/scheduler.ts';
import { waitFor } from '../support/wait.ts';

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  delete process.env.TEST_SCHEDULE_SECONDS;
});

const row = {
  id: 'TestSchedule',
  everyMinutes: 5,
  localIntervalEnv: 'TEST_SCHEDULE_SECONDS',
  localIntervalDefaultSeconds: 60,
};

describe('scheduler', () => {
  it('runs the handler every N seconds with an EventBridge scheduled event', async () => {
    process.env.TEST_SCHEDULE_SECONDS = '1';
    const events: ScheduledEvent[] = [];
    scheduler = startScheduler({
      schedules: [{ ...row, handler: async (event: ScheduledEvent) => void events.push(event) }],
    });
    await waitFor(() => events.length >= 2, { timeoutMs: 5_000 });
    expect(events[0]).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      region: 'us-east-1',
      resources: [expect.stringContaining('rule/feexpay-local-TestSchedule')],
      detail: {},
    });
    expect(events[0]?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('falls back to the default interval when the variable is unset', async () => {
    let runs = 0;
    scheduler = startScheduler({ schedules: [{ ...row, handler: async () => void runs++ }] });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(runs).toBe(0);
  });

  it('never overlaps runs, and stop() waits for the run in flight', async () => {
    process.env.TEST_SCHEDULE_SECONDS = '1';
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    const slow = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 700));
      running--;
      finished++;
    };
    scheduler = startScheduler({ schedules: [{ ...row, handler: slow }] });
    const manual = scheduler.runNow('TestSchedule');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const secondManual = scheduler.runNow('TestSchedule');
    await Promise.all([manual, secondManual]);
    await waitFor(() => finished >= 3, { timeoutMs: 5_000 });
    expect(maxRunning).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await scheduler.stop();
    expect(running).toBe(0);
  });

  it('keeps running after the handler throws', async () => {
    process.env.TEST_SCHEDULE_SECONDS = '1';
    let calls = 0;
    const errors: unknown[] = [];
    scheduler = startScheduler({
      log: (_message, error) => errors.push(error),
      schedules: [
        {
          ...row,
          handler: async () => {
            calls++;
            throw new Error('reconcile failed');
          },
        },
      ],
    });
    await waitFor(() => calls >= 2, { timeoutMs: 5_000 });
    expect(errors.length).toBeGreaterThanOrEqual(1);
  });
});
