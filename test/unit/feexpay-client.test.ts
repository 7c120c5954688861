import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cleanDescription,
  createFeexPayClient,
  type FeexPayClient,
} from '../../shared/feexpay/client.ts';
import {
  FeexPayAuthError,
  FeexPayOutcomeUnknownError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayServerError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from '../../shared/feexpay/errors.ts';
import { logger } from '../../shared/logger.ts';

const ORIGIN = 'https://feexpay.test';
const API_KEY = `fp_${'k'.repeat(64)}`;
const SHOP_ID = 'shop123456789ab';
const PAY_PATH = '/api/transactions/public/requesttopay/mtn';
const REFERENCE = '6a00a986-fcb9-4491-93d5-28693034ef95';
const STATUS_PATH = `/api/transactions/public/single/status/${REFERENCE}`;
const JSON_HEADERS = { 'content-type': 'application/json' };

const payInput = {
  network: 'mtn',
  phoneNumber: '2290166000000',
  amount: 1500,
  callbackInfo: 'pay_123',
};

let agent: MockAgent;
let client: FeexPayClient;
const original = getGlobalDispatcher();

function pool() {
  return agent.get(ORIGIN);
}

function calls(): number {
  return agent.getCallHistory()?.calls().length ?? 0;
}

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

beforeEach(() => {
  // Prepare: every fetch goes to the mock; an unexpected request fails the test.
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  setGlobalDispatcher(agent);
  client = createFeexPayClient({
    baseUrl: `${ORIGIN}/api/`,
    apiKey: API_KEY,
    shopId: SHOP_ID,
    requestToPayTimeoutMs: 200,
    statusTimeoutMs: 200,
    statusBackoffMs: [1, 1],
  });
});

afterEach(async () => {
  setGlobalDispatcher(original);
  await agent.close();
});

describe('requestToPay', () => {
  it('sends one authenticated V2 POST with the shop and a cleaned description', async () => {
    // The mock sees Node's bundled-undici body as a stream, so read the body where fetch gets it.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    pool().intercept({ path: PAY_PATH, method: 'POST' }).reply(
      200,
      {
        reference: REFERENCE,
        status: 'PENDING',
        message: 'Accepted',
        amount: 1500,
        callback_info: 'pay_123',
        phoneNumber: '2290166000000',
      },
      { headers: JSON_HEADERS },
    );

    const tx = await client.requestToPay({
      ...payInput,
      description: "Commande n°42 — café & thé's",
      firstName: 'Ada',
      returnUrl: 'https://shop.example/back',
    });

    expect(tx).toMatchObject({
      reference: REFERENCE,
      status: 'PENDING',
      amount: 1500,
      callbackInfo: 'pay_123',
      rawStatus: 'PENDING',
      paymentUrl: undefined,
      reason: undefined,
    });
    const [call] = agent.getCallHistory()?.calls() ?? [];
    expect(call?.headers).toMatchObject({ authorization: `Bearer ${API_KEY}` });
    expect(JSON.parse(String(fetchSpy.mock.calls[0]?.[1]?.body))).toEqual({
      phoneNumber: '2290166000000',
      amount: 1500,
      shop: SHOP_ID,
      description: 'Commande n 42 cafe the s',
      first_name: 'Ada',
      callback_info: 'pay_123',
      return_url: 'https://shop.example/back',
      cancel_url: 'https://shop.example/back',
    });
  });

  it('returns payment_url for redirect networks', async () => {
    pool()
      .intercept({ path: '/api/transactions/public/requesttopay/wave_ci', method: 'POST' })
      .reply(200, {
        reference: REFERENCE,
        status: 'PENDING',
        payment_url: 'https://pay.wave.com/c/abc',
        order_id: REFERENCE,
      });

    const tx = await client.requestToPay({ ...payInput, network: 'wave_ci' });

    expect(tx.paymentUrl).toBe('https://pay.wave.com/c/abc');
  });

  it('treats HTTP 200 with status FAILED as a failed transaction, not an error', async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(200, {
        reference: REFERENCE,
        status: 'FAILED',
        statusCode: '10',
        amount: '1500',
        response_operator: { description: ['Solde insuffisant'], status: ['FAILED'] },
      });

    const tx = await client.requestToPay(payInput);

    expect(tx.status).toBe('FAILED');
    expect(tx.reason).toBe('INSUFFICIENT_FUNDS');
    expect(tx.amount).toBe(1500);
  });

  it('prefers an explicit reason over the statusCode mapping', async () => {
    pool().intercept({ path: PAY_PATH, method: 'POST' }).reply(200, {
      reference: REFERENCE,
      status: 'FAILED',
      statusCode: '10',
      reason: 'PAYER_NOT_FOUND',
    });

    await expect(client.requestToPay(payInput)).resolves.toMatchObject({
      reason: 'PAYER_NOT_FOUND',
    });
  });

  it('turns a FAILED answer without a reference into a rejection with its message', async () => {
    pool()
      .intercept({ path: '/api/transactions/public/requesttopay/coris', method: 'POST' })
      .reply(200, { status: 'FAILED', message: 'Code OTP requis' });

    const error = await client.requestToPay({ ...payInput, network: 'coris' }).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.reason).toBe('Code OTP requis');
  });

  it('is not retried after a timeout: the outcome is unknown and the phone may be ringing', async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(200, { reference: REFERENCE, status: 'PENDING' })
      .delay(2_000)
      .persist();

    await expect(client.requestToPay(payInput)).rejects.toBeInstanceOf(FeexPayTimeoutError);
    expect(calls()).toBe(1);
  });

  it('is not retried on a non-JSON 503 and reports FeexPay unavailable', async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(503, 'Service Unavailable', { headers: { 'content-type': 'text/plain' } })
      .persist();

    const error = await client.requestToPay(payInput).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayUnavailableError);
    expect(error.httpStatus).toBe(503);
    expect(error.bodyExcerpt).toBe('Service Unavailable');
    expect(calls()).toBe(1);
  });

  it('reports a 500 or a 502 as an unknown outcome (FeexPay may have created the transaction), not retried', async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(500, { statusCode: 500, message: 'Internal server error' });
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(502, '<html>Bad Gateway</html>', { headers: { 'content-type': 'text/html' } });

    const internal = await client.requestToPay(payInput).catch((e) => e);
    const badGateway = await client.requestToPay(payInput).catch((e) => e);

    for (const [error, status] of [
      [internal, 500],
      [badGateway, 502],
    ] as const) {
      expect(error).toBeInstanceOf(FeexPayServerError);
      expect(error).toBeInstanceOf(FeexPayOutcomeUnknownError);
      expect(error).not.toBeInstanceOf(FeexPayUnavailableError);
      expect(error.httpStatus).toBe(status);
    }
    expect(calls()).toBe(2);
  });

  it('only 503 and 429 prove FeexPay did not take the request', async () => {
    pool().intercept({ path: PAY_PATH, method: 'POST' }).reply(429, { message: 'Too many' });
    const error = await client.requestToPay(payInput).catch((e) => e);
    expect(error).toBeInstanceOf(FeexPayUnavailableError);
    expect(error).not.toBeInstanceOf(FeexPayOutcomeUnknownError);
    expect(error.httpStatus).toBe(429);
  });

  it('maps 401 to an auth error whose excerpt never contains the API key', async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(401, { message: `Token API invalid: ${API_KEY}` });

    const error = await client.requestToPay(payInput).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayAuthError);
    expect(error.httpStatus).toBe(401);
    expect(error.bodyExcerpt).not.toContain(API_KEY);
    expect(error.message).not.toContain(API_KEY);
  });

  it('maps 404 "channel not configured" to a rejection carrying the reason', async () => {
    pool()
      .intercept({ path: '/api/transactions/public/requesttopay/mtn_xx', method: 'POST' })
      .reply(404, { statusCode: 404, message: 'mtn_xx channel not configured' });

    const error = await client.requestToPay({ ...payInput, network: 'mtn_xx' }).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.reason).toBe('mtn_xx channel not configured');
    expect(error.httpStatus).toBe(404);
  });

  it('reads class-validator errors and non-JSON refusals', async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(400, {
        message: 'Validation failed',
        errors: [{ property: 'amount', constraints: { min: 'amount must not be less than 100' } }],
      });
    pool().intercept({ path: PAY_PATH, method: 'POST' }).reply(400, 'Invalid phone number');

    const validation = await client.requestToPay(payInput).catch((e) => e);
    const plain = await client.requestToPay(payInput).catch((e) => e);

    expect(validation.reason).toBe('Validation failed (amount: amount must not be less than 100)');
    expect(plain).toBeInstanceOf(FeexPayRejectedError);
    expect(plain.reason).toBe('Invalid phone number');
  });

  it('rejects junk on a 200 as a protocol error', async () => {
    pool().intercept({ path: PAY_PATH, method: 'POST' }).reply(200, '<html>Bad gateway</html>');
    pool().intercept({ path: PAY_PATH, method: 'POST' }).reply(200, { message: 'Accepted' });

    await expect(client.requestToPay(payInput)).rejects.toBeInstanceOf(FeexPayProtocolError);
    await expect(client.requestToPay(payInput)).rejects.toBeInstanceOf(FeexPayProtocolError);
  });

  it('reports a refused connection as unavailable', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    pool().intercept({ path: PAY_PATH, method: 'POST' }).replyWithError(refused);

    await expect(client.requestToPay(payInput)).rejects.toBeInstanceOf(FeexPayUnavailableError);
    expect(calls()).toBe(1);
  });

  it('reports a connection dropped mid-request as an unknown outcome', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    pool().intercept({ path: PAY_PATH, method: 'POST' }).replyWithError(reset);

    await expect(client.requestToPay(payInput)).rejects.toBeInstanceOf(FeexPayTimeoutError);
  });

  it('refuses a decimal amount without calling FeexPay', async () => {
    await expect(client.requestToPay({ ...payInput, amount: 10.5 })).rejects.toBeInstanceOf(
      FeexPayRejectedError,
    );
    expect(calls()).toBe(0);
  });

  it("rethrows the caller's abort reason as is", async () => {
    pool()
      .intercept({ path: PAY_PATH, method: 'POST' })
      .reply(200, { reference: REFERENCE, status: 'PENDING' })
      .delay(2_000);
    const controller = new AbortController();
    const reason = new Error('handler deadline');

    const pending = client.requestToPay(payInput, { signal: controller.signal, timeoutMs: 5_000 });
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
  });
});

