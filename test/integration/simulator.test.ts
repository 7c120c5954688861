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
  FeexPayNotFoundError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayServerError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from '../../shared/feexpay/errors.ts';
import { logger } from '../../shared/logger.ts';
import { failureCodeOf } from '../../shared/payments/failure-codes.ts';

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

  it('01: refused; FAILED with MTN’s reason, webhook delivered', async () => {
    const tx = await pay('2290166000001');

    const settled = await finalStatus(tx.reference);
    expect(settled.status).toBe('FAILED');
    expect(settled.reason).toBe('APPROVAL_REJECTED');
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

describe('FeexPay’s quirks by phone ending (the real client over HTTP)', () => {
  it('07: SUCCESSFUL at initiation with the amount, and no webhook', async () => {
    const tx = await pay('2290166000007');
    const marker = await pay('2290166000000');
    await until('the marker webhook', () => webhooksFor(marker.reference).length > 0);

    expect(tx).toMatchObject({ status: 'SUCCESSFUL', amount: 1500 });
    expect(webhooksFor(tx.reference)).toHaveLength(0);
    expect((await client.getStatus(tx.reference)).status).toBe('SUCCESSFUL');
  });

  it('08: SUCCESSFUL at initiation without an amount; the status read has it', async () => {
    const tx = await pay('2290166000008');

    expect(tx).toMatchObject({ status: 'SUCCESSFUL', amount: undefined });
    expect(await client.getStatus(tx.reference)).toMatchObject({
      status: 'SUCCESSFUL',
      amount: 1500,
    });
  });

  it('09 (and Moov Benin always): the answer’s reference is upper case, webhooks and status lower case', async () => {
    for (const [ending, network] of [
      ['09', 'mtn'],
      ['00', 'moov'],
    ] as const) {
      const tx = await pay(`22901660000${ending}`, { network });
      expect(tx.reference).toBe(tx.reference.toUpperCase());
      expect(tx.reference).toMatch(/^[0-9A-F-]{36}$/);
      const [webhook] = await until('the webhook', () => {
        const found = sink.received.filter(
          (w) => String(w.reference).toUpperCase() === tx.reference,
        );
        return found.length ? found : undefined;
      });
      expect(webhook?.reference).toBe(tx.reference.toLowerCase());
      // The status endpoint takes either spelling; the client answers with ours.
      const settled = await finalStatus(tx.reference);
      expect(settled).toMatchObject({ reference: tx.reference, status: 'SUCCESSFUL' });
    }
  });

  it('10 (and Celtiis always): references shaped AG_<date>_<hex>', async () => {
    for (const [ending, network] of [
      ['10', 'mtn'],
      ['00', 'celtiis_bj'],
    ] as const) {
      const tx = await pay(`22901660000${ending}`, { network });
      expect(tx.reference).toMatch(/^AG_\d{8}_[0-9a-f]{20}$/);
      expect((await finalStatus(tx.reference)).status).toBe('SUCCESSFUL');
    }
  });

  it('11: amounts as strings in status answers and the webhook', async () => {
    const tx = await pay('2290166000011');

    const settled = await finalStatus(tx.reference);
    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(settled.amount).toBe(1500);
    expect(webhook?.amount).toBe('1500');
  });

  it('12: IN PENDING STATE, then SUCCESS', async () => {
    const tx = await pay('2290166000012');

    expect(tx).toMatchObject({ status: 'PENDING', rawStatus: 'IN PENDING STATE' });
    const settled = await finalStatus(tx.reference);
    expect(settled).toMatchObject({ status: 'SUCCESSFUL', rawStatus: 'SUCCESS' });
    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(webhook?.status).toBe('SUCCESS');
  });

  it('13: a reason on a status that is still pending is no failure', async () => {
    const tx = await pay('2290166000013');
    const raw = await fetch(`${sim.url}/api/transactions/public/single/status/${tx.reference}`, {
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}` },
    }).then((r) => r.json());

    expect(raw).toMatchObject({ status: 'PENDING', reason: expect.stringMatching(/\w+/) });
    await expect(client.getStatus(tx.reference)).resolves.toMatchObject({
      status: 'PENDING',
      reason: undefined,
    });
    expect((await finalStatus(tx.reference)).status).toBe('SUCCESSFUL');
  });

  it('the status body has the samples’ fields: responsecode, responsemsg, serviceref = reference, reason ""', async () => {
    const tx = await pay('2290166000002');
    const raw = await fetch(`${sim.url}/api/transactions/public/single/status/${tx.reference}`, {
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}` },
    }).then((r) => r.json());

    expect(raw).toMatchObject({
      reference: tx.reference,
      responsecode: '01',
      responsemsg: 'Pending',
      serviceref: tx.reference,
      reason: '',
      status: 'PENDING',
    });
  });

  it('14: order_id differs, and only order_id finds the payment; the client reads by it', async () => {
    const tx = await pay('2290166000014');

    expect(tx.orderId).toMatch(/^ORD/);
    await expect(client.getStatus(tx.reference)).rejects.toBeInstanceOf(FeexPayNotFoundError);
    const settled = await until('the payment to settle', async () => {
      const read = await client.getStatus(tx.reference, { orderId: tx.orderId });
      return read.status === 'PENDING' ? undefined : read;
    });
    expect(settled).toMatchObject({ reference: tx.reference, status: 'SUCCESSFUL' });
    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(webhook?.order_id).toBe(tx.orderId);
  });

  it('15: FeexPay forgets a reference it issued (404), until the remember control', async () => {
    const tx = await pay('2290166000015');

    await expect(client.getStatus(tx.reference)).rejects.toBeInstanceOf(FeexPayNotFoundError);
    const remember = await fetch(`${sim.url}/__simulator/transactions/${tx.reference}/remember`, {
      method: 'POST',
    });
    expect(remember.status).toBe(200);
    await expect(client.getStatus(tx.reference)).resolves.toMatchObject({ status: 'PENDING' });
    const forget = await fetch(`${sim.url}/__simulator/transactions/${tx.reference}/forget`, {
      method: 'POST',
    });
    expect(await forget.json()).toEqual({ forgotten: true });
    await expect(client.getStatus(tx.reference)).rejects.toBeInstanceOf(FeexPayNotFoundError);
  });

  it('16: request-to-pay answers a gateway’s 502 page: outcome unknown to the client', async () => {
    const before = sim.transactions().length;

    const error = await pay('2290166000016').catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayServerError);
    expect(error.httpStatus).toBe(502);
    expect(sim.transactions()).toHaveLength(before);
  });

  it('17: a plain-text 400 (Invalid phone number) is a refusal in its words', async () => {
    const error = await pay('2290166000017').catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.reason).toBe('Invalid phone number');
    expect(error.failureCode).toBe('invalid_number');
  });

  it('18: 404 "channel not configured" for a network the shop has not enabled', async () => {
    const error = await pay('2290166000018').catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.reason).toBe('mtn channel not configured');
    expect(error.failureCode).toBe('provider_rejected');
  });

  it('19: an answer later than the client waits; the phone rang, the webhook comes', async () => {
    const impatient = createFeexPayClient({
      baseUrl: `${sim.url}/api`,
      apiKey: DEFAULT_API_KEY,
      shopId: DEFAULT_SHOP_ID,
      requestToPayTimeoutMs: 300,
    });

    const error = await impatient
      .requestToPay({
        network: 'mtn',
        phoneNumber: '2290166000019',
        amount: 1500,
        callbackInfo: 'slow_answer',
      })
      .catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayTimeoutError);
    const [webhook] = await until('the webhook', () => {
      const found = sink.received.filter((w) => w.callback_info === 'slow_answer');
      return found.length ? found : undefined;
    });
    expect(webhook?.status).toBe('SUCCESSFUL');
  });

  it('20: a webhook with callback_info ""', async () => {
    const tx = await pay('2290166000020');

    const [webhook] = await until('the webhook', () =>
      webhooksFor(tx.reference).length ? webhooksFor(tx.reference) : undefined,
    );
    expect(webhook?.callback_info).toBe('');
    expect((await client.getStatus(tx.reference)).callbackInfo).toBe('pay_2290166000020');
  });

  it('21: FAILED with PAYER_NOT_FOUND; 22 and 23: FAILED at once with statusCode 37 and 92', async () => {
    const notFound = await finalStatus((await pay('2290166000021')).reference);
    const belowMinimum = await pay('2290166000022');
    const cancelled = await pay('2290166000023');

    expect(notFound).toMatchObject({ status: 'FAILED', reason: 'PAYER_NOT_FOUND' });
    expect(failureCodeOf(notFound.reason)).toBe('invalid_number');
    expect(belowMinimum).toMatchObject({ status: 'FAILED', failureCode: 'amount_not_allowed' });
    expect(cancelled).toMatchObject({ status: 'FAILED', failureCode: 'declined' });
  });
});

