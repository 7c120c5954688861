/**
 * The back office's routes, black-box through the local stack (in-process, free ports, the
 * simulator over HTTP, the pollers running): customer and merchant tokens are refused (403) on
 * every operator route and an operator token is accepted; a payment is found by the phone number
 * as a person types it (the keyed-hash index), by its id, FeexPay reference and order; its
 * timeline tells its story; a re-send reaches the merchant again and is audited with the
 * operator's name; an operator's refund reaches the merchant as `refund.succeeded`, is audited
 * with the operator's name and shows in the timeline; an operator's checkout cancellation is audited; the CSV export holds the
 * filtered payments with masked numbers; network health counts them.
 */
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws.ts';
import { REPO_ROOT } from '../../local/lambda.ts';
import type { LocalStack } from '../../local/stack.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { startTestMerchant, type TestMerchant, waitFor } from './webhooks-merchant.ts';

const SECRET = `whsec_${Buffer.from('e2e-back-office-signing-secret01').toString('base64')}`;

let stack: LocalStack;
let merchant: TestMerchant;
let operator: string;
let customer: string;
let merchantToken: string;

beforeAll(async () => {
  merchant = await startTestMerchant(SECRET);
  [stack, operator, customer, merchantToken] = await Promise.all([
    startTestStack({
      settings: {
        simulatorDelayMs: 100,
        merchantWebhookUrl: merchant.url,
        merchantWebhookSecret: SECRET,
        reconcileIntervalSeconds: 3600,
      },
      log: () => {},
    }),
    tokenFor('alice', { claims: { scope: 'payments/admin' } }),
    tokenFor('customer-bo'),
    tokenFor('shop-bo', { claims: { scope: 'payments/merchant', client_id: 'shop-bo' } }),
  ]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await merchant?.close();
});

/** A Benin number nobody else in this run uses, ending `ending` (the simulator's outcome). */
function freshNumber(ending: string): { digits: string; typed: string } {
  const middle = String(randomInt(0, 10_000)).padStart(4, '0');
  const national = `0166${middle}${ending}`;
  const typed = `+229 ${national.match(/../g)?.join(' ')}`;
  return { digits: `229${national}`, typed };
}

async function paid(ending = '00') {
  const phone = freshNumber(ending);
  const created = await api(stack, 'POST', 'initiate', {
    token: customer,
    body: { amount: 2500, currency: 'XOF', network: 'mtn', phoneNumber: phone.digits },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  const id = String(created.body.id);
  const want = ending === '01' ? 'FAILED' : 'SUCCESSFUL';
  await waitFor(`payment ${id} ${want}`, async () => {
    const status = await api(stack, 'GET', `${id}/status`, { token: customer });
    return status.body.status === want;
  });
  return { id, phone };
}

const asOperator = (method: string, path: string, token = operator) =>
  api(stack, method, path, { token });

describe('the back office’s routes', () => {
  it('refuse customer and merchant tokens (403) and no token (401); accept an operator token', async () => {
    const { id } = await paid();
    const routes: [string, string][] = [
      ['GET', 'admin/payments'],
      ['GET', 'admin/export'],
      ['GET', `admin/search?q=${id}`],
      ['GET', `admin/payments/${id}`],
      ['POST', `admin/payments/${id}/resend`],
      ['POST', `admin/payments/${id}/refunds`],
      ['POST', 'admin/checkouts/chk_aaaaaaaaaaaaaaaaaaaaaaaaaa/cancel'],
      ['GET', 'admin/networks'],
    ];
    for (const [method, path] of routes) {
      for (const token of [customer, merchantToken]) {
        const refused = await asOperator(method, path, token);
        expect(refused.status, `${method} ${path}`).toBe(403);
        expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      expect((await api(stack, method, path)).status, `${method} ${path}`).toBe(401);
    }
    const list = await asOperator('GET', 'admin/payments');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);
    // The page itself holds no data and is served to anyone.
    const page = await api(stack, 'GET', 'admin');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('Back office');
  });

  it('finds a payment by the phone number as typed, by its id, its FeexPay reference, and not by another number', async () => {
    const { id, phone } = await paid();
    const byPhone = await asOperator('GET', `admin/search?q=${encodeURIComponent(phone.typed)}`);
    expect(byPhone.status, byPhone.text).toBe(200);
    expect(byPhone.body.phoneSearch).toBe(true);
    expect(byPhone.body.items).toHaveLength(1);
    expect(byPhone.body.items[0]).toMatchObject({ id, matchedBy: ['phone'] });
    // Masked, as everywhere.
    expect(byPhone.text).not.toContain(phone.digits);
    const national = phone.digits.slice(3);
    const typedLocally = await asOperator('GET', `admin/search?q=${national}&by=phone`);
    expect(typedLocally.body.items.map((p: { id: string }) => p.id)).toEqual([id]);

    const reference = String(byPhone.body.items[0].reference);
    expect(reference).toBeTruthy();
    const byReference = await asOperator(
      'GET',
      `admin/search?q=${encodeURIComponent(reference.toUpperCase())}&by=reference`,
    );
    expect(byReference.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    const byId = await asOperator('GET', `admin/search?q=${id}`);
    expect(byId.body.items[0]).toMatchObject({ id, matchedBy: ['id'] });

    const other = freshNumber('99');
    const nobody = await asOperator('GET', `admin/search?q=${encodeURIComponent(other.typed)}`);
    expect(nobody.body.items).toEqual([]);
    const empty = await asOperator('GET', 'admin/search?q=%20');
    expect(empty.status).toBe(400);
  });

  it('tells a payment’s story in its timeline, and a re-send reaches the merchant again, audited with the operator’s name', async () => {
    const { id } = await paid();
    const first = await waitFor('the first notification', () =>
      merchant.deliveries.find((d) => d.body.data.id === id && d.type === 'payment.succeeded'),
    );
    const before = await waitFor('the delivery recorded', async () => {
      const view = await asOperator('GET', `admin/payments/${id}`);
      return view.body.timeline.some((e: { kind: string }) => e.kind === 'notification') && view;
    });
    const kinds = before.body.timeline.map(
      (e: { kind: string; type: string }) => `${e.kind}:${e.type}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'payment:created',
        'payment:provider_accepted',
        'payment:status_changed',
        'notification:delivered',
      ]),
    );
    const times = before.body.timeline.map((e: { at: string }) => e.at);
    expect(times).toEqual([...times].sort());
    expect(before.body.actions).toEqual({
      resendNotification: true,
      cancelCheckout: false,
      refundable: 2500,
    });

    const resent = await asOperator('POST', `admin/payments/${id}/resend`);
    expect(resent.status, resent.text).toBe(202);
    expect(resent.body).toMatchObject({
      paymentId: id,
      operator: 'alice',
      type: 'payment.succeeded',
    });
    await waitFor(
      'the re-sent notification',
      () =>
        merchant.deliveries.filter((d) => d.body.data.id === id && d.webhookId === first.webhookId)
          .length >= 2,
    );
    const after = await asOperator('GET', `admin/payments/${id}`);
    expect(after.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'payment',
          type: 'operator_action',
          source: 'operator',
          operator: 'alice',
          action: 'resend_notification',
        }),
      ]),
    );
    expect((await asOperator('GET', 'admin/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(
      404,
    );
  });

  it('an operator refunds a paid payment: refund.succeeded, audited with the operator, in the timeline', async () => {
    const { id } = await paid();
    const refundAs = (body: Record<string, unknown>, key = randomUUID(), token = operator) =>
      api(stack, 'POST', `admin/payments/${id}/refunds`, {
        token,
        body,
        headers: { 'idempotency-key': key, 'accept-language': 'fr' },
      });
    // The operator says why, always; nothing is recorded for a refused request.
    const noReason = await refundAs({ amount: 1000 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([
      { field: 'reason', message: expect.stringMatching(/^reason est obligatoire/) },
    ]);
    const tooMuch = await refundAs({ amount: 3000, reason: 'Client débité deux fois' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'refund_exceeds_remaining', paymentId: id });
    expect(tooMuch.body.detail).toContain('Il reste au plus 2500 XOF');

    const key = randomUUID();
    const created = await refundAs({ amount: 1000, reason: 'Client débité deux fois' }, key);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      purpose: 'refund',
      paymentId: id,
      amount: 1000,
      reason: 'Client débité deux fois',
      metadata: { refundedBy: 'alice' },
    });
    const refundId = String(created.body.id);
    const event = await waitFor('refund.succeeded', () =>
      merchant.deliveries.find(
        (d) => d.type === 'refund.succeeded' && d.body.data.id === refundId && d.verified,
      ),
    );
    expect(event.body.data).toMatchObject({ status: 'SUCCESSFUL', paymentId: id, amount: 1000 });
    // The same key again: the same refund, no second audit entry.
    const again = await refundAs({ amount: 1000, reason: 'Client débité deux fois' }, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(refundId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const merchantView = await api(stack, 'GET', `payments/${id}`, { token: merchantToken });
    expect(merchantView.body.amountRefunded).toBe(1000);
    const view = await waitFor('the refund in the timeline', async () => {
      const read = await asOperator('GET', `admin/payments/${id}`);
      return (
        read.body.timeline.some((e: { type: string }) => e.type === 'refund_succeeded') && read
      );
    });
    const audits = view.body.timeline.filter(
      (e: { type: string; action?: string }) =>
        e.type === 'operator_action' && e.action === 'refund',
    );
    expect(audits).toEqual([
      expect.objectContaining({ source: 'operator', operator: 'alice', refundId }),
    ]);
    expect(view.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'refund', type: 'refund_created', refundId, amount: 1000 }),
        expect.objectContaining({
          kind: 'refund',
          type: 'refund_succeeded',
          refundId,
          amount: 1000,
        }),
      ]),
    );
    expect(view.body.payment.amountRefunded).toBe(1000);
    expect(view.body.actions.refundable).toBe(1500);

    // Customer and merchant tokens are refused on the route; a FAILED payment is not refundable.
    for (const token of [customer, merchantToken]) {
      expect((await refundAs({ reason: 'Essai' }, randomUUID(), token)).status).toBe(403);
    }
    const failed = await paid('01');
    const notPaid = await api(stack, 'POST', `admin/payments/${failed.id}/refunds`, {
      token: operator,
      body: { reason: 'Essai sur un échec' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(notPaid.status).toBe(409);
    expect(notPaid.body).toMatchObject({ code: 'payment_not_refundable', paymentId: failed.id });
  });

  it('a card payment offers no refund: its page says how, and the route answers refund_not_supported', async () => {
    const checkout = await api(stack, 'POST', 'checkouts', {
      token: merchantToken,
      body: { amount: 2500, currency: 'XOF', orderId: `card-${randomUUID().slice(0, 8)}` },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(checkout.status, checkout.text).toBe(201);
    const attempt = await api(stack, 'POST', `checkouts/${checkout.body.id}/pay`, {
      body: { network: 'card', phoneNumber: '+229 01 66 00 00 00' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(attempt.status, attempt.text).toBe(201);
    // The payer on the simulator's card page, with its approved test card.
    const paidByCard = await fetch(`${attempt.body.paymentUrl}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        number: '4242 4242 4242 4242',
        expiry: '12/30',
        cvc: '123',
        name: 'Awa Test',
      }),
      redirect: 'manual',
    });
    expect(paidByCard.status).toBeLessThan(400);
    const id = String(attempt.body.id);
    const view = await waitFor('the card payment SUCCESSFUL', async () => {
      const read = await asOperator('GET', `admin/payments/${id}`);
      return read.body.payment?.status === 'SUCCESSFUL' && read;
    });
    expect(view.body.actions.refundable).toBe(0);
    expect(view.body.actions.refundNotSupported.fr).toMatch(
      /^L’API de FeexPay ne peut pas rembourser un paiement par carte/,
    );
    const refused = await api(stack, 'POST', `admin/payments/${id}/refunds`, {
      token: operator,
      body: { reason: 'Commande annulée' },
      headers: { 'idempotency-key': randomUUID(), 'accept-language': 'fr' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'refund_not_supported', paymentId: id });
    expect(refused.body.detail).toContain('tableau de bord de FeexPay');
  });

  it('finds a checkout’s attempt by its order, and an operator’s cancellation of the checkout is audited', async () => {
    const orderId = `bo-${randomUUID().slice(0, 8)}`;
    const created = await api(stack, 'POST', 'checkouts', {
      token: merchantToken,
      body: { amount: 1500, currency: 'XOF', orderId, countries: ['BJ'] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(created.status, created.text).toBe(201);
    const checkoutId = String(created.body.id);
    const phone = freshNumber('01');
    const attempt = await api(stack, 'POST', `checkouts/${checkoutId}/pay`, {
      body: { network: 'mtn', phoneNumber: phone.digits },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(attempt.status, attempt.text).toBe(201);
    const byOrder = await waitFor('the failed attempt', async () => {
      const found = await asOperator('GET', `admin/search?q=${orderId}&by=orderId`);
      return found.body.items[0]?.status === 'FAILED' && found;
    });
    const paymentId = String(byOrder.body.items[0].id);
    const view = await waitFor('the checkout free again', async () => {
      const v = await asOperator('GET', `admin/payments/${paymentId}`);
      return v.body.actions.cancelCheckout && v;
    });
    expect(view.body.checkout).toMatchObject({ id: checkoutId, status: 'OPEN', orderId });
    const canceled = await asOperator('POST', `admin/checkouts/${checkoutId}/cancel`);
    expect(canceled.status, canceled.text).toBe(200);
    expect(canceled.body.status).toBe('CANCELED');
    const after = await asOperator('GET', `admin/payments/${paymentId}`);
    expect(after.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'checkout',
          type: 'status_changed',
          to: 'CANCELED',
          operator: 'alice',
        }),
      ]),
    );
    expect(after.body.actions.cancelCheckout).toBe(false);
  });

  it('exports the filtered list as CSV, numbers masked, and lists with the same filters', async () => {
    const ok = await paid();
    const failed = await paid('01');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const csv = await asOperator('GET', `admin/export?status=FAILED&from=${from}`);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="payments-/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,createdAt,updatedAt,status,amount,currency,network,phoneNumber,reference,orderId,checkoutId,failureCode,failureReason,retryOf,amountRefunded',
    );
    expect(csv.text).toContain(failed.id);
    expect(csv.text).not.toContain(ok.id);
    expect(csv.text).not.toContain(failed.phone.digits);
    expect(lines.slice(1).every((line) => line.includes(',FAILED,'))).toBe(true);
    expect(csv.headers.get('x-export-rows')).toBe(String(lines.length - 1));

    const list = await asOperator(
      'GET',
      `admin/payments?status=SUCCESSFUL&network=mtn&from=${from}`,
    );
    const ids = list.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(ok.id);
    expect(ids).not.toContain(failed.id);
    const bad = await asOperator('GET', 'admin/payments?minAmount=abc');
    expect(bad.status).toBe(400);
  });

  it('network health counts our own payments per network once the schedule has run', async () => {
    await paid();
    await stack.runSchedule('NetworkHealthRefresh');
    const health = await asOperator('GET', 'admin/networks');
    expect(health.status, health.text).toBe(200);
    const mtn = health.body.networks.find((n: { network: string }) => n.network === 'mtn');
    expect(mtn.hour.started).toBeGreaterThan(0);
    expect(mtn.hour.successful).toBeGreaterThan(0);
    expect(mtn.day.successRate).toBeGreaterThan(0);
    expect(mtn.day.medianSecondsToSuccess).toBeGreaterThanOrEqual(0);
    expect(health.body.startedPerDay).toHaveLength(14);
    expect(health.body.startedPerDay.at(-1).count).toBeGreaterThan(0);

    // The same figures, as a hint for the checkout page, in the public catalog.
    const providers = await api(stack, 'GET', 'providers');
    const networks = providers.body.countries.flatMap(
      (c: { networks: { id: string }[] }) => c.networks,
    );
    const hint = networks.find((n: { id: string }) => n.id === 'mtn').availability;
    expect(hint).toMatchObject({ computedAt: health.body.computedAt });
    expect(['ok', 'degraded', 'down', 'unknown']).toContain(hint.status);
    expect(providers.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('npm run find-payment finds the same payment by the phone number as typed, and says when nothing matches', async () => {
    const { id, phone } = await paid();
    const env = {
      ...process.env,
      TABLE_NAME: stack.settings.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stack.endpoints.secrets,
      FEEXPAY_SECRET_ARN: stack.secretArn,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    };
    const run = promisify(execFile);
    const tool = (args: string[]) =>
      run(process.execPath, ['scripts/find-payment.ts', ...args], { cwd: REPO_ROOT, env }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const found = await tool([phone.typed, '--timeline']);
    expect(found.code, found.stderr).toBe(0);
    const [line, ...story] = found.stdout.trimEnd().split('\n');
    expect(line).toContain(id);
    expect(line).toContain('SUCCESSFUL');
    expect(line).toContain('(found by phone)');
    expect(found.stdout).not.toContain(phone.digits);
    expect(story.join('\n')).toMatch(/payment status_changed PENDING→SUCCESSFUL/);
    const json = await tool([id, '--json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id, matchedBy: ['id'] })]);
    const none = await tool([freshNumber('98').typed, '--by', 'phone']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No payment found.');
  });
});
