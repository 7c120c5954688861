/**
 * The webhook queue's retry budget against the SQS emulator: the real consumer
 * (functions/webhook-process.ts) fails a record while FeexPay's status endpoint is down, and the
 * record comes back with growing delays (visibility timeout), survives more receives than the old
 * fixed 5, and reaches the DLQ only once the budget is spent, by the queue's own redrive policy
 * with the maxReceiveCount shared/retry-budget.ts computes (lib/queues.ts deploys the same).
 * Scaled down: base 1 s, cap 4 s, budget 24 s (deployed: 10 s, 15 min, 6 h).
 */
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as webhookProcess } from '../../functions/webhook-process.ts';
import { localClientConfig } from '../../local/aws.ts';
import { emulatorMaxReceiveCount } from '../../local/sqs.ts';
import type { LocalStack } from '../../local/stack.ts';
import { overrideConfig } from '../../shared/config.ts';
import { type RetryBudget, receivesWithin, retrySchedule } from '../../shared/retry-budget.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';
import { receive, runBatch, type SqsHandler } from './queue-driver.ts';

const BUDGET: RetryBudget = { baseSeconds: 1, capSeconds: 4, budgetSeconds: 24 };

let stack: LocalStack;
let sqs: SQSClient;

beforeAll(async () => {
  overrideConfig({
    webhookRetryBaseSeconds: BUDGET.baseSeconds,
    webhookRetryCapSeconds: BUDGET.capSeconds,
  });
  stack = await startTestStack({
    settings: { simulatorDelayMs: 50 },
    // This file drives the webhook queue itself; nothing else consumes it.
    consumers: [],
    schedules: [],
    // The emulator counts each failed attempt twice (local/sqs.ts); this is the same threshold.
    maxReceiveCount: emulatorMaxReceiveCount(receivesWithin(BUDGET)),
    log: () => {},
  });
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

describe('a webhook while FeexPay is down', () => {
  it('comes back with growing delays, outlives 5 receives, and is dead-lettered only once the budget is spent', async () => {
    expect(retrySchedule(BUDGET)).toEqual([1, 1, 2, 4, 4, 4, 4, 4]);
    const queue = stack.queues.webhook;
    const token = await tokenFor('user-retry-budget');
    const created = await api(stack, 'POST', 'initiate', {
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: '2290166000003' },
    });
    expect(created.status, created.text).toBe(201);
    const reference = (await waitFor(
      async () =>
        stack.simulator?.transactions().find((t) => t.callbackInfo === created.body.id)?.reference,
      { message: 'FeexPay knows the transaction' },
    )) as string;
    // FeexPay's status endpoint answers 503 to everything from now on.
    stack.simulator?.injectFault({ target: 'status', kind: 'http503', times: 1_000 });
    const res = await fetch(
      `${stack.apiUrl}/webhook?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reference, status: 'SUCCESSFUL', amount: 1500 }),
      },
    );
    expect(res.status).toBe(200);

    const receivedAt: number[] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      expect(Date.now(), 'the record dead-lettered in time').toBeLessThan(deadline);
      const messages = (await receive(sqs, queue.url)).filter((m) => m.Body?.includes(reference));
      if (messages.length > 0) {
        receivedAt.push(Date.now());
        const run = await runBatch(sqs, queue, webhookProcess as SqsHandler, messages);
        expect(run.failed).toHaveLength(1);
        if (receivedAt.length === 6) {
          // Past the old limit of 5 receives, and still on the work queue, not in the DLQ.
          expect(await receive(sqs, queue.dlqUrl)).toEqual([]);
        }
        continue;
      }
      const dlq = await receive(sqs, queue.dlqUrl);
      if (dlq.some((m) => m.Body?.includes(reference))) break;
      // SQS hands the record back only when its visibility timeout ends: poll until then.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Every receive the budget allows, then the DLQ.
    expect(receivedAt).toHaveLength(receivesWithin(BUDGET));
    // The gaps follow the schedule: each at least its wait (an attempt's own time only adds to
    // how long the record has been failing), growing from 1 s to the 4 s cap.
    const gaps = receivedAt.slice(1).map((at, i) => (at - (receivedAt[i] as number)) / 1000);
    retrySchedule(BUDGET).forEach((wait, i) => {
      expect(gaps[i], `gap ${i + 1}`).toBeGreaterThanOrEqual(wait - 0.25);
    });
    expect(gaps[3] as number).toBeGreaterThan((gaps[0] as number) + 1.5);
    const span = ((receivedAt.at(-1) as number) - (receivedAt[0] as number)) / 1000;
    expect(span).toBeGreaterThanOrEqual(BUDGET.budgetSeconds - 1);
    stack.simulator?.clearFaults();
  }, 90_000);
});
