/**
 * The unknown-initiation-outcome path (docs/payments.md): FeexPay's request-to-pay times out (the
 * simulator processes the request but never answers) or answers junk. Through the local stack on
 * DynamoDB Local, the SQS emulator and the simulator: the caller gets 201 PENDING in time, the
 * payment keeps no reference, FeexPay is asked to pay exactly once, and then FeexPay's webhook
 * (linked by callback_info) settles it, or, with no webhook, the reconciler expires it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { overrideConfig } from '../../shared/config.ts';
import * as payments from '../../shared/payments/store.ts';
import { storedWebhookEvent } from '../support/dynamodb.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

/** FEEXPAY_REQUEST_TIMEOUT_MS: how long initiate waits for FeexPay's answer. */
const REQUEST_TIMEOUT_MS = 1_000;
const MAX_PENDING_SECONDS = 6;

let stack: LocalStack;
let token: string;

beforeAll(async () => {
  overrideConfig({ feexPayRequestTimeoutMs: REQUEST_TIMEOUT_MS });
  stack = await startTestStack({
    settings: {
      // The simulated customer approves after the request-to-pay timed out on our side.
      simulatorDelayMs: 1_500,
      paymentMaxPendingSeconds: MAX_PENDING_SECONDS,
      // The reconciler's first look comes after the max age: it expires, it never races the webhook.
      paymentFirstCheckDelaySeconds: MAX_PENDING_SECONDS + 1,
      reconcileIntervalSeconds: 1,
    },
    log: () => {},
  });
  token = await tokenFor('user-unknown-outcome');
});

afterAll(async () => {
  await stack?.stop();
});

const requestsToPay = () => stack.simulator?.stats().requestToPay ?? 0;

function initiate(ending: string, key = randomUUID()) {
  return api(stack, 'POST', 'initiate', {
    token,
    headers: { 'idempotency-key': key },
    body: { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: `22901660000${ending}` },
  });
}

/** Initiates with `fault` on the request-to-pay; checks the answer and the stored payment. */
async function initiateUnknown(fault: 'timeout' | 'junk', ending: string, key = randomUUID()) {
  stack.simulator?.injectFault({ target: 'requestToPay', kind: fault, times: 1 });
  const before = requestsToPay();
  const started = Date.now();
  const res = await initiate(ending, key);
  const elapsed = Date.now() - started;
  expect(res.status, res.text).toBe(201);
  expect(res.body).toMatchObject({ status: 'PENDING', amount: 1500 });
  // In time: the FeexPay timeout plus our own work, far from API Gateway's 30 s.
  expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 4_000);
  expect(requestsToPay()).toBe(before + 1);
  const stored = await payments.get(res.body.id, { consistent: true });
  expect(stored).toMatchObject({ status: 'PENDING', initiationOutcome: 'unknown' });
  expect(stored?.reference).toBeUndefined();
  expect(stored?.events.map((e) => e.type)).toEqual(['created', 'outcome_unknown']);
  return { id: String(res.body.id), key, before };
}

function statusIs(id: string, status: string, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const p = await payments.get(id, { consistent: true });
      return p?.status === status ? p : undefined;
    },
    { timeoutMs, message: `payment ${id} ${status}` },
  );
}

const webhookEvent = (reference: string, status: string) =>
  storedWebhookEvent(stack.settings.tableName, reference, status);

describe('request-to-pay outcome unknown', () => {
  it('timeout: 201 PENDING in time, then FeexPay’s webhook (callback_info) settles it and stores the reference; one request-to-pay', async () => {
    const { id, key, before } = await initiateUnknown('timeout', '00');
    // FeexPay did take the request: its transaction carries our id.
    const tx = stack.simulator?.transactions().find((t) => t.callbackInfo === id);
    expect(tx).toBeDefined();

    const settled = await statusIs(id, 'SUCCESSFUL');
    expect(settled.reference).toBe(tx?.reference);
    expect(settled.events.at(-1)).toMatchObject({
      type: 'status_changed',
      source: 'webhook',
      to: 'SUCCESSFUL',
      reference: tx?.reference,
    });
    // The reference is now indexed: a later webhook without callback_info finds the payment.
    expect(await payments.findByReference(tx?.reference as string)).toBe(id);

    // A replay answers the stored 201 and never asks FeexPay again.
    const replay = await initiate('00', key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(requestsToPay()).toBe(before + 1);
  });

  it('junk answer, or a timeout and no webhook ever: expired past the max age, never re-sent', async () => {
    const junk = await initiateUnknown('junk', '00');
    const silent = await initiateUnknown('timeout', '02');
    const total = requestsToPay();
    const [a, b] = await Promise.all([
      statusIs(junk.id, 'EXPIRED'),
      statusIs(silent.id, 'EXPIRED'),
    ]);
    for (const p of [a, b]) {
      expect(p.reference).toBeUndefined();
      expect(Date.parse(p.updatedAt) - Date.parse(p.createdAt)).toBeGreaterThan(
        MAX_PENDING_SECONDS * 1000,
      );
    }
    expect(requestsToPay()).toBe(total);
  });

  it('a webhook naming our unreferenced payment with another transaction’s reference changes nothing', async () => {
    const victim = await initiateUnknown('junk', '00');
    // Another payment of the same amount that FeexPay settles without a webhook (ending 03).
    const other = await initiate('03');
    const otherTx = await waitFor(
      () =>
        stack.simulator
          ?.transactions()
          .find((t) => t.callbackInfo === other.body.id && t.status === 'SUCCESSFUL'),
      { message: 'the other payment settled at FeexPay' },
    );
    const res = await fetch(
      `${stack.apiUrl}/webhook/?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          reference: otherTx.reference,
          status: 'SUCCESSFUL',
          amount: 1500,
          callback_info: victim.id,
        }),
      },
    );
    expect(res.status).toBe(200);
    const event = await waitFor(async () => {
      const e = await webhookEvent(otherTx.reference, 'SUCCESSFUL');
      return e?.state === 'processed' ? e : undefined;
    });
    expect(event).toMatchObject({ outcome: 'callback_mismatch', paymentId: victim.id });
    const after = await payments.get(victim.id, { consistent: true });
    expect(after?.status).toBe('PENDING');
    expect(after?.reference).toBeUndefined();
  });
});
