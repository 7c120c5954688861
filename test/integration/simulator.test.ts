/**
 * The real FeexPay client against the real simulator over HTTP (free ports), with a tiny webhook
 * sink standing in for our webhook route. Every wait polls a condition with a deadline.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, DEFAULT_SHOP_ID } from '../../local/simulator/defaults.ts';
import { type FeexPaySimulator, startFeexPaySimulator } from '../../local/simulator/server.ts';
import {
  createFeexPayClient,
  type FeexPayClient,
  type FeexPayTransaction,
} from '../../shared/feexpay/client.ts';
import {
  FeexPayAuthError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from '../../shared/feexpay/errors.ts';
import { logger } from '../../shared/logger.ts';

interface Sink {
  url: string;
  /** Webhooks answered 200. */
  received: Record<string, unknown>[];
  /** Every delivery attempt, with the status the sink answered. */
  attempts: { body: Record<string, unknown>; status: number }[];
  /** callback_info values whose first delivery the sink refuses with a 500. */
  refuseOnce: Set<string>;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const sink = {
    received: [] as Record<string, unknown>[],
    attempts: [] as { body: Record<string, unknown>; status: number }[],
    refuseOnce: new Set<string>(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const key = String(body.callback_info);
      const status = sink.refuseOnce.delete(key) ? 500 : 200;
      sink.attempts.push({ body, status });
      if (status === 200) sink.received.push(body);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `http://127.0.0.1:${port}/webhook/?token=test`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** Polls until `check` returns a truthy value, or fails after the deadline. */
async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const DELAY_MS = 50;
let sim: FeexPaySimulator;
let sink: Sink;
let client: FeexPayClient;

function pay(
  phoneNumber: string,
  extra: Partial<Parameters<FeexPayClient['requestToPay']>[0]> = {},
) {
  return client.requestToPay({
    network: 'mtn',
    phoneNumber,
    amount: 1500,
    callbackInfo: `pay_${phoneNumber}`,
    description: 'Order 42',
    ...extra,
  });
}

function webhooksFor(reference: string) {
  return sink.received.filter((w) => w.reference === reference);
}

async function finalStatus(reference: string): Promise<FeexPayTransaction> {
  return until(`${reference} to settle`, async () => {
    const tx = await client.getStatus(reference);
    return tx.status === 'PENDING' ? undefined : tx;
  });
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  sink = await startSink();
  sim = await startFeexPaySimulator({
    port: 0,
    apiKey: DEFAULT_API_KEY,
    shopId: DEFAULT_SHOP_ID,
    delayMs: DELAY_MS,
    webhookUrl: sink.url,
  });
  client = createFeexPayClient({
    baseUrl: `${sim.url}/api`,
    apiKey: DEFAULT_API_KEY,
    shopId: DEFAULT_SHOP_ID,
    requestToPayTimeoutMs: 2_000,
    statusTimeoutMs: 2_000,
    statusBackoffMs: [10, 10],
  });
});

afterAll(async () => {
  await sim?.close();
  await sink?.close();
});

beforeEach(() => {
  sim.clearFaults();
});

describe('outcomes by phone ending', () => {
  it('00: the customer approves; SUCCESSFUL after the delay, one webhook in FeexPay shape', async () => {
    const tx = await pay('2290166000000');

    expect(tx).toMatchObject({
      status: 'PENDING',
      amount: 1500,
      callbackInfo: 'pay_2290166000000',
    });
    const settled = await finalStatus(tx.reference);
    expect(settled).toMatchObject({ status: 'SUCCESSFUL', amount: 1500, reason: undefined });
    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(webhook).toMatchObject({
      reference: tx.reference,
      order_id: tx.reference,
      status: 'SUCCESSFUL',
      amount: 1500,
      callback_info: 'pay_2290166000000',
      type: 'Paiement',
      phoneNumber: '2290166000000',
      reseau: 'MTN',
      ref_link: '',
      description: 'Order 42',
    });
    expect(typeof webhook?.date).toBe('string');
  });

  it('01: the customer declines; FAILED with a reason, webhook delivered', async () => {
    const tx = await pay('2290166000001');

    const settled = await finalStatus(tx.reference);
    expect(settled.status).toBe('FAILED');
    expect(settled.reason).toBe('LOW_BALANCE_OR_PAYEE_LIMIT_REACHED_OR_NOT_ALLOWED');
    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(webhook).toMatchObject({ status: 'FAILED', reason: settled.reason });
  });

  it('02: the customer never answers; PENDING with no webhook, and 03: SUCCESSFUL with no webhook', async () => {
    const silent = await pay('2290166000002');
    const lost = await pay('2290166000003');
    // A payment started after both settles after them; once its webhook is in, theirs would be too.
    const marker = await pay('2290166000000');
    await until('the marker webhook', () => webhooksFor(marker.reference).length > 0);

    expect((await client.getStatus(silent.reference)).status).toBe('PENDING');
    expect((await client.getStatus(lost.reference)).status).toBe('SUCCESSFUL');
    expect(webhooksFor(silent.reference)).toHaveLength(0);
    expect(webhooksFor(lost.reference)).toHaveLength(0);
  });

  it('04: SUCCESSFUL and the webhook is delivered three times', async () => {
    const tx = await pay('2290166000004');

    const copies = await until('three webhooks', () =>
      webhooksFor(tx.reference).length === 3 ? webhooksFor(tx.reference) : undefined,
    );
    expect(copies.every((w) => w.status === 'SUCCESSFUL')).toBe(true);
    expect((await client.getStatus(tx.reference)).status).toBe('SUCCESSFUL');
  });

  it('05: request-to-pay answers a plain-text 503 and creates nothing', async () => {
    const before = sim.transactions().length;

    const error = await pay('2290166000005').catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayUnavailableError);
    expect(error.httpStatus).toBe(503);
    expect(sim.transactions()).toHaveLength(before);
  });

  it('06: HTTP 200 with FAILED at once (insufficient funds), and status agrees', async () => {
    const tx = await pay('2290166000006');

    expect(tx).toMatchObject({
      status: 'FAILED',
      reason: 'INSUFFICIENT_FUNDS',
      rawStatus: 'FAILED',
    });
    expect((await client.getStatus(tx.reference)).status).toBe('FAILED');
  });
});

