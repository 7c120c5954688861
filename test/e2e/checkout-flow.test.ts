/**
 * Checkouts end to end through the local stack (in-process, free ports): a merchant server's token
 * creates a checkout, a customer with no token pays it on the public routes, the checkout turns
 * PAID once, and a test merchant receives the verified `checkout.completed`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
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
    },
    log: () => {},
  });
  merchantToken = await tokenFor('shop-backend', {
    claims: { scope: 'payments/merchant', client_id: 'shop-backend' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await merchant?.close();
});

function createCheckout(body: Record<string, unknown>, key = randomUUID()) {
  return api(stack, 'POST', 'checkouts', {
    token: merchantToken,
    body: { amount: 2500, currency: 'XOF', orderId: `order-${randomUUID().slice(0, 8)}`, ...body },
    headers: { 'idempotency-key': key },
  });
}

function pay(id: string, body: Record<string, unknown>, key = randomUUID()) {
  return api(stack, 'POST', `checkouts/${id}/pay`, { body, headers: { 'idempotency-key': key } });
}

describe('a checkout', () => {
  it('is created by the merchant server and paid once by a customer without a token', async () => {
    const created = await createCheckout({ description: 'Commande 1042', countries: ['BJ'] });
    expect(created.status, created.text).toBe(201);
    const checkout = created.body;
    expect(checkout.id).toMatch(/^chk_[a-z2-7]{26}$/);
    expect(checkout.status).toBe('OPEN');

    const paid = await pay(checkout.id, { network: 'mtn', phoneNumber: '+229 01 66 00 00 00' });
    expect(paid.status, paid.text).toBe(201);
    await waitFor('PAID', async () => {
      const read = await api(stack, 'GET', `checkouts/${checkout.id}`, { token: merchantToken });
      return read.body.status === 'PAID' && read.body;
    });
    const completed = await waitFor('checkout.completed', () =>
      merchant.deliveries.find(
        (d) => d.type === 'checkout.completed' && d.body.data.id === checkout.id,
      ),
    );
    expect(completed.verified).toBe(true);
    expect(completed.body.data.orderId).toBe(checkout.orderId);
  });
});
