/**
 * The FeexPay client against the shapes FeexPay is known to answer with and that the first
 * client got wrong (docs/feexpay-api.md §4.2, §5, §7.3, §10, §14): recorded bodies on a mocked
 * `fetch` (undici MockAgent), the real client code. The same behaviours are played end to end by
 * the simulator (test/integration/simulator.test.ts, test/e2e/feexpay-quirks.test.ts).
 */
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTransaction } from '../../shared/feexpay/answers.ts';
import { createFeexPayClient, type FeexPayClient } from '../../shared/feexpay/client.ts';
import {
  FeexPayNotFoundError,
  FeexPayRejectedError,
  FeexPayServerError,
} from '../../shared/feexpay/errors.ts';
import { requestToPayBody } from '../../shared/feexpay/request-to-pay.ts';
import { evidenceOf } from '../../shared/feexpay/wire.ts';
import { logger } from '../../shared/logger.ts';

const ORIGIN = 'https://feexpay.test';
const API_KEY = `fp_${'q'.repeat(64)}`;
const SHOP_ID = 'shop123456789ab';
const REFERENCE = '6a00a986-fcb9-4491-93d5-28693034ef95';
const ORDER_ID = 'ORD17650000001A2B3C';
const statusPath = (key: string) => `/api/transactions/public/single/status/${key}`;
const payPath = (segment: string) => `/api/transactions/public/requesttopay/${segment}`;
const JSON_HEADERS = { 'content-type': 'application/json' };

let agent: MockAgent;
let client: FeexPayClient;
const original = getGlobalDispatcher();

const ok = (body: unknown) => ({ status: 200, text: JSON.stringify(body) });

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

beforeEach(() => {
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  setGlobalDispatcher(agent);
  client = createFeexPayClient({
    baseUrl: `${ORIGIN}/api`,
    apiKey: API_KEY,
    shopId: SHOP_ID,
    requestToPayTimeoutMs: 500,
    statusTimeoutMs: 500,
    statusBackoffMs: [1, 1],
  });
});

afterEach(async () => {
  setGlobalDispatcher(original);
  await agent.close();
});

const pool = () => agent.get(ORIGIN);
const paths = () =>
  agent
    .getCallHistory()
    ?.calls()
    .map((c) => c.path) ?? [];

describe('the request body (only the fields the V2 evidence lists for the call)', () => {
  it('never sends email; sends return and cancel URLs, otp and the names when given', () => {
    const body = JSON.parse(
      JSON.stringify(
        requestToPayBody(
          {
            network: 'orange_bf',
            phoneNumber: '22670000000',
            amount: 2500,
            callbackInfo: 'pay_1',
            description: 'Commande 42',
            firstName: 'Awa',
            lastName: 'Ouedraogo',
            returnUrl: 'https://shop.example/back',
            otp: '482913',
            // An email given to our API is kept on the payment, never sent: not a V2 field here.
            ...({ email: 'awa@example.com' } as object),
          },
          SHOP_ID,
        ),
      ),
    );

    expect(Object.keys(body).sort()).toEqual(
      [
        'amount',
        'callback_info',
        'cancel_url',
        'description',
        'first_name',
        'last_name',
        'otp',
        'phoneNumber',
        'return_url',
        'shop',
      ].sort(),
    );
  });

  it('the second Coris call resends the order with the code and the first call’s reference', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    pool()
      .intercept({ path: payPath('coris'), method: 'POST' })
      .reply(
        200,
        { status: 'SUCCESSFUL', amount: 1500, message: 'Successful' },
        {
          headers: JSON_HEADERS,
        },
      );

    const tx = await client.requestToPay({
      network: 'coris',
      phoneNumber: '2290166000000',
      amount: 1500,
      callbackInfo: 'pay_coris',
      otp: '482913',
      reference: REFERENCE,
    });

    // The answer left the reference out: it is the one we sent.
    expect(tx).toMatchObject({ reference: REFERENCE, status: 'SUCCESSFUL', amount: 1500 });
    expect(JSON.parse(String(fetchSpy.mock.calls[0]?.[1]?.body))).toEqual({
      phoneNumber: '2290166000000',
      amount: 1500,
      shop: SHOP_ID,
      callback_info: 'pay_coris',
      otp: '482913',
      reference: REFERENCE,
    });
  });

  it('Coris’s first call answers HTTP 201 with a reference: a PENDING transaction', async () => {
    pool()
      .intercept({ path: payPath('coris'), method: 'POST' })
      .reply(
        201,
        { reference: REFERENCE, status: 'PENDING', message: 'OTP envoyé' },
        {
          headers: JSON_HEADERS,
        },
      );

    await expect(
      client.requestToPay({
        network: 'coris',
        phoneNumber: '2290166000000',
        amount: 1500,
        callbackInfo: 'pay_coris',
      }),
    ).resolves.toMatchObject({ reference: REFERENCE, status: 'PENDING' });
  });
});

