/**
 * FeexPay failing while a card page is made (docs/cards.md, "What happens" 3): whatever FeexLink
 * does (no answer, a 500 after making the link, a 503), the customer never got a page, so nobody can
 * have paid: the payment is FAILED at once with `provider_unavailable`, FeexPay was asked once, the
 * same key replays the answer without asking again, and a new attempt may start at once. Through
 * the initiate handler in-process (its remaining time bounds FeexPay's wait), against the local
 * stack and the simulator's injected faults.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as initiate } from '../../functions/payments-initiate.ts';
import type { FaultKind } from '../../local/simulator/faults.ts';
import type { LocalStack } from '../../local/stack.ts';
import type { HttpResponse } from '../../shared/http/problem.ts';
import * as payments from '../../shared/payments/store.ts';
import { apiEvent } from '../support/api-event.ts';
import { startTestStack } from '../support/stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({
    settings: { simulatorDelayMs: 100, reconcileIntervalSeconds: 3600 },
    log: () => {},
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** POST initiate/ for a card payment, with 4 s left: FeexPay gets 1 s (remaining − 3 s). */
async function payByCard(key: string) {
  const event = apiEvent({
    method: 'POST',
    path: '/api/v1/payments/feexpay/initiate',
    headers: { 'idempotency-key': key },
    body: {
      amount: 2000,
      currency: 'XOF',
      network: 'card',
      phoneNumber: '2290166000000',
      returnUrl: 'https://shop.example/back',
    },
    sub: 'card-fault-user',
  });
  const context = {
    functionName: 'initiate',
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => 4_000,
  } as unknown as Context;
  const response = (await initiate(event, context)) as HttpResponse;
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

describe('FeexPay faults while making a card page', () => {
  it.each<FaultKind>(['timeout', 'http500-processed', 'http503'])(
    '%s: FAILED provider_unavailable at once, FeexPay asked once, the key replays, a new attempt may start',
    async (kind) => {
      const sim = stack.simulator;
      if (!sim) throw new Error('no simulator');
      sim.injectFault({ target: 'feexLink', kind, times: 1 });
      const before = sim.stats().feexLinks;
      const key = randomUUID();

      const first = await payByCard(key);
      expect(first.status).toBe(503);
      expect(first.body).toMatchObject({
        code: 'provider_unavailable',
        failureCode: 'provider_unavailable',
      });
      const stored = await payments.get(first.body.paymentId, { consistent: true });
      expect(stored).toMatchObject({
        status: 'FAILED',
        network: 'card',
        failureCode: 'provider_unavailable',
      });
      expect(stored?.paymentUrl).toBeUndefined();

      const replay = await payByCard(key);
      expect(replay).toEqual(first);
      expect(sim.stats().feexLinks).toBe(before + 1);

      const again = await payByCard(randomUUID());
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ status: 'PENDING', network: 'card' });
      expect(again.body.paymentUrl).toMatch(/\/feexlink\//);
    },
  );
});