describe('FeexPay refusals', () => {
  it('unknown segment: 404 "channel not configured"', async () => {
    const error = await pay('2290166000000', { network: 'mtn_xx' }).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.reason).toBe('mtn_xx channel not configured');
    expect(error.httpStatus).toBe(404);
  });

  it('bad API key: 401 on request-to-pay and on status', async () => {
    const stranger = createFeexPayClient({
      baseUrl: `${sim.url}/api`,
      apiKey: `fp_${'x'.repeat(64)}`,
      shopId: DEFAULT_SHOP_ID,
    });
    const tx = await pay('2290166000002');

    await expect(
      stranger.requestToPay({
        network: 'mtn',
        phoneNumber: '2290166000000',
        amount: 500,
        callbackInfo: 'x',
      }),
    ).rejects.toBeInstanceOf(FeexPayAuthError);
    await expect(stranger.getStatus(tx.reference)).rejects.toBeInstanceOf(FeexPayAuthError);
  });

  it('unknown shop: rejected with "Shop not found"', async () => {
    const otherShop = createFeexPayClient({
      baseUrl: `${sim.url}/api`,
      apiKey: DEFAULT_API_KEY,
      shopId: 'someothershop01',
    });

    const error = await otherShop
      .requestToPay({
        network: 'mtn',
        phoneNumber: '2290166000000',
        amount: 500,
        callbackInfo: 'x',
      })
      .catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.reason).toBe('Shop not found');
  });

  it('validation: amount bounds and phone shape are named in the reason', async () => {
    const small = await pay('2290166000000', { amount: 50 }).catch((e) => e);
    const wrongCountry = await pay('2250700000000').catch((e) => e);

    expect(small).toBeInstanceOf(FeexPayRejectedError);
    expect(small.reason).toContain('amount must not be less than 100');
    expect(wrongCountry.reason).toContain('phoneNumber');
  });

  it('unknown reference: 404 on status', async () => {
    await expect(client.getStatus('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      FeexPayRejectedError,
    );
  });
});