describe('OTP networks', () => {
  it('Coris: the first call answers 201 with a reference and sends a code; the second carries it', async () => {
    const first = await pay('2290166000000', { network: 'coris' });

    expect(first.status).toBe('PENDING');
    const [sent] = sim.transactions().filter((t) => t.reference === first.reference);
    expect(sent).toMatchObject({ awaitingOtp: true, otpSent: expect.stringMatching(/^\d{6}$/) });
    const second = await pay('2290166000000', {
      network: 'coris',
      otp: sent?.otpSent ?? '',
      reference: first.reference,
    });
    expect(second).toMatchObject({ reference: first.reference, status: 'SUCCESSFUL' });
    const again = await pay('2290166000000', {
      network: 'coris',
      otp: '123456',
      reference: first.reference,
    }).catch((e) => e);
    expect(again).toBeInstanceOf(FeexPayRejectedError);
  });

  it('Coris: a wrong code FAILS the payment (otp_invalid)', async () => {
    const first = await pay('2290166000000', { network: 'coris' });

    const second = await pay('2290166000000', {
      network: 'coris',
      otp: '000000',
      reference: first.reference,
    });

    expect(second).toMatchObject({ status: 'FAILED', failureCode: 'otp_invalid' });
  });

  it('Orange Burkina: the code the customer made first; 000000 is refused as wrong', async () => {
    const good = await pay('22670000000', { network: 'orange_bf', otp: '482913' });
    const wrong = await pay('22670000000', { network: 'orange_bf', otp: '000000' });

    expect((await finalStatus(good.reference)).status).toBe('SUCCESSFUL');
    expect(wrong).toMatchObject({ status: 'FAILED', failureCode: 'otp_invalid' });
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

  it('unknown reference: 404 on status, read as "FeexPay does not know it"', async () => {
    await expect(client.getStatus('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      FeexPayNotFoundError,
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

  it('a 502 after FeexPay processed the request: the client cannot tell, the phone rang', async () => {
    sim.injectFault({ target: 'requestToPay', kind: 'http502-processed', times: 1 });

    const error = await pay('2290166000000', { callbackInfo: 'processed_502' }).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayServerError);
    expect(error.httpStatus).toBe(502);
    const [webhook] = await until('the webhook', () => {
      const found = sink.received.filter((w) => w.callback_info === 'processed_502');
      return found.length ? found : undefined;
    });
    expect(webhook?.status).toBe('SUCCESSFUL');
  });

  it('a fault can answer late (delayMs), and a bad fault is refused', async () => {
    const inject = (body: unknown) =>
      fetch(`${sim.url}/__simulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await inject({ target: 'requestToPay', kind: 'http503', times: 1, delayMs: 300 })).status,
    ).toBe(200);
    const started = Date.now();

    const error = await pay('2290166000000').catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayUnavailableError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(
      (await inject({ target: 'requestToPay', kind: 'http503', times: 1, delayMs: -1 })).status,
    ).toBe(400);
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
