/**
 * Issue 11's acceptance, end to end on the local stack: FeexPay as it really answers, played by
 * the simulator over HTTP, through the local API Gateway, the real handlers, the webhook receiver,
 * processor and notifier (pollers), and the typed client where a merchant frontend would use it.
 * The reconciler runs only when a test runs it (`runSchedule`), so whatever settles a payment here
 * is visibly the webhook, the status route or the reconciler. Payment state is read from the table.
 *
 * - Coris completes through its two steps; Orange Burkina with the code the customer made first.
 * - A webhook whose reference differs only in letter case settles its payment by the webhook path.
 * - A request-to-pay answered 502 can be retried within PAYMENT_UNCONFIRMED_EXPIRY_SECONDS, and
 *   still ends SUCCESSFUL (a late success) when FeexPay's webhook confirms it later.
 * - A reference the simulator forgets ends EXPIRED, and a success FeexPay reports later still wins.
 * - A FAILED payment carries a documented failureCode; the typed client gives its French and
 *   English text, and the merchant's notification carries it.
 * - Every other quirk of the simulator goes through the whole stack to the state it should end in.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsClient,
  FAILURE_MESSAGES,
  failureMessage,
  type Payment,
  type PaymentsClient,
  PaymentsConflictError,
  PaymentsProviderError,
} from '../../client/src/index.ts';
import type { LocalStack } from '../../local/stack.ts';
import { overrideConfig, resetConfig } from '../../shared/config.ts';
import { failureMessages } from '../../shared/payments/failure-codes.ts';
import type { Payment as StoredPayment } from '../../shared/payments/model.ts';
import * as payments from '../../shared/payments/store.ts';
import { storedWebhookEvent } from '../support/dynamodb.ts';
import { startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
let client: PaymentsClient;
const USER = `quirks-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  stack = await startTestStack({
    // The reconciler never runs by itself here (tests run it when they mean to).
    settings: { simulatorDelayMs: 300, reconcileIntervalSeconds: 3600 },
    log: () => {},
  });
  const token = await tokenFor(USER);
  client = createPaymentsClient({ baseUrl: stack.baseUrl, getToken: () => token, retryBaseMs: 50 });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => {
  stack.simulator?.clearFaults();
  resetConfig();
});

const sim = () => {
  if (!stack.simulator) throw new Error('the stack runs the simulator');
  return stack.simulator;
};

const order = (network: string, phoneNumber: string, extra: Record<string, unknown> = {}) => ({
  amount: 1500,
  currency: 'XOF' as const,
  network,
  phoneNumber,
  description: 'Order 11',
  ...extra,
});

/** The payment as the table holds it, once `check` holds. */
function storedWhen(id: string, check: (p: StoredPayment) => boolean, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const p = await payments.get(id, { consistent: true });
      return p && check(p) ? p : undefined;
    },
    { timeoutMs, message: `payment ${id}` },
  );
}

const settledBy = (p: StoredPayment) =>
  p.events.filter((e) => e.type === 'status_changed').map((e) => `${e.source}:${e.to}`);

/** Merchant notifications the stack's sink received for a payment, by type. */
function notified(id: string): { type: string; data: Record<string, unknown> }[] {
  return stack.merchantDeliveries
    .map((d) => JSON.parse(d.body) as { type: string; data: Record<string, unknown> })
    .filter((n) => n.data.id === id);
}

/** The simulator's transaction for one of our payments (FeexPay knows it by callback_info). */
const transactionOf = (id: string) =>
  sim()
    .transactions()
    .find((t) => t.callbackInfo === id);