describe('answers as recorded', () => {
  it('a final SUCCESSFUL at initiation, with and without an amount', () => {
    const withAmount = parseTransaction(
      ok({ reference: REFERENCE, status: 'SUCCESSFUL', statusCode: '00', amount: 1500 }),
      API_KEY,
    );
    const withoutAmount = parseTransaction(
      ok({ reference: REFERENCE, status: 'SUCCESSFUL', statusCode: '00' }),
      API_KEY,
    );

    expect(withAmount).toMatchObject({ status: 'SUCCESSFUL', amount: 1500 });
    expect(withoutAmount).toMatchObject({ status: 'SUCCESSFUL', amount: undefined });
  });

  it('a FAILED answer carries the failure code of all its fields, statusCode first', () => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        status: 'FAILED',
        statusCode: '37',
        message: 'Echec',
        response_operator: { description: ['Montant trop faible'], status: ['FAILED'] },
      }),
      API_KEY,
    );

    expect(tx).toMatchObject({
      reason: 'BELOW_OPERATOR_MINIMUM',
      failureCode: 'amount_not_allowed',
    });
    expect(evidenceOf(tx).failureCode).toBe('amount_not_allowed');
  });

  it('a reason on a status that is not final is not a failure', () => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        status: 'PENDING',
        reason: 'LOW_BALANCE_OR_PAYEE_LIMIT_REACHED_OR_NOT_ALLOWED',
      }),
      API_KEY,
      REFERENCE,
    );

    expect(tx).toMatchObject({ status: 'PENDING', reason: undefined });
    expect(tx.failureCode).toBeUndefined();
  });

  it('the status body as samples show it: responsecode, responsemsg, serviceref = reference, reason ""', () => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        amount: '1500',
        phoneNumber: '2290166000000',
        status: 'SUCCESS',
        callback_info: 'pay_1',
        responsecode: '00',
        responsemsg: 'Successful',
        transref: REFERENCE,
        serviceref: REFERENCE,
        comment: '',
        reason: '',
        date: '2026-05-04T10:15:31.000Z',
        operator_id: 'MP260504.1015.A00001',
      }),
      API_KEY,
      REFERENCE,
    );

    expect(tx).toMatchObject({ status: 'SUCCESSFUL', amount: 1500, rawStatus: 'SUCCESS' });
  });

  it('keeps order_id when it differs from the reference, and not when it is the reference', () => {
    const differs = parseTransaction(
      ok({ reference: REFERENCE, order_id: ORDER_ID, status: 'PENDING', payment_url: 'https://x' }),
      API_KEY,
    );
    const same = parseTransaction(
      ok({ reference: REFERENCE, order_id: REFERENCE.toUpperCase(), status: 'PENDING' }),
      API_KEY,
    );

    expect(differs.orderId).toBe(ORDER_ID);
    expect(same.orderId).toBeUndefined();
  });
});