describe('network flows', () => {
  it('redirect networks answer a payment_url whose page settles the payment', async () => {
    const tx = await pay('2250700000002', {
      network: 'wave_ci',
      returnUrl: 'https://shop.example/back',
    });

    expect(tx.paymentUrl).toBe(`${sim.url}/pay/${tx.reference}`);
    const page = await fetch(tx.paymentUrl ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Approve');
    const approve = await fetch(`${tx.paymentUrl}/approve`, { method: 'POST', redirect: 'manual' });
    expect(approve.status).toBe(303);
    expect(approve.headers.get('location')).toBe(`https://shop.example/back?ref=${tx.reference}`);
    expect((await client.getStatus(tx.reference)).status).toBe('SUCCESSFUL');
    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(webhook?.reseau).toBe('WAVE CI');
  });

  it('OTP networks refuse a request without otp and accept one with it', async () => {
    const refused = await pay('22670000000', { network: 'orange_bf' }).catch((e) => e);
    const accepted = await pay('22670000000', { network: 'orange_bf', otp: '123456' });

    expect(refused).toBeInstanceOf(FeexPayRejectedError);
    expect(refused.reason).toMatch(/OTP/);
    expect(accepted.status).toBe('PENDING');
    expect((await finalStatus(accepted.reference)).status).toBe('SUCCESSFUL');
  });
});

describe('fault injection and webhook delivery', () => {
  it('status reads are retried through injected 503s', async () => {
    const tx = await pay('2290166000002');
    const before = sim.stats().statusReads;
    sim.injectFault({ target: 'status', kind: 'http503', times: 2 });

    await expect(client.getStatus(tx.reference)).resolves.toMatchObject({ status: 'PENDING' });
    expect(sim.stats().statusReads - before).toBe(3);
  });

  it('a request-to-pay that gets no answer still rings the phone, and the client does not re-send it', async () => {
    const impatient = createFeexPayClient({
      baseUrl: `${sim.url}/api`,
      apiKey: DEFAULT_API_KEY,
      shopId: DEFAULT_SHOP_ID,
      requestToPayTimeoutMs: 300,
    });
    const before = sim.stats().requestToPay;
    sim.injectFault({ target: 'requestToPay', kind: 'timeout', times: 1 });

    const error = await impatient
      .requestToPay({
        network: 'mtn',
        phoneNumber: '2290166000077',
        amount: 700,
        callbackInfo: 'lost_answer',
      })
      .catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayTimeoutError);
    expect(sim.stats().requestToPay - before).toBe(1);
    expect(sim.transactions().filter((t) => t.callbackInfo === 'lost_answer')).toHaveLength(1);
  });

  it('junk and 500s can be injected over HTTP by an out-of-process test', async () => {
    const tx = await pay('2290166000002');
    const inject = (body: unknown) =>
      fetch(`${sim.url}/__simulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await inject({ target: 'status', kind: 'junk', times: 1 })).status).toBe(200);
    await expect(client.getStatus(tx.reference)).rejects.toBeInstanceOf(FeexPayProtocolError);
    expect((await inject({ target: 'status', kind: 'http500', times: 5 })).status).toBe(200);
    await expect(client.getStatus(tx.reference)).rejects.toBeInstanceOf(FeexPayUnavailableError);
    expect((await inject({ target: 'nowhere', kind: 'junk', times: 1 })).status).toBe(400);
    const stats = await (await fetch(`${sim.url}/__simulator/stats`)).json();
    expect(stats).toMatchObject({
      requestToPay: expect.any(Number),
      statusReads: expect.any(Number),
    });
  });

  it('a webhook the receiver refuses is delivered again', async () => {
    sink.refuseOnce.add('refused_once');

    const tx = await pay('2290166000010', { callbackInfo: 'refused_once' });

    await until('the redelivered webhook', () => webhooksFor(tx.reference).length === 1);
    const attempts = sink.attempts.filter((a) => a.body.reference === tx.reference);
    expect(attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(sim.stats().webhooksDelivered).toBeGreaterThan(0);
  });

  it('a payment can be settled by test control', async () => {
    const tx = await pay('2290166000002');

    expect(sim.settle(tx.reference, 'FAILED', 'PAYER_NOT_FOUND')).toBe(true);

    await expect(client.getStatus(tx.reference)).resolves.toMatchObject({
      status: 'FAILED',
      reason: 'PAYER_NOT_FOUND',
    });
    expect(sim.settle(tx.reference, 'SUCCESSFUL')).toBe(false);
  });

  it('records request-to-pay bodies as FeexPay received them', async () => {
    await pay('2290166000002', { firstName: 'Ada', description: 'Café n°1' });

    const last = sim.requests().at(-1);
    expect(last?.segment).toBe('mtn');
    expect(last?.body).toMatchObject({
      shop: DEFAULT_SHOP_ID,
      first_name: 'Ada',
      description: 'Cafe n 1',
      callback_info: 'pay_2290166000002',
    });
  });
});

describe('lifecycle', () => {
  it('close() returns promptly with pending payments, hanging requests and queued webhooks', async () => {
    const own = await startFeexPaySimulator({
      port: 0,
      apiKey: DEFAULT_API_KEY,
      shopId: DEFAULT_SHOP_ID,
      delayMs: 60_000,
      webhookUrl: sink.url,
    });
    const ownClient = createFeexPayClient({
      baseUrl: `${own.url}/api`,
      apiKey: DEFAULT_API_KEY,
      shopId: DEFAULT_SHOP_ID,
      statusTimeoutMs: 30_000,
      statusAttempts: 1,
    });
    const tx = await ownClient.requestToPay({
      network: 'mtn',
      phoneNumber: '2290166000000',
      amount: 500,
      callbackInfo: 'closing',
    });
    own.injectFault({ target: 'status', kind: 'timeout', times: 1 });
    const hanging = ownClient.getStatus(tx.reference).catch((e) => e);
    await until('the hanging status read', () => own.stats().statusReads === 1);

    await own.close();

    expect(await hanging).toBeInstanceOf(Error);
  });
});