describe('OTP networks', () => {
  it('Coris completes through its two steps: no code to start, then the code FeexPay sent', async () => {
    const started = await client.initiate(order('coris', '2290166000000'));
    expect(started).toMatchObject({ status: 'PENDING', awaitingOtp: true });
    const code = transactionOf(started.id)?.otpSent;
    expect(code).toMatch(/^\d{6}$/);

    const confirmed = await client.confirmOtp(started.id, { otp: code as string });

    expect(confirmed).toMatchObject({ id: started.id, status: 'SUCCESSFUL' });
    expect(confirmed.awaitingOtp).toBeUndefined();
    expect(await client.status(started.id)).toMatchObject({ status: 'SUCCESSFUL' });
    const requests = sim()
      .requests()
      .filter((r) => (r.body as { callback_info?: string }).callback_info === started.id);
    expect(requests.map((r) => Object.hasOwn(r.body as object, 'otp'))).toEqual([false, true]);
    await waitFor(() => notified(started.id).some((n) => n.type === 'payment.succeeded'), {
      message: 'payment.succeeded',
    });
    // A second code for the same payment is refused, not sent to FeexPay.
    const again = await client.confirmOtp(started.id, { otp: '123456' }).catch((e) => e);
    expect(again).toBeInstanceOf(PaymentsConflictError);
    expect(again.code).toBe('otp_already_submitted');
  });

  it('Orange Burkina completes with the code the customer made before paying', async () => {
    const paid = await client.initiate(order('orange_bf', '22670000000', { otp: '482913' }));

    expect(paid.awaitingOtp).toBeUndefined();
    const final = await client.waitForFinal(paid.id, { intervalMs: 200 });
    expect(final.status).toBe('SUCCESSFUL');
    const stored = await payments.get(paid.id, { consistent: true });
    expect(settledBy(stored as StoredPayment)).toEqual(['webhook:SUCCESSFUL']);
  });
});

describe('references in another letter case', () => {
  it('a webhook whose reference differs only in case settles its payment by the webhook path', async () => {
    // Ending 09: the answer's reference is upper case, FeexPay's webhook writes it in lower case.
    const started = await client.initiate(order('mtn', '2290166000009'));
    const initiated = await payments.get(started.id, { consistent: true });
    const reference = initiated?.reference as string;
    expect(reference).toBe(reference.toUpperCase());

    const settled = await storedWhen(started.id, (p) => p.status === 'SUCCESSFUL');

    expect(settledBy(settled)).toEqual(['webhook:SUCCESSFUL']);
    // The processor marks the event once the transition is written.
    const event = await waitFor(
      async () => {
        const stored = await storedWebhookEvent(stack.settings.tableName, reference, 'SUCCESSFUL');
        return stored?.state === 'processed' ? stored : undefined;
      },
      { message: 'the webhook event processed' },
    );
    expect(event).toMatchObject({
      reference: reference.toLowerCase(),
      state: 'processed',
      outcome: 'transitioned',
      paymentId: started.id,
    });
  });
});