describe('status by reference, then by order_id', () => {
  it('a 404 for the reference is "FeexPay does not know it", not a refusal to retry', async () => {
    pool()
      .intercept({ path: statusPath(REFERENCE), method: 'GET' })
      .reply(404, { statusCode: 404, message: 'Transaction not found' });

    const error = await client.getStatus(REFERENCE).catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayNotFoundError);
    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(paths()).toEqual([statusPath(REFERENCE)]);
  });

  it('reads by order_id when FeexPay does not know the reference; the answer is ours', async () => {
    pool()
      .intercept({ path: statusPath(REFERENCE), method: 'GET' })
      .reply(404, { statusCode: 404, message: 'Transaction not found' });
    pool()
      .intercept({ path: statusPath(ORDER_ID), method: 'GET' })
      .reply(
        200,
        { reference: REFERENCE, order_id: ORDER_ID, status: 'SUCCESSFUL', amount: 1500 },
        { headers: JSON_HEADERS },
      );

    const tx = await client.getStatus(REFERENCE, { orderId: ORDER_ID });

    expect(tx).toMatchObject({ reference: REFERENCE, status: 'SUCCESSFUL', orderId: ORDER_ID });
    expect(paths()).toEqual([statusPath(REFERENCE), statusPath(ORDER_ID)]);
  });

  it('an answer naming the order_id as its reference is ours too', async () => {
    pool()
      .intercept({ path: statusPath(REFERENCE), method: 'GET' })
      .reply(404, 'Cannot GET');
    pool()
      .intercept({ path: statusPath(ORDER_ID), method: 'GET' })
      .reply(200, { reference: ORDER_ID, status: 'PENDING' }, { headers: JSON_HEADERS });

    await expect(client.getStatus(REFERENCE, { orderId: ORDER_ID })).resolves.toMatchObject({
      reference: REFERENCE,
      status: 'PENDING',
    });
  });

  it('unknown by both: FeexPayNotFoundError', async () => {
    for (const key of [REFERENCE, ORDER_ID]) {
      pool()
        .intercept({ path: statusPath(key), method: 'GET' })
        .reply(404, { message: 'Transaction not found' });
    }

    await expect(client.getStatus(REFERENCE, { orderId: ORDER_ID })).rejects.toBeInstanceOf(
      FeexPayNotFoundError,
    );
  });
});

describe('initiation refusals as recorded', () => {
  it('HTTP 502 with a gateway page: an unknown outcome, not a refusal (docs/decisions.md, 17)', async () => {
    pool()
      .intercept({ path: payPath('mtn'), method: 'POST' })
      .reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', {
        headers: { 'content-type': 'text/html' },
      });

    await expect(
      client.requestToPay({
        network: 'mtn',
        phoneNumber: '2290166000000',
        amount: 1500,
        callbackInfo: 'pay_502',
      }),
    ).rejects.toBeInstanceOf(FeexPayServerError);
  });

  it.each([
    [400, 'text/plain', 'Invalid phone number', 'invalid_number'],
    [
      404,
      'application/json',
      JSON.stringify({ statusCode: 404, message: 'mtn channel not configured' }),
      'provider_rejected',
    ],
    [
      400,
      'application/json',
      JSON.stringify({
        message: 'Validation failed',
        errors: [{ property: 'amount', constraints: { min: 'amount must not be less than 100' } }],
      }),
      'amount_not_allowed',
    ],
  ])('HTTP %s (%s) %s: a refusal with failure code %s', async (status, type, body, code) => {
    pool()
      .intercept({ path: payPath('mtn'), method: 'POST' })
      .reply(status, body, { headers: { 'content-type': type } });

    const error = await client
      .requestToPay({
        network: 'mtn',
        phoneNumber: '2290166000000',
        amount: 1500,
        callbackInfo: 'pay_refused',
      })
      .catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.failureCode).toBe(code);
  });

  it('an OTP network’s FAILED answer without a reference: otp_invalid', async () => {
    pool()
      .intercept({ path: payPath('orange_bf'), method: 'POST' })
      .reply(
        200,
        { status: 'FAILED', message: 'Code OTP requis. Générez un code de paiement.' },
        { headers: JSON_HEADERS },
      );

    const error = await client
      .requestToPay({
        network: 'orange_bf',
        phoneNumber: '22670000000',
        amount: 1500,
        callbackInfo: 'pay_otp',
      })
      .catch((e) => e);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect(error.failureCode).toBe('otp_invalid');
  });
});
