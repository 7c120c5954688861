/**
 * Card payments through FeexLink, black-box through the local stack (in-process, free ports, the
 * simulator over HTTP, pollers running): a checkout attempt and a customer-JWT payment by card
 * make a FeexLink page for the exact amount with the payment id as `custom_id`; the simulator's
 * card page plays the payer (approved, declined, abandoned test cards, over HTTP as a browser
 * would post its form), and the payment is confirmed from the return's `ref` or from FeexPay's
 * webhook, each time by a status read. docs/cards.md.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { resetConfig } from '../../shared/config.ts';
import { reconcile } from '../../shared/reconcile/reconcile.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { startTestMerchant, type TestMerchant, waitFor } from './webhooks-merchant.ts';

const SECRET = `whsec_${Buffer.from('e2e-cards-signing-secret-000001').toString('base64')}`;
const APPROVED = '4242 4242 4242 4242';
const DECLINED = '4000 0000 0000 0002';
const ABANDONED = '4000 0000 0000 3220';

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

const sim = () => {
  if (!stack.simulator) throw new Error('the stack runs no simulator');
  return stack.simulator;
};

/** Runs `fn` while the simulator sends no webhooks: only the return's `ref` can confirm. */
async function withoutWebhooks<T>(fn: () => Promise<T>): Promise<T> {
  sim().setWebhookUrl(undefined);
  try {
    return await fn();
  } finally {
    const token = encodeURIComponent(stack.settings.feexPayWebhookToken);
    sim().setWebhookUrl(`${stack.apiUrl}/webhook/?token=${token}`);
  }
}

