/**
 * Checkouts end to end, black-box through the local stack (in-process, free ports, the simulator
 * over HTTP, the pollers and the reconciler running): a merchant server's token creates a
 * checkout, a customer with no token pays it on the public routes, the checkout is PAID once, and
 * a test merchant endpoint verifies every notification with `standardwebhooks`. The races (20
 * concurrent pay calls, a late success of an expired attempt) and the rules (one OPEN checkout per
 * order, no attempt after PAID, CANCELED or expiry, the amount never from the body) are each a test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { checkoutNotificationsFor } from '../../scripts/resend-notifications.ts';
import * as checkouts from '../../shared/checkouts/store.ts';
import { overrideConfig, resetConfig } from '../../shared/config.ts';
import { enqueueNotification } from '../../shared/notifications/notifier.ts';
import * as payments from '../../shared/payments/store.ts';
import { reconcile } from '../../shared/reconcile/reconcile.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { startTestMerchant, type TestMerchant, waitFor } from './webhooks-merchant.ts';

const SECRET = `whsec_${Buffer.from('e2e-checkout-signing-secret-0001').toString('base64')}`;

let stack: LocalStack;
let merchant: TestMerchant;
let merchantToken: string;

beforeAll(async () => {
  merchant = await startTestMerchant(SECRET);
  stack = await startTestStack({
    settings: {
      simulatorDelayMs: 100,
      merchantWebhookUrl: merchant.url,
      merchantWebhookSecret: SECRET,
      // The reconciler runs when a test asks (it moves time forward itself).
      reconcileIntervalSeconds: 3600,
    },
    log: () => {},
  });
  merchantToken = await tokenFor('shop-backend', {
    claims: { scope: 'payments/merchant', client_id: 'shop-backend' },
  });
}, 120_000);

afterAll(async () => {
  resetConfig();
  await stack?.stop();
  await merchant?.close();
});

const orderId = () => `order-${randomUUID().slice(0, 8)}`;

function create(body: Record<string, unknown> = {}, key = randomUUID()) {
  return api(stack, 'POST', 'checkouts', {
    token: merchantToken,
    body: { amount: 2500, currency: 'XOF', orderId: orderId(), countries: ['BJ'], ...body },
    headers: { 'idempotency-key': key },
  });
}

async function openCheckout(body: Record<string, unknown> = {}) {
  const created = await create(body);
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; orderId: string; url: string; expiresAt: string };
}

function pay(id: string, body: Record<string, unknown>, key = randomUUID()) {
  return api(stack, 'POST', `checkouts/${id}/pay`, { body, headers: { 'idempotency-key': key } });
}

const read = (id: string) => api(stack, 'GET', `checkouts/${id}`, { token: merchantToken });

const until = (id: string, status: string) =>
  waitFor(`checkout ${status}`, async () => {
    const checkout = await read(id);
    return checkout.body.status === status && checkout.body;
  });

const delivered = (type: string, id: string) =>
  waitFor(`${type} for ${id}`, () =>
    merchant.deliveries.find((d) => d.type === type && d.body.data.id === id),
  );

/** Runs the reconciler as if `seconds` had passed. */
const reconcileAfter = (seconds: number) =>
  reconcile({
    now: new Date(Date.now() + seconds * 1000),
    deadline: Date.now() + 20_000,
    maxPendingSeconds: 86_400,
  });