describe('HTTP 502 at initiation', () => {
  it('a 502’d payment can be retried within the configured minutes, and a later confirmation still counts', async () => {
    overrideConfig({ paymentUnconfirmedExpirySeconds: 2 });
    // FeexPay took the request (the phone rang), but its gateway answered 502; ending 02: the
    // customer does not answer until the test says so.
    sim().injectFault({ target: 'requestToPay', kind: 'http502-processed', times: 1 });
    const started = await client.initiate(order('mtn', '2290166000002'));
    expect(started).toMatchObject({ status: 'PENDING' });
    const initiated = await payments.get(started.id, { consistent: true });
    expect(initiated).toMatchObject({ initiationOutcome: 'unknown' });
    expect(initiated?.reference).toBeUndefined();

    const early = await client.retry(started.id).catch((e) => e);
    expect(early).toBeInstanceOf(PaymentsConflictError);
    expect(early.detail).toMatch(/expires at/);

    // Past the short expiry, the retry route expires it and starts the new attempt at once.
    await storedWhen(started.id, () => Date.now() > Date.parse(started.createdAt) + 2_100);
    const retry = await client.retry(started.id);
    expect(retry).toMatchObject({ retryOf: started.id, status: 'PENDING' });
    expect((await payments.get(started.id, { consistent: true }))?.status).toBe('EXPIRED');

    // FeexPay's customer approves the first attempt after all; its webhook arrives.
    const first = transactionOf(started.id);
    const settle = await fetch(`${sim().url}/__simulator/transactions/${first?.reference}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'SUCCESSFUL' }),
    });
    expect(settle.status).toBe(200);

    const late = await storedWhen(started.id, (p) => p.status === 'SUCCESSFUL');
    expect(late).toMatchObject({ lateSuccess: true, reference: first?.reference });
    expect(settledBy(late)).toEqual(['retry:EXPIRED', 'webhook:SUCCESSFUL']);
    await waitFor(() => notified(started.id).some((n) => n.type === 'payment.succeeded'), {
      message: 'the late payment.succeeded',
    });
    expect(notified(started.id).map((n) => n.type)).toEqual([
      'payment.expired',
      'payment.succeeded',
    ]);
  });

  it('a plain 502 (ending 16, nothing created): PENDING without a reference, expired on the status read past its age', async () => {
    overrideConfig({ paymentUnconfirmedExpirySeconds: 1 });
    const started = await client.initiate(order('mtn', '2290166000016'));
    expect(started.status).toBe('PENDING');
    expect(transactionOf(started.id)).toBeUndefined();

    const expired = await waitFor(
      async () => {
        const p = await client.status(started.id);
        return p.status === 'EXPIRED' ? p : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 300, message: 'EXPIRED' },
    );
    expect(expired.status).toBe('EXPIRED');
    expect((await client.retry(started.id)).status).toBe('PENDING');
  });
});

describe('a reference FeexPay forgets', () => {
  it('ends EXPIRED on its normal schedule, not PENDING for ever; FeexPay’s success later still wins', async () => {
    overrideConfig({ paymentMaxPendingSeconds: 2, paymentFirstCheckDelaySeconds: 0 });
    // Ending 15: FeexPay answers 404 for the reference it issued, and sends no webhook.
    const started = await client.initiate(order('mtn', '2290166000015'));
    const reference = (await payments.get(started.id, { consistent: true }))?.reference as string;
    await stack.runSchedule('PaymentsReconcile');
    expect((await payments.get(started.id, { consistent: true }))?.status).toBe('PENDING');

    await storedWhen(started.id, () => Date.now() > Date.parse(started.createdAt) + 2_100);
    await stack.runSchedule('PaymentsReconcile');

    const expired = await storedWhen(started.id, (p) => p.status === 'EXPIRED');
    expect(settledBy(expired)).toEqual(['reconciler:EXPIRED']);
    // FeexPay finds the transaction again and the customer's approval comes through.
    expect(sim().forget(reference, false)).toBe(true);
    expect(sim().settle(reference, 'SUCCESSFUL')).toBe(true);
    const late = await storedWhen(started.id, (p) => p.status === 'SUCCESSFUL');
    expect(late.lateSuccess).toBe(true);
  });
});

describe('failure codes', () => {
  it('a FAILED payment carries a documented failureCode; the typed client gives its French and English text', async () => {
    const started = await client.initiate(order('mtn', '2290166000001'));

    const failed = await client.waitForFinal(started.id, { intervalMs: 200 });

    expect(failed).toMatchObject({
      status: 'FAILED',
      failureCode: 'declined',
      failureReason: 'APPROVAL_REJECTED',
    });
    expect(failureMessage(failed.failureCode, 'fr')).toBe(
      'Le paiement a été refusé ou annulé. Réessayez et confirmez-le sur votre téléphone.',
    );
    expect(failureMessage(failed.failureCode, 'en')).toBe(
      'The payment was declined or cancelled. Try again and confirm it on your phone.',
    );
    // The client's texts are the service's catalogue (generated by `npm run openapi`).
    expect(FAILURE_MESSAGES.fr).toEqual(failureMessages('fr'));
    expect(FAILURE_MESSAGES.en).toEqual(failureMessages('en'));
    await waitFor(() => notified(started.id).find((n) => n.type === 'payment.failed'), {
      message: 'payment.failed',
    });
    const [note] = notified(started.id);
    expect(note?.data).toMatchObject({ status: 'FAILED', failureCode: 'declined' });
  });

  it.each([
    ['21', 'invalid_number', 'PAYER_NOT_FOUND'],
    ['22', 'amount_not_allowed', 'BELOW_OPERATOR_MINIMUM'],
    ['23', 'declined', 'CANCELLED'],
    ['06', 'insufficient_funds', 'INSUFFICIENT_FUNDS'],
  ])('ending %s: FAILED with %s', async (ending, code, reason) => {
    const started = await client.initiate(order('mtn', `22901660000${ending}`));

    const failed: Payment = await client.waitForFinal(started.id, { intervalMs: 200 });

    expect(failed).toMatchObject({ status: 'FAILED', failureCode: code, failureReason: reason });
  });

  it.each([
    ['17', 'invalid_number', 'Invalid phone number'],
    ['18', 'provider_rejected', 'mtn channel not configured'],
  ])(
    'ending %s: FeexPay refuses; 502 with the payment id and %s, the payment FAILED',
    async (ending, code, reason) => {
      const error = await client.initiate(order('mtn', `22901660000${ending}`)).catch((e) => e);

      expect(error).toBeInstanceOf(PaymentsProviderError);
      expect(error).toMatchObject({ status: 502, code: 'provider_rejected', failureCode: code });
      const failed = await client.status(error.paymentId);
      expect(failed).toMatchObject({ status: 'FAILED', failureCode: code, failureReason: reason });
    },
  );

  it('FeexPay down (ending 05): 503 with failureCode provider_unavailable, and a retry is allowed', async () => {
    const error = await client.initiate(order('mtn', '2290166000005')).catch((e) => e);

    expect(error).toMatchObject({
      status: 503,
      code: 'provider_unavailable',
      failureCode: 'provider_unavailable',
    });
    expect(failureMessage(error.failureCode, 'fr')).toContain('Vous n’avez pas été débité');
    await expect(client.status(error.paymentId)).resolves.toMatchObject({
      status: 'FAILED',
      failureCode: 'provider_unavailable',
    });
  });
});

describe('the other quirks, through the whole stack', () => {
  it('07: SUCCESSFUL in the first answer; 08: the first answer lacks the amount, the status read confirms it', async () => {
    overrideConfig({ paymentStatusRefreshSeconds: 0 });
    const atOnce = await client.initiate(order('mtn', '2290166000007'));
    const noAmount = await client.initiate(order('mtn', '2290166000008'));

    expect(atOnce.status).toBe('SUCCESSFUL');
    expect(noAmount.status).toBe('PENDING');
    expect((await client.status(noAmount.id)).status).toBe('SUCCESSFUL');
  });

  it.each([
    ['10', 'mtn', 'Celtiis-style references'],
    ['00', 'celtiis_bj', 'Celtiis itself'],
    ['11', 'mtn', 'string amounts'],
    ['12', 'mtn', 'IN PENDING STATE and SUCCESS'],
    ['13', 'mtn', 'a reason while pending'],
    ['14', 'mtn', 'order_id only (status read by order_id)'],
    ['20', 'mtn', 'callback_info ""'],
    ['00', 'moov', 'Moov’s upper-case references'],
    ['00', 'free_sn', 'a redirect network the catalog now says redirects'],
  ])('ending %s on %s (%s): SUCCESSFUL through the webhook', async (ending, network, _what) => {
    const phone = network === 'free_sn' ? `2217700000${ending}` : `22901660000${ending}`;
    const started = await client.initiate(order(network, phone));

    const settled = await storedWhen(started.id, (p) => p.status === 'SUCCESSFUL');

    expect(settledBy(settled)).toEqual(['webhook:SUCCESSFUL']);
  });

  it('19: FeexPay answers after 40 s; we answer PENDING in time and its webhook settles the payment', async () => {
    overrideConfig({ feexPayRequestTimeoutMs: 1_000 });
    const started = await client.initiate(order('mtn', '2290166000019'));

    // PENDING, or already SUCCESSFUL when the webhook came first: never an error, never a wait.
    expect(['PENDING', 'SUCCESSFUL']).toContain(started.status);
    const settled = await storedWhen(started.id, (p) => p.status === 'SUCCESSFUL');
    expect(settled.events.map((e) => e.type)).toContain('outcome_unknown');
    expect(settledBy(settled)).toEqual(['webhook:SUCCESSFUL']);
    expect(transactionOf(started.id)).toBeDefined();
  });

  it('the request-to-pay carries only the V2 fields: no email, even when the order has one', async () => {
    const started = await client.initiate(
      order('mtn', '2290166000002', { email: 'awa@example.com', firstName: 'Awa' }),
    );

    const request = sim()
      .requests()
      .find((r) => (r.body as { callback_info?: string }).callback_info === started.id);
    expect(Object.keys(request?.body as object).sort()).toEqual(
      ['amount', 'callback_info', 'description', 'first_name', 'phoneNumber', 'shop'].sort(),
    );
  });
});
