/**
 * How the client reads what FeexPay answers, one recorded shape at a time, without HTTP: 2xx bodies
 * (answers.ts), error answers (failures.ts), fetch failures (transport.ts) and the request body
 * (request-to-pay.ts). The shapes come from docs/feexpay-api.md (§4.2, §5.1, §6.2, §10.1).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTransaction } from '../../shared/feexpay/answers.ts';
import {
  FeexPayAuthError,
  FeexPayOutcomeUnknownError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayServerError,
  FeexPayTimeoutError,
  FeexPayUnavailableError,
} from '../../shared/feexpay/errors.ts';
import { failureOf } from '../../shared/feexpay/failures.ts';
import { requestToPayBody } from '../../shared/feexpay/request-to-pay.ts';
import { connectionNeverMade } from '../../shared/feexpay/transport.ts';
import { logger } from '../../shared/logger.ts';

const API_KEY = `fp_${'r'.repeat(64)}`;
const REFERENCE = '6a00a986-fcb9-4491-93d5-28693034ef95';

function ok(body: unknown) {
  return { status: 200, text: typeof body === 'string' ? body : JSON.stringify(body) };
}

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

describe('request-to-pay answers', () => {
  it('accepted: PENDING with the echoed amount and callback_info', () => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        status: 'PENDING',
        message: 'Accepted',
        amount: 1500,
        description: 'Order 42',
        callback_info: 'pay_1',
        phoneNumber: '2290166000000',
      }),
      API_KEY,
    );

    expect(tx).toEqual({
      reference: REFERENCE,
      status: 'PENDING',
      amount: 1500,
      reason: undefined,
      paymentUrl: undefined,
      callbackInfo: 'pay_1',
      rawStatus: 'PENDING',
      phoneNumber: '2290166000000',
    });
  });

  it.each([
    ['10', 'INSUFFICIENT_FUNDS'],
    ['37', 'BELOW_OPERATOR_MINIMUM'],
    ['92', 'CANCELLED'],
  ])('refused at once (Moov style, HTTP 200): statusCode %s reads as %s', (statusCode, reason) => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        status: 'FAILED',
        statusCode,
        amount: 1500,
        response_operator: { description: ['Solde insuffisant'], status: ['FAILED'] },
      }),
      API_KEY,
    );

    expect(tx).toMatchObject({ status: 'FAILED', reason, amount: 1500 });
  });

  it('keeps references as FeexPay spells them: upper-case UUIDs (Moov) and Celtiis ids', () => {
    for (const reference of [REFERENCE.toUpperCase(), 'AG_20251202_701033309a4e1387a99b']) {
      expect(parseTransaction(ok({ reference, status: 'PENDING' }), API_KEY).reference).toBe(
        reference,
      );
    }
  });

  it('redirect networks: payment_url is the page to open', () => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        status: 'PENDING',
        payment_url: 'https://pay.wave.com/c/abc',
        order_id: 'ORD-1',
      }),
      API_KEY,
    );

    expect(tx.paymentUrl).toBe('https://pay.wave.com/c/abc');
  });

  it('a FAILED answer without a reference created nothing: a rejection in its own words', () => {
    const refusal = () =>
      parseTransaction(ok({ status: 'FAILED', message: 'Code OTP requis pour Coris' }), API_KEY);

    expect(refusal).toThrow(FeexPayRejectedError);
    expect(refusal).toThrow('Code OTP requis pour Coris');
  });

  it('a 2xx that is not a transaction is a protocol error', () => {
    for (const body of ['<html>502 Bad Gateway</html>', { message: 'Accepted' }, '[]']) {
      expect(() => parseTransaction(ok(body), API_KEY)).toThrow(FeexPayProtocolError);
    }
    expect(() => parseTransaction(ok({ status: 'PENDING' }), API_KEY)).toThrow(
      'without a reference',
    );
  });
});

describe('status answers', () => {
  it('the recorded sample: string amount, empty reason, operator fields ignored', () => {
    const tx = parseTransaction(
      ok({
        reference: REFERENCE,
        amount: '100',
        phoneNumber: '2290166000000',
        status: 'SUCCESSFUL',
        callback_info: 'pay_1',
        responsecode: '00',
        responsemsg: 'Successful',
        transref: REFERENCE,
        serviceref: REFERENCE,
        comment: '',
        reason: '',
        description: 'Order 42',
        date: '2025-12-02T10:00:00.000Z',
        operator_id: '1234567890',
      }),
      API_KEY,
      REFERENCE,
    );

    expect(tx).toMatchObject({ status: 'SUCCESSFUL', amount: 100, reason: undefined });
  });

  it('IN PENDING STATE is pending, and the word is kept for the logs', () => {
    const tx = parseTransaction(
      ok({ reference: REFERENCE, status: 'IN PENDING STATE' }),
      API_KEY,
      REFERENCE,
    );

    expect(tx).toMatchObject({ status: 'PENDING', rawStatus: 'IN PENDING STATE' });
  });

  it('a word nobody has seen never finalises a payment', () => {
    const tx = parseTransaction(
      ok({ reference: REFERENCE, status: 'REFUNDED', amount: 100 }),
      API_KEY,
      REFERENCE,
    );

    expect(tx.status).toBe('PENDING');
  });

  it('a success without an amount keeps the amount unknown, never 0', () => {
    const tx = parseTransaction(
      ok({ reference: REFERENCE, status: 'SUCCESSFUL' }),
      API_KEY,
      REFERENCE,
    );

    expect(tx.amount).toBeUndefined();
  });

  it('the failure reason falls back from reason to message to responsemsg', () => {
    const read = (body: Record<string, unknown>) =>
      parseTransaction(ok({ reference: REFERENCE, status: 'FAILED', ...body }), API_KEY, REFERENCE)
        .reason;

    expect(read({ reason: 'PAYER NOT FOUND', message: 'x' })).toBe('PAYER NOT FOUND');
    expect(read({ reason: '', message: 'Transaction refusée' })).toBe('Transaction refusée');
    expect(read({ reason: '', responsemsg: 'Failed' })).toBe('Failed');
    expect(read({})).toBeUndefined();
  });

  it('masks phone numbers and our key in the reason, and bounds it', () => {
    const reason = parseTransaction(
      ok({
        reference: REFERENCE,
        status: 'FAILED',
        reason: `2290166000001 refused with key ${API_KEY} ${'x'.repeat(300)}`,
      }),
      API_KEY,
      REFERENCE,
    ).reason;

    expect(reason).toMatch(/^229\*+0001 refused with key fp_\*\*\* x+$/);
    expect(reason).toHaveLength(200);
  });

  it('our reference in another letter case is ours; another reference is refused', () => {
    expect(
      parseTransaction(
        ok({ reference: REFERENCE.toUpperCase(), status: 'SUCCESSFUL', amount: 100 }),
        API_KEY,
        REFERENCE,
      ).reference,
    ).toBe(REFERENCE);
    expect(() =>
      parseTransaction(ok({ reference: 'other', status: 'SUCCESSFUL' }), API_KEY, REFERENCE),
    ).toThrow(FeexPayProtocolError);
  });
});

describe('error answers', () => {
  const answer = (status: number, body: unknown) => ({
    status,
    text: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it.each([
    [500, { statusCode: 500, message: 'Internal server error' }],
    [502, '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    [408, 'Request Timeout'],
  ])(
    'HTTP %i: an unknown outcome for request-to-pay, a read to repeat for status',
    (status, body) => {
      const pay = failureOf('requestToPay', answer(status, body), API_KEY);
      const read = failureOf('status', answer(status, body), API_KEY);

      expect(pay).toBeInstanceOf(FeexPayServerError);
      expect(pay).toBeInstanceOf(FeexPayOutcomeUnknownError);
      expect(read).toBeInstanceOf(FeexPayUnavailableError);
      expect(pay.httpStatus).toBe(status);
    },
  );

  it.each([
    [503, 'Service Unavailable'],
    [429, { message: 'Too many requests' }],
  ])('HTTP %i: FeexPay did not take it, for both calls', (status, body) => {
    for (const call of ['requestToPay', 'status'] as const) {
      expect(failureOf(call, answer(status, body), API_KEY)).toBeInstanceOf(
        FeexPayUnavailableError,
      );
    }
  });

  it('HTTP 504 is a timeout for both calls', () => {
    for (const call of ['requestToPay', 'status'] as const) {
      expect(failureOf(call, answer(504, 'Gateway Timeout'), API_KEY)).toBeInstanceOf(
        FeexPayTimeoutError,
      );
    }
  });

  it('401 and 403 are credentials (key or IP allow-list), never with the key in the message', () => {
    for (const status of [401, 403]) {
      const error = failureOf(
        'requestToPay',
        answer(status, { message: `Token API invalid ${API_KEY}` }),
        API_KEY,
      );
      expect(error).toBeInstanceOf(FeexPayAuthError);
      expect(error.message).toBe(
        `FeexPay refused the credentials (HTTP ${status}: Token API invalid fp_***)`,
      );
      expect(error.bodyExcerpt).not.toContain(API_KEY);
    }
  });

  it.each([
    [
      404,
      { statusCode: 404, message: 'mtn_xx channel not configured' },
      'mtn_xx channel not configured',
    ],
    [
      404,
      { statusCode: 404, message: 'Cannot GET /api/x', error: 'Not Found' },
      'Cannot GET /api/x',
    ],
    [
      400,
      {
        message: 'Validation failed',
        errors: [
          { property: 'amount', constraints: { min: 'amount must not be less than 100' } },
          { property: 'phoneNumber', constraints: { isString: 'phoneNumber must be a string' } },
        ],
      },
      'Validation failed (amount: amount must not be less than 100; phoneNumber: phoneNumber must be a string)',
    ],
    [
      400,
      { message: ['amount must be a number', 'shop should not be empty'] },
      'amount must be a number; shop should not be empty',
    ],
    [
      400,
      { errors: [{ constraints: { isInt: 'amount must be an integer number' } }] },
      'amount must be an integer number',
    ],
    [400, { responsemsg: 'Invalid phone number' }, 'Invalid phone number'],
    [422, 'Invalid phone number', 'Invalid phone number'],
    [400, '<html>Bad Request</html>', 'HTTP 400'],
    [404, '', 'HTTP 404'],
  ])('HTTP %i %j is a rejection saying %j', (status, body, reason) => {
    const error = failureOf('requestToPay', answer(status, body), API_KEY);

    expect(error).toBeInstanceOf(FeexPayRejectedError);
    expect((error as FeexPayRejectedError).reason).toBe(reason);
  });

  it('a 3xx is a protocol error', () => {
    expect(failureOf('status', answer(302, ''), API_KEY)).toBeInstanceOf(FeexPayProtocolError);
  });
});

describe('fetch failures', () => {
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

  it('a connection never made means FeexPay did not get the request', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(connectionNeverMade(fetchFailed({ code }))).toBe(true);
    }
    expect(connectionNeverMade(fetchFailed({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBe(true);
    expect(connectionNeverMade(fetchFailed({ code: 'CERT_HAS_EXPIRED' }))).toBe(true);
    // Happy eyeballs: every address tried, each refused.
    const aggregate = Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }]), {
      code: undefined,
    });
    expect(connectionNeverMade(fetchFailed(aggregate))).toBe(true);
  });

  it('a connection dropped after sending may have reached FeexPay', () => {
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']) {
      expect(connectionNeverMade(fetchFailed({ code }))).toBe(false);
    }
    expect(connectionNeverMade(new Error('boom'))).toBe(false);
  });
});

describe('request-to-pay body', () => {
  it('sends V2 field names, our payment id as callback_info, and leaves out what is empty', () => {
    const body = requestToPayBody(
      {
        network: 'wave_ci',
        phoneNumber: '2250700000000',
        amount: 1500,
        callbackInfo: 'pay_1',
        description: '!!!',
        returnUrl: 'https://shop.example/back',
      },
      'shop123456789ab',
    );

    expect(JSON.parse(JSON.stringify(body))).toEqual({
      phoneNumber: '2250700000000',
      amount: 1500,
      shop: 'shop123456789ab',
      callback_info: 'pay_1',
      return_url: 'https://shop.example/back',
      cancel_url: 'https://shop.example/back',
    });
  });
});