describe('the merchant scope', () => {
  it('a customer’s token on POST checkouts/ is 403 insufficient_scope; none is 401', async () => {
    const body = { amount: 2500, currency: 'XOF', orderId: orderId() };
    const customer = await api(stack, 'POST', 'checkouts', {
      sub: 'a-customer',
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(customer.status).toBe(403);
    expect(customer.headers.get('content-type')).toBe('application/problem+json');
    expect(customer.body.code).toBe('insufficient_scope');
    const anonymous = await api(stack, 'POST', 'checkouts', { body });
    expect(anonymous.status).toBe(401);
    for (const path of ['payments', 'payments/pay_x', 'checkouts/chk_x']) {
      expect((await api(stack, 'GET', path, { sub: 'a-customer' })).status).toBe(403);
    }
  });
});

describe('a checkout', () => {
  it('is paid once by a customer without a token: PAID, a verified checkout.completed with the order, the payment found by order', async () => {
    const checkout = await openCheckout({ description: 'Commande 1042' });
    expect(checkout.id).toMatch(/^chk_[a-z2-7]{26}$/);
    expect(checkout).toMatchObject({ status: 'OPEN', amount: 2500, currency: 'XOF' });
    expect(checkout.url).toBe(`${stack.apiUrl}/pay/${checkout.id}`);
    // Default life: 30 minutes.
    const life = Date.parse(checkout.expiresAt) - Date.now();
    expect(life).toBeGreaterThan(29 * 60_000);
    expect(life).toBeLessThanOrEqual(30 * 60_000);

    // The page: HTML, French by default, the amount as read in French.
    const page = await fetch(checkout.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = (await page.text()).replace(/[\u00a0\u202f]/g, ' ');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('2 500 F CFA');
    const english = await fetch(checkout.url, {
      headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' },
    });
    expect(await english.text()).toContain('<html lang="en">');

    const attempt = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000000' });
    expect(attempt.status, attempt.text).toBe(201);
    expect(attempt.body).toMatchObject({ status: 'PENDING', phoneNumber: '229******0000' });
    const paid = await until(checkout.id, 'PAID');
    expect(paid.paidPaymentId).toBe(attempt.body.id);
    expect(paid.attempts).toEqual([
      expect.objectContaining({ paymentId: attempt.body.id, status: 'SUCCESSFUL' }),
    ]);

    const completed = await delivered('checkout.completed', checkout.id);
    expect(completed.verified).toBe(true);
    expect(completed.webhookId).toBe(`evt_${checkout.id}_completed`);
    expect(completed.body.data).toMatchObject({
      orderId: checkout.orderId,
      paidPaymentId: attempt.body.id,
      amount: 2500,
    });
    const succeeded = await delivered('payment.succeeded', attempt.body.id);
    expect(succeeded.body.data).toMatchObject({
      checkoutId: checkout.id,
      orderId: checkout.orderId,
    });

    const byOrder = await api(stack, 'GET', `payments?orderId=${checkout.orderId}`, {
      token: merchantToken,
    });
    expect(byOrder.status).toBe(200);
    expect(byOrder.body.items).toEqual([
      expect.objectContaining({ id: attempt.body.id, status: 'SUCCESSFUL', amount: 2500 }),
    ]);
    const one = await api(stack, 'GET', `payments/${attempt.body.id}`, { token: merchantToken });
    expect(one.body).toMatchObject({ id: attempt.body.id, checkoutId: checkout.id });

    // Paid: no attempt after that.
    const again = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000000' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'checkout_paid', paymentId: attempt.body.id });
  });

  it('an amount (or currency) in the pay body changes nothing: 400 naming it, no attempt; the payment is the checkout’s amount', async () => {
    const checkout = await openCheckout();
    const tampered = await pay(checkout.id, {
      network: 'mtn',
      phoneNumber: '0166000000',
      amount: 1,
      currency: 'XAF',
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'amount',
      'currency',
    ]);
    expect((await read(checkout.id)).body.attempts).toEqual([]);
    const attempt = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000002' });
    expect((await payments.get(attempt.body.id))?.amount).toBe(2500);
  });

  it('a description or customer name with control or bidi-override characters is a 400 naming it', async () => {
    for (const [field, body] of [
      ['description', { description: 'Commande \u202e2401' }],
      ['description', { description: 'ligne 1\nligne 2' }],
      ['customer.firstName', { customer: { firstName: 'A\u2066lice' } }],
      ['customer.lastName', { customer: { lastName: '\u200b\u200b' } }],
      ['orderId', { orderId: 'order\u202e1' }],
    ] as const) {
      const refused = await create(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  it('20 concurrent pay calls start one attempt: the others are 409 naming it, and FeexPay is asked once', async () => {
    const checkout = await openCheckout();
    const before = stack.simulator?.stats().requestToPay ?? 0;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        pay(checkout.id, { network: 'mtn', phoneNumber: '+229 01 66 00 00 02' }),
      ),
    );
    const started = answers.filter((a) => a.status === 201);
    expect(started).toHaveLength(1);
    const winner = started[0]?.body.id;
    for (const lost of answers.filter((a) => a.status !== 201)) {
      expect(lost.status).toBe(409);
      expect(lost.body).toMatchObject({ code: 'attempt_in_progress', paymentId: winner });
    }
    expect(stack.simulator?.stats().requestToPay).toBe(before + 1);
    const stored = (await read(checkout.id)).body;
    expect(stored.attempts.map((a: { paymentId: string }) => a.paymentId)).toEqual([winner]);
    expect(stored.liveAttemptId).toBe(winner);
  });

  it('a failed attempt lets the customer try again, with another number', async () => {
    const checkout = await openCheckout();
    const declined = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000001' });
    await waitFor('the decline on the public view', async () => {
      const view = await api(stack, 'GET', `checkouts/${checkout.id}/public`);
      return view.body.attempt?.status === 'FAILED' && view.body;
    });
    const view = await api(stack, 'GET', `checkouts/${checkout.id}/public`);
    expect(view.body.attempt).toMatchObject({
      id: declined.body.id,
      failureCode: expect.any(String),
    });
    const second = await pay(checkout.id, { network: 'moov', phoneNumber: '0166000000' });
    expect(second.status, second.text).toBe(201);
    const paid = await until(checkout.id, 'PAID');
    expect(paid.attempts.map((a: { status: string }) => a.status)).toEqual([
      'FAILED',
      'SUCCESSFUL',
    ]);
  });

  it('a two-step OTP network (Coris): the attempt waits for the code, POST checkouts/{id}/otp/ sends it once, and the checkout is PAID', async () => {
    const checkout = await openCheckout();
    const code = (otp: string, key = randomUUID()) =>
      api(stack, 'POST', `checkouts/${checkout.id}/otp`, {
        body: { otp },
        headers: { 'idempotency-key': key },
      });
    // No attempt yet: nothing waits for a code.
    const early = await code('482913');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'otp_not_expected', checkoutId: checkout.id });
    // The code does not go with the pay call on a two-step network.
    const withCode = await pay(checkout.id, {
      network: 'coris',
      phoneNumber: '0166000000',
      otp: '482913',
    });
    expect(withCode.status).toBe(400);
    expect(withCode.body.errors[0].message).toContain(`POST checkouts/${checkout.id}/otp/`);

    const attempt = await pay(checkout.id, { network: 'coris', phoneNumber: '0166000000' });
    expect(attempt.status, attempt.text).toBe(201);
    expect(attempt.body).toMatchObject({ status: 'PENDING', network: 'coris', awaitingOtp: true });
    const view = await api(stack, 'GET', `checkouts/${checkout.id}/public`);
    expect(view.body.attempt).toMatchObject({ id: attempt.body.id, awaitingOtp: true });

    const key = randomUUID();
    const sent = await code('482913', key);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.id).toBe(attempt.body.id);
    expect(sent.body.awaitingOtp).toBeUndefined();
    // Only the attempt's view: no amount, metadata or unmasked number.
    expect(Object.keys(sent.body).sort()).toEqual(
      Object.keys(sent.body)
        .filter((k) =>
          ['id', 'status', 'network', 'phoneNumber', 'paymentUrl', 'failureCode'].includes(k),
        )
        .sort(),
    );
    // The same key and code: the same answer; another key: the code was sent already.
    const replay = await code('482913', key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const again = await code('482913');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'otp_already_submitted',
      checkoutId: checkout.id,
      paymentId: attempt.body.id,
    });
    const paid = await until(checkout.id, 'PAID');
    expect(paid.paidPaymentId).toBe(attempt.body.id);
    // An unknown checkout is 404.
    expect(
      (
        await api(stack, 'POST', 'checkouts/chk_nope/otp', {
          body: { otp: '1234' },
          headers: { 'idempotency-key': randomUUID() },
        })
      ).status,
    ).toBe(404);
  });

  it('an expired checkout cannot be paid, and the merchant hears checkout.expired', async () => {
    const checkout = await openCheckout({ expiresInSeconds: 5 });
    await waitFor(
      'the expiry',
      async () =>
        (await api(stack, 'GET', `checkouts/${checkout.id}/public`)).body.status === 'EXPIRED',
      15_000,
      250,
    );
    const late = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000000' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('checkout_expired');
    expect((await read(checkout.id)).body.attempts).toEqual([]);
    const expired = await delivered('checkout.expired', checkout.id);
    expect(expired.verified).toBe(true);
  });

  it('one OPEN checkout per order (409 naming it), a new one once it is cancelled, none once the order is paid', async () => {
    const first = await openCheckout();
    const second = await create({ orderId: first.orderId });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'checkout_exists', checkoutId: first.id });

    const canceled = await api(stack, 'POST', `checkouts/${first.id}/cancel`, {
      token: merchantToken,
    });
    expect(canceled.body.status).toBe('CANCELED');
    expect((await pay(first.id, { network: 'mtn', phoneNumber: '0166000000' })).body.code).toBe(
      'checkout_canceled',
    );

    const third = await openCheckout({ orderId: first.orderId });
    await pay(third.id, { network: 'mtn', phoneNumber: '0166000000' });
    await until(third.id, 'PAID');
    const fourth = await create({ orderId: first.orderId });
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ code: 'order_paid', checkoutId: third.id });
  });

  it('ten creations for one order at once: one checkout, nine 409s naming it', async () => {
    const order = orderId();
    const answers = await Promise.all(Array.from({ length: 10 }, () => create({ orderId: order })));
    const created = answers.filter((a) => a.status === 201);
    expect(created, JSON.stringify(answers.map((a) => a.status))).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 201)) {
      expect(lost.status).toBe(409);
      expect(lost.body).toMatchObject({ code: 'checkout_exists', checkoutId: created[0]?.body.id });
    }
  });

  it('cannot be cancelled while an attempt is live (409 naming it)', async () => {
    const checkout = await openCheckout();
    const attempt = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000002' });
    const refused = await api(stack, 'POST', `checkouts/${checkout.id}/cancel`, {
      token: merchantToken,
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'attempt_in_progress', paymentId: attempt.body.id });
  });

  it('the same Idempotency-Key answers the checkout it created; another body with it is 422', async () => {
    const key = randomUUID();
    const body = { orderId: orderId(), description: 'Commande 7' };
    const first = await create(body, key);
    const again = await create(body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await create({ ...body, amount: 9000 }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('the public view shows only what the customer may see; an unknown id is 404', async () => {
    const checkout = await openCheckout({
      description: 'Commande 9',
      customer: { phoneNumber: '0166000000', email: 'a@example.com', firstName: 'Awa' },
      metadata: { internal: 'secret-margin' },
      returnUrl: 'https://shop.example.com/back',
    });
    await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000002' });
    const view = await api(stack, 'GET', `checkouts/${checkout.id}/public`);
    expect(Object.keys(view.body).sort()).toEqual(
      [
        'amount',
        'attempt',
        'currency',
        'description',
        'expiresAt',
        'id',
        'networks',
        'status',
      ].sort(),
    );
    expect(Object.keys(view.body.attempt).sort()).toEqual([
      'id',
      'network',
      'phoneNumber',
      'status',
    ]);
    expect(view.text).not.toMatch(/secret-margin|a@example\.com|Awa|shop\.example|order-/);
    const unknown = `chk_${'a'.repeat(26)}`;
    for (const [method, path] of [
      ['GET', `checkouts/${unknown}/public`],
      ['POST', `checkouts/${unknown}/pay`],
      ['GET', `checkouts/${unknown}`],
      ['GET', `pay/${unknown}`],
    ] as const) {
      const answer = await api(stack, method, path, {
        token: merchantToken,
        ...(method === 'POST'
          ? {
              body: { network: 'mtn', phoneNumber: '0166000000' },
              headers: { 'idempotency-key': 'k' },
            }
          : {}),
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
  });

  it('the public routes are rate-limited per checkout and per source address', async () => {
    overrideConfig({ publicRateLimitPerCheckout: 4, rateLimitLeaseSize: 1 });
    try {
      const checkout = await openCheckout();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await api(stack, 'GET', `checkouts/${checkout.id}/public`)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const other = await openCheckout();
      expect((await api(stack, 'GET', `checkouts/${other.id}/public`)).status).toBe(200);
    } finally {
      resetConfig();
    }
    overrideConfig({ publicRateLimitPerAddress: 3, rateLimitLeaseSize: 1 });
    try {
      const ids = [(await openCheckout()).id, (await openCheckout()).id];
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await api(stack, 'GET', `checkouts/${ids[i % 2]}/public`)).status);
      }
      expect(statuses.slice(-1)).toEqual([429]);
    } finally {
      resetConfig();
    }
  });

  it('a second attempt FeexPay confirms late (one we had expired) makes it overpaid, and the merchant hears checkout.overpaid', async () => {
    const checkout = await openCheckout();
    // The first attempt never answers (02); past CHECKOUT_ATTEMPT_MAX_PENDING_SECONDS it expires.
    const first = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000002' });
    await reconcileAfter(301);
    expect((await payments.get(first.body.id, { consistent: true }))?.status).toBe('EXPIRED');
    await waitFor(
      'the attempt released',
      async () => !(await read(checkout.id)).body.liveAttemptId,
    );
    // The customer tries again and pays.
    const second = await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000000' });
    expect(second.status, second.text).toBe(201);
    await until(checkout.id, 'PAID');
    // checkout.completed taken over by the notifier first: a checkout never overwrites a
    // notification nobody took over (an overpayment found meanwhile waits for the reconciler).
    await waitFor('checkout.completed taken over', async () =>
      (await checkouts.get(checkout.id, { consistent: true }))?.outbox ? undefined : true,
    );
    // FeexPay confirms the first after all: its webhook (or the late-success watch) brings it.
    const reference = (await payments.get(first.body.id, { consistent: true }))
      ?.reference as string;
    expect(stack.simulator?.settle(reference, 'SUCCESSFUL')).toBe(true);
    await waitFor('the late success recorded and notified', async () => {
      const payment = await payments.get(first.body.id, { consistent: true });
      const stored = await checkouts.get(checkout.id, { consistent: true });
      return payment?.status === 'SUCCESSFUL' &&
        !payment.outbox &&
        stored?.overpaidPaymentIds?.includes(first.body.id) &&
        !stored.outbox
        ? true
        : undefined;
    });
    await reconcileAfter(1200);
    const overpaid = await delivered('checkout.overpaid', checkout.id);
    expect(overpaid.verified).toBe(true);
    expect(overpaid.webhookId).toBe(`evt_${checkout.id}_${first.body.id}_overpaid`);
    expect(overpaid.body.data).toMatchObject({
      status: 'PAID',
      paidPaymentId: second.body.id,
      overpaidPaymentIds: [first.body.id],
    });

    // The operator's re-send: the same notifications, under the same webhook-ids.
    const stored = await checkouts.get(checkout.id, { consistent: true });
    const resent = checkoutNotificationsFor(stored as NonNullable<typeof stored>);
    expect(resent.map((m) => m.webhookId)).toEqual([
      `evt_${checkout.id}_completed`,
      overpaid.webhookId,
    ]);
    for (const message of resent) await enqueueNotification(stack.queueUrls.notification, message);
    await waitFor('the re-sent notifications', () =>
      resent.every(
        (m) => merchant.deliveries.filter((d) => d.webhookId === m.webhookId).length >= 2,
      ),
    );
  });
});

describe('the merchant’s payment list', () => {
  it('pages through the deployment’s payments newest first, by status and time', async () => {
    const since = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const checkout = await openCheckout();
      ids.unshift((await pay(checkout.id, { network: 'mtn', phoneNumber: '0166000002' })).body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ from: since, limit: '2', status: 'PENDING' });
      if (cursor) query.set('cursor', cursor);
      const page = await api(stack, 'GET', `payments?${query}`, { token: merchantToken });
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const bad = await api(stack, 'GET', 'payments?cursor=nope', { token: merchantToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.cursor');
  });
});
