/**
 * Refunds and payouts end to end, black-box through the local stack (in-process, free ports, the
 * FeexPay simulator over HTTP, the pollers running): a customer pays, the merchant's server
 * refunds in full or in parts, pays out to wallets, and a test merchant endpoint verifies every
 * notification with `standardwebhooks`. The acceptance list of docs/refunds-and-payouts.md, each a
 * test: full and partial refunds, a refund above what remains, 20 concurrent refunds, a refund of
 * a FAILED payment, a customer token, a failing payout ending, an insufficient balance, the
 * Idempotency-Key's replay, the reconciler settling a payout whose webhook was lost.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { reconcile } from '../../shared/reconcile/reconcile.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { startTestMerchant, type TestMerchant, waitFor } from './webhooks-merchant.ts';

const SECRET = `whsec_${Buffer.from('e2e-refunds-signing-secret-00001').toString('base64')}`;

let stack: LocalStack;
let merchant: TestMerchant;
let merchantToken: string;
let otherMerchantToken: string;

beforeAll(async () => {
  merchant = await startTestMerchant(SECRET);
  stack = await startTestStack({
    settings: {
      simulatorDelayMs: 100,
      merchantWebhookUrl: merchant.url,
      merchantWebhookSecret: SECRET,
      // The reconciler runs when a test asks.
      reconcileIntervalSeconds: 3600,
    },
    log: () => {},
  });
  merchantToken = await tokenFor('shop-backend', {
    claims: { scope: 'payments/merchant', client_id: 'shop-backend' },
  });
  otherMerchantToken = await tokenFor('other-backend', {
    claims: { scope: 'payments/merchant', client_id: 'other-backend' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await merchant?.close();
});

/** A customer pays `amount` on MTN Benin from a number ending in `ending`; resolves once paid. */
async function paidPayment(amount = 2000, ending = '00'): Promise<string> {
  const created = await api(stack, 'POST', 'initiate', {
    sub: `customer-${randomUUID().slice(0, 8)}`,
    body: { amount, currency: 'XOF', network: 'mtn', phoneNumber: `22901970000${ending}` },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;
  await waitFor(`payment ${id} SUCCESSFUL`, async () => {
    const read = await api(stack, 'GET', `payments/${id}`, { token: merchantToken });
    return read.body.status === 'SUCCESSFUL';
  });
  return id;
}

function refund(paymentId: string, body: Record<string, unknown> = {}, key = randomUUID()) {
  return api(stack, 'POST', `payments/${paymentId}/refunds`, {
    token: merchantToken,
    body,
    headers: { 'idempotency-key': key },
  });
}

function payout(body: Record<string, unknown>, key = randomUUID(), token = merchantToken) {
  return api(stack, 'POST', 'payouts', {
    token,
    body: {
      amount: 1500,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: '2290166000050',
      motif: 'Paiement vendeur 118',
      ...body,
    },
    headers: { 'idempotency-key': key },
  });
}

const delivered = (type: string, id: string) =>
  waitFor(`${type} for ${id}`, () =>
    merchant.deliveries.find((d) => d.type === type && d.body.data.id === id && d.verified),
  );

const payoutBecomes = (id: string, status: string) =>
  waitFor(`payout ${id} ${status}`, async () => {
    const read = await api(stack, 'GET', `payouts/${id}`, { token: merchantToken });
    return read.body.status === status && read.body;
  });

const readPayment = async (id: string) =>
  (await api(stack, 'GET', `payments/${id}`, { token: merchantToken })).body;

describe('refunds', () => {
  it('a paid payment refunded in full: refund.succeeded, amountRefunded equal to the amount, linked both ways', async () => {
    const paymentId = await paidPayment(2000);
    const created = await refund(paymentId, { reason: 'Commande annulée' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      purpose: 'refund',
      paymentId,
      amount: 2000,
      currency: 'XOF',
      network: 'mtn',
      phoneNumber: '229******0000',
      reason: 'Commande annulée',
    });
    expect(created.body.id).toMatch(/^rf_/);
    const event = await delivered('refund.succeeded', created.body.id);
    expect(event.body.data).toMatchObject({ status: 'SUCCESSFUL', paymentId, amount: 2000 });
    const payment = await readPayment(paymentId);
    expect(payment.amountRefunded).toBe(2000);
    expect(payment.refunds).toEqual([created.body.id]);
    const list = await api(stack, 'GET', `payments/${paymentId}/refunds`, { token: merchantToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    // FeexPay got exactly one payout to the payer's number, with our id as callback_info.
    const sent = stack.simulator?.payouts().filter((p) => p.callbackInfo === created.body.id);
    expect(sent).toHaveLength(1);
    expect(sent?.[0]).toMatchObject({
      amount: 2000,
      phoneNumber: '2290197000000',
      path: 'transfer/global',
      network: 'MTN',
    });
  });

  it('two partial refunds add up; a third above what remains is a 422 problem naming the amount that remains', async () => {
    const paymentId = await paidPayment(3000);
    const first = await refund(paymentId, { amount: 1000 });
    const second = await refund(paymentId, { amount: 1500 });
    expect([first.status, second.status]).toEqual([201, 201]);
    await delivered('refund.succeeded', first.body.id);
    await delivered('refund.succeeded', second.body.id);
    expect((await readPayment(paymentId)).amountRefunded).toBe(2500);

    const tooMuch = await refund(paymentId, { amount: 600 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(tooMuch.body).toMatchObject({ code: 'refund_exceeds_remaining', paymentId });
    expect(tooMuch.body.detail).toContain('500 XOF');
    expect(tooMuch.body.errors).toEqual([{ field: 'amount', message: 'At most 500.' }]);

    // No amount: all that remains.
    const rest = await refund(paymentId);
    expect(rest.status, rest.text).toBe(201);
    expect(rest.body.amount).toBe(500);
    await delivered('refund.succeeded', rest.body.id);
    expect((await readPayment(paymentId)).amountRefunded).toBe(3000);
    const none = await refund(paymentId);
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('refund_exceeds_remaining');
  });

  it('20 concurrent refunds never exceed the amount paid', async () => {
    const paymentId = await paidPayment(1000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => refund(paymentId, { amount: 150 })),
    );
    const created = answers.filter((a) => a.status === 201);
    for (const other of answers.filter((a) => a.status !== 201)) {
      expect([409, 422]).toContain(other.status);
      expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    // 6 × 150 = 900 fit in 1000; a 7th would not.
    expect(created.length).toBeGreaterThan(0);
    expect(created.length * 150).toBeLessThanOrEqual(1000);
    for (const c of created) await delivered('refund.succeeded', c.body.id);
    const payment = await readPayment(paymentId);
    expect(payment.amountRefunded).toBe(created.length * 150);
    expect(payment.refunds).toHaveLength(created.length);
    const atFeexPay = stack.simulator
      ?.payouts()
      .filter((p) => payment.refunds.includes(p.callbackInfo));
    expect(atFeexPay).toHaveLength(created.length);
  });

  it('a refund of a FAILED payment is 409; of an unknown payment 404', async () => {
    const created = await api(stack, 'POST', 'initiate', {
      sub: 'customer-failed',
      body: { amount: 1000, currency: 'XOF', network: 'mtn', phoneNumber: '2290197000001' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const id = created.body.id as string;
    await waitFor('payment FAILED', async () => (await readPayment(id)).status === 'FAILED');
    const answer = await refund(id);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'payment_not_refundable', paymentId: id });
    const unknown = await refund('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(unknown.status).toBe(404);
  });

  it('a customer token on the refund route is 403', async () => {
    const paymentId = await paidPayment(1000);
    const answer = await api(stack, 'POST', `payments/${paymentId}/refunds`, {
      sub: 'customer-sneaky',
      body: {},
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(403);
    expect((await readPayment(paymentId)).refunds).toBeUndefined();
  });

  it('the same Idempotency-Key replays the same refund; another body with it is 422', async () => {
    const paymentId = await paidPayment(2000);
    const key = randomUUID();
    const first = await refund(paymentId, { amount: 700 }, key);
    const again = await refund(paymentId, { amount: 700 }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await refund(paymentId, { amount: 800 }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    await delivered('refund.succeeded', first.body.id);
    expect((await readPayment(paymentId)).amountRefunded).toBe(700);
    expect(stack.simulator?.payouts().filter((p) => p.callbackInfo === first.body.id)).toHaveLength(
      1,
    );
  });

  it('a failed refund frees its amount, and says why', async () => {
    // The payer's number ends in 51: the refund (a payout to it) fails.
    const paymentId = await paidPayment(1200, '51');
    const failing = await refund(paymentId);
    expect(failing.status).toBe(201);
    const event = await delivered('refund.failed', failing.body.id);
    expect(event.body.data).toMatchObject({ status: 'FAILED', failureCode: 'invalid_number' });
    const payment = await readPayment(paymentId);
    expect(payment.amountRefunded).toBe(0);
    // Its 1200 are refundable again.
    const tooMuch = await refund(paymentId, { amount: 1300 });
    expect(tooMuch.body.detail).toContain('1200 XOF');
  });
});

describe('payouts', () => {
  it('a payout to a wallet: PENDING, then payout.succeeded; listed and read by its merchant only', async () => {
    const created = await payout({ metadata: { sellerId: 's_118' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      purpose: 'payout',
      amount: 1500,
      motif: 'Paiement vendeur 118',
      metadata: { sellerId: 's_118' },
    });
    await delivered('payout.succeeded', created.body.id);
    const mine = await api(stack, 'GET', 'payouts?limit=100', { token: merchantToken });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    const theirs = await api(stack, 'GET', 'payouts', { token: otherMerchantToken });
    expect(theirs.body.items.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    const read = await api(stack, 'GET', `payouts/${created.body.id}`, {
      token: otherMerchantToken,
    });
    expect(read.status).toBe(404);
  });

  it('pages through the list with a cursor', async () => {
    for (let i = 0; i < 3; i++) {
      const made = await payout({}, randomUUID(), otherMerchantToken);
      expect(made.status).toBe(201);
    }
    const first = await api(stack, 'GET', 'payouts?limit=2', { token: otherMerchantToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api(stack, 'GET', `payouts?limit=2&cursor=${first.body.nextCursor}`, {
      token: otherMerchantToken,
    });
    expect(second.body.items.length).toBeGreaterThanOrEqual(1);
    const ids = [...first.body.items, ...second.body.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await api(stack, 'GET', 'payouts?cursor=nope', { token: otherMerchantToken });
    expect(bad.status).toBe(400);
  });

  it('a payout with the failing test ending gives payout.failed', async () => {
    const created = await payout({ phoneNumber: '2290166000051' });
    expect(created.status).toBe(201);
    const event = await delivered('payout.failed', created.body.id);
    expect(event.body.data).toMatchObject({ status: 'FAILED', failureCode: 'invalid_number' });
  });

  it('an insufficient FeexPay balance fails the payout with insufficient_balance', async () => {
    const byEnding = await payout({ phoneNumber: '2290166000054' });
    expect(byEnding.status).toBe(201);
    expect(byEnding.body).toMatchObject({ status: 'FAILED', failureCode: 'insufficient_balance' });
    await delivered('payout.failed', byEnding.body.id);

    const before = stack.simulator?.balance() ?? 0;
    stack.simulator?.setBalance(1000);
    try {
      const tooBig = await payout({ amount: 5000 });
      expect(tooBig.body).toMatchObject({ status: 'FAILED', failureCode: 'insufficient_balance' });
    } finally {
      stack.simulator?.setBalance(before);
    }
  });

  it('validates FeexPay’s limits with problems that say what to fix', async () => {
    const longMotif = await payout({ motif: 'x'.repeat(31) });
    expect(longMotif.status).toBe(400);
    expect(JSON.stringify(longMotif.body.errors)).toContain('30');
    const symbols = await payout({ motif: 'Paiement #118!' });
    expect(symbols.status).toBe(400);
    const tooBig = await payout({ amount: 150_000 });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.code).toBe('payout_amount_out_of_range');
    const tooSmall = await payout({
      amount: 60,
      network: 'wave_sn',
      phoneNumber: '221771234500',
    });
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body.detail).toContain('100 XOF');
    const otp = await payout({ network: 'orange_bf', phoneNumber: '22670123450' });
    expect(otp.status).toBe(422);
    expect(otp.body.code).toBe('payout_network_unsupported');
    const phone = await payout({ phoneNumber: '22890123450' });
    expect(phone.status).toBe(400);
    const noKey = await api(stack, 'POST', 'payouts', {
      token: merchantToken,
      body: {
        amount: 1500,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290166000050',
        motif: 'abc',
      },
    });
    expect(noKey.status).toBe(400);
    // A customer token: 403.
    const customer = await api(stack, 'POST', 'payouts', {
      sub: 'customer-x',
      body: {},
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(customer.status).toBe(403);
  });

  it('a lost payout webhook is settled by the reconciler’s status read', async () => {
    const created = await payout({ phoneNumber: '2290166000053' });
    expect(created.status).toBe(201);
    const reference = await waitFor('FeexPay settles the payout', () => {
      const sent = stack.simulator?.payouts().find((p) => p.callbackInfo === created.body.id);
      return sent?.status === 'SUCCESSFUL' && sent.reference;
    });
    expect(reference).toBeTruthy();
    // No webhook came: still PENDING here until the reconciler reads FeexPay's status.
    expect(
      (await api(stack, 'GET', `payouts/${created.body.id}`, { token: merchantToken })).body.status,
    ).toBe('PENDING');
    const report = await reconcile({
      now: new Date(Date.now() + 60_000),
      deadline: Date.now() + 20_000,
      maxPendingSeconds: 86_400,
    });
    expect(report.payoutsSettled).toBeGreaterThanOrEqual(1);
    await payoutBecomes(created.body.id, 'SUCCESSFUL');
    await delivered('payout.succeeded', created.body.id);
  });
});