async function openCheckout(amount = 2500) {
  const created = await api(stack, 'POST', 'checkouts', {
    token: merchantToken,
    body: {
      amount,
      currency: 'XOF',
      orderId: `order-${randomUUID().slice(0, 8)}`,
      countries: ['BJ'],
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; url: string; networks: string[] };
}

function payByCard(checkoutId: string) {
  return api(stack, 'POST', `checkouts/${checkoutId}/pay`, {
    body: { network: 'card', phoneNumber: '+229 01 66 00 00 00' },
    headers: { 'idempotency-key': randomUUID() },
  });
}

/** The payer on the simulator's card page: posts the form as a browser would, redirects not followed. */
async function payOnCardPage(pageUrl: string, number: string) {
  const page = await fetch(pageUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Payer par carte');
  const response = await fetch(`${pageUrl}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number, expiry: '12/30', cvc: '123', name: 'Awa Test' }),
    redirect: 'manual',
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    text: await response.text(),
  };
}

const publicView = (id: string, ref?: string) =>
  api(stack, 'GET', `checkouts/${id}/public${ref ? `?ref=${encodeURIComponent(ref)}` : ''}`);

describe('a checkout paid by card', () => {
  it('lists card among the networks; the attempt makes a FeexLink for the exact amount with its id as custom_id', async () => {
    const checkout = await openCheckout(3100);
    expect(checkout.networks).toContain('card');
    const paid = await payByCard(checkout.id);
    expect(paid.status, paid.text).toBe(201);
    expect(paid.body).toMatchObject({ status: 'PENDING', network: 'card' });
    expect(paid.body.paymentUrl).toMatch(new RegExp(`^${sim().url}/feexlink/`));
    const link = sim()
      .feexLinks()
      .find((l) => l.customId === paid.body.id);
    expect(link?.body).toEqual({
      shop: expect.any(String),
      amount: 3100,
      description: 'Paiement',
      paymentMethod: 'CARD',
      expireIn: 5,
      custom_id: paid.body.id,
      callback_url: checkout.url,
      callback_error: checkout.url,
    });
    // No request-to-pay was sent for it.
    expect(
      sim()
        .requests()
        .some((r) => r.segment === 'card'),
    ).toBe(false);
  });

  it('approved card: back with ?ref=, the return alone (no webhook) confirms it by a status read; the checkout is PAID', async () => {
    const checkout = await openCheckout();
    const attempt = (await payByCard(checkout.id)).body as { id: string; paymentUrl: string };
    await withoutWebhooks(async () => {
      const back = await payOnCardPage(attempt.paymentUrl, APPROVED);
      expect(back.status).toBe(303);
      const location = new URL(back.location as string);
      expect(`${location.origin}${location.pathname}`).toBe(checkout.url);
      const ref = location.searchParams.get('ref') as string;
      expect(ref).toMatch(/^[0-9a-f-]{36}$/);
      const view = await publicView(checkout.id, ref);
      expect(view.status, view.text).toBe(200);
      expect(view.body).toMatchObject({
        status: 'PAID',
        attempt: { id: attempt.id, status: 'SUCCESSFUL', network: 'card' },
      });
    });
    const payment = await api(stack, 'GET', `payments/${attempt.id}`, { token: merchantToken });
    expect(payment.body).toMatchObject({ status: 'SUCCESSFUL', network: 'card', amount: 2500 });
    const completed = await waitFor('checkout.completed', () =>
      merchant.deliveries.find(
        (d) => d.type === 'checkout.completed' && d.body.data.id === checkout.id,
      ),
    );
    expect(completed.body.data.paidPaymentId).toBe(attempt.id);
  });

  it('declined card: FAILED card_declined, the checkout stays OPEN and takes another method', async () => {
    const checkout = await openCheckout();
    const attempt = (await payByCard(checkout.id)).body as { id: string; paymentUrl: string };
    const back = await payOnCardPage(attempt.paymentUrl, DECLINED);
    expect(back.status).toBe(303);
    const ref = new URL(back.location as string).searchParams.get('ref') as string;
    const view = await publicView(checkout.id, ref);
    expect(view.body).toMatchObject({
      status: 'OPEN',
      attempt: { id: attempt.id, status: 'FAILED', failureCode: 'card_declined' },
    });
    const other = await api(stack, 'POST', `checkouts/${checkout.id}/pay`, {
      body: { network: 'mtn', phoneNumber: '0166000000' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(other.status, other.text).toBe(201);
    expect(other.body.network).toBe('mtn');
  });

  it('abandoned card page: the attempt expires like any other, and the customer may pay again', async () => {
    const checkout = await openCheckout();
    const attempt = (await payByCard(checkout.id)).body as { id: string; paymentUrl: string };
    const stuck = await payOnCardPage(attempt.paymentUrl, ABANDONED);
    expect(stuck.status).toBe(200);
    expect(stuck.text).toContain('3-D Secure');
    expect((await publicView(checkout.id)).body.attempt).toMatchObject({ status: 'PENDING' });
    await reconcile({
      now: new Date(Date.now() + 400_000),
      deadline: Date.now() + 20_000,
      maxPendingSeconds: 86_400,
    });
    const view = await publicView(checkout.id);
    expect(view.body).toMatchObject({
      status: 'OPEN',
      attempt: { id: attempt.id, status: 'EXPIRED' },
    });
    expect((await payByCard(checkout.id)).status).toBe(201);
  });
});

describe('a customer-JWT payment by card', () => {
  const initiate = (body: Record<string, unknown>) =>
    api(stack, 'POST', 'initiate', {
      sub: 'card-customer',
      body: {
        amount: 1500,
        currency: 'XOF',
        network: 'card',
        phoneNumber: '2250701020304',
        ...body,
      },
      headers: { 'idempotency-key': randomUUID() },
    });

  it('needs returnUrl (a 400 naming it) and takes a payer number of any card country', async () => {
    const missing = await initiate({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'returnUrl' })]);
    const congo = await initiate({
      phoneNumber: '242061234567',
      returnUrl: 'https://shop.example/back',
    });
    expect(congo.status).toBe(400);
    expect(congo.body.errors).toEqual([expect.objectContaining({ field: 'phoneNumber' })]);
  });

  it('is confirmed by FeexPay’s webhook (our id as custom_id), without the return', async () => {
    const started = await initiate({ returnUrl: 'https://shop.example/back' });
    expect(started.status, started.text).toBe(201);
    const back = await payOnCardPage(started.body.paymentUrl, APPROVED);
    expect(new URL(back.location as string).origin).toBe('https://shop.example');
    const settled = await waitFor('the webhook settles it', async () => {
      const status = await api(stack, 'GET', `${started.body.id}/status`, { sub: 'card-customer' });
      return status.body.status === 'SUCCESSFUL' && status.body;
    });
    expect(settled).toMatchObject({ network: 'card', amount: 1500 });
  });

  it('a return with another payment’s ref changes nothing: FeexPay does not tie it to this one', async () => {
    const mine = await initiate({ returnUrl: 'https://shop.example/back' });
    const other = await initiate({ returnUrl: 'https://shop.example/back' });
    const ref = await withoutWebhooks(async () => {
      const back = await payOnCardPage(other.body.paymentUrl, APPROVED);
      return new URL(back.location as string).searchParams.get('ref') as string;
    });
    const wrong = await api(stack, 'GET', `${mine.body.id}/status?ref=${ref}`, {
      sub: 'card-customer',
    });
    expect(wrong.body).toMatchObject({ id: mine.body.id, status: 'PENDING' });
    const right = await api(stack, 'GET', `${other.body.id}/status?ref=${ref}`, {
      sub: 'card-customer',
    });
    expect(right.body).toMatchObject({ id: other.body.id, status: 'SUCCESSFUL' });
  });
});