describe('getStatus', () => {
  it('reads a status with a string amount and echoes callback_info', async () => {
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(200, {
      reference: REFERENCE,
      amount: '1500',
      phone_number: '2290166000000',
      status: 'SUCCESSFUL',
      callback_info: 'pay_123',
      responsecode: '0',
    });

    const tx = await client.getStatus(REFERENCE);

    expect(tx).toMatchObject({
      reference: REFERENCE,
      status: 'SUCCESSFUL',
      amount: 1500,
      callbackInfo: 'pay_123',
      phoneNumber: '2290166000000',
    });
    const [call] = agent.getCallHistory()?.calls() ?? [];
    expect(call?.headers).toMatchObject({ authorization: `Bearer ${API_KEY}` });
  });

  it('unwraps a data envelope and leaves a missing amount undefined', async () => {
    pool()
      .intercept({ path: STATUS_PATH, method: 'GET' })
      .reply(200, { success: true, data: { reference: REFERENCE, status: 'IN PENDING STATE' } });

    const tx = await client.getStatus(REFERENCE);

    expect(tx).toMatchObject({
      status: 'PENDING',
      amount: undefined,
      rawStatus: 'IN PENDING STATE',
    });
  });

  it('gives the reason of a failed payment', async () => {
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(200, {
      reference: REFERENCE,
      status: 'FAILED',
      reason: 'PAYER_NOT_FOUND',
      amount: 1500,
    });

    await expect(client.getStatus(REFERENCE)).resolves.toMatchObject({
      status: 'FAILED',
      reason: 'PAYER_NOT_FOUND',
    });
  });

  it('masks phone-length digit runs in the reason of a failed payment (it becomes failureReason)', async () => {
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(200, {
      reference: REFERENCE,
      status: 'FAILED',
      message: 'Le numero 2290166000001 a refuse le paiement de 1500 XOF',
    });

    const tx = await client.getStatus(REFERENCE);

    expect(tx.reason).toBe('Le numero 229******0001 a refuse le paiement de 1500 XOF');
  });

  it('retries 5xx and then succeeds', async () => {
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(502, 'Bad Gateway');
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(503, { message: 'down' });
    pool()
      .intercept({ path: STATUS_PATH, method: 'GET' })
      .reply(200, { reference: REFERENCE, status: 'SUCCESSFUL', amount: 1500 });

    await expect(client.getStatus(REFERENCE)).resolves.toMatchObject({ status: 'SUCCESSFUL' });
    expect(calls()).toBe(3);
  });

  it('retries a timeout, and gives up after the configured attempts', async () => {
    pool()
      .intercept({ path: STATUS_PATH, method: 'GET' })
      .reply(200, { reference: REFERENCE, status: 'SUCCESSFUL' })
      .delay(2_000)
      .persist();

    await expect(client.getStatus(REFERENCE)).rejects.toBeInstanceOf(FeexPayTimeoutError);
    expect(calls()).toBe(3);
  });

  it('does not retry a 401 or an unknown reference', async () => {
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(401, 'Unauthorized');
    pool()
      .intercept({ path: STATUS_PATH, method: 'GET' })
      .reply(404, { message: 'Transaction not found' });

    await expect(client.getStatus(REFERENCE)).rejects.toBeInstanceOf(FeexPayAuthError);
    await expect(client.getStatus(REFERENCE)).rejects.toBeInstanceOf(FeexPayRejectedError);
    expect(calls()).toBe(2);
  });

  it('an answer spelling our reference in another letter case is our transaction, under the reference we asked about', async () => {
    // Moov Benin answered initiations with upper-case UUIDs; the transition compares the stored
    // reference exactly, so FeexPay's spelling here would refuse our own success forever.
    pool()
      .intercept({ path: STATUS_PATH, method: 'GET' })
      .reply(200, { reference: REFERENCE.toUpperCase(), status: 'SUCCESSFUL', amount: 1500 });

    await expect(client.getStatus(REFERENCE)).resolves.toMatchObject({
      reference: REFERENCE,
      status: 'SUCCESSFUL',
    });
  });

  it('refuses an answer about another reference', async () => {
    pool()
      .intercept({ path: STATUS_PATH, method: 'GET' })
      .reply(200, { reference: 'someone-else', status: 'SUCCESSFUL', amount: 1500 });

    await expect(client.getStatus(REFERENCE)).rejects.toBeInstanceOf(FeexPayProtocolError);
  });

  it('rejects an unparseable 200 without retrying', async () => {
    pool().intercept({ path: STATUS_PATH, method: 'GET' }).reply(200, 'OK');

    await expect(client.getStatus(REFERENCE)).rejects.toBeInstanceOf(FeexPayProtocolError);
    expect(calls()).toBe(1);
  });
});

describe('cleanDescription', () => {
  it('keeps letters, digits and spaces only', () => {
    expect(cleanDescription('  Été 2025: abonnement #3 (x2)!  ')).toBe('Ete 2025 abonnement 3 x2');
  });
});
