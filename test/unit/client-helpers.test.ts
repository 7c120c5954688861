/**
 * The client's helpers for merchant code: `verify()` against notifications signed by the
 * `standardwebhooks` library (what the service signs with, shared/notifications/deliver.ts),
 * amounts written as people read them, and phone numbers as customers type them.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatPhone,
  normalizePhone,
  PHONE_COUNTRIES,
  verify,
  WebhookVerificationError,
} from '../../client/src/index.ts';
import { catalogByCountry } from '../../shared/providers.ts';

const SECRET = `whsec_${Buffer.from('a-merchant-signing-secret-000000').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another-merchant-secret-00000000').toString('base64')}`;
const event = {
  type: 'payment.succeeded',
  timestamp: '2026-12-01T10:00:00.000Z',
  data: {
    id: 'pay_1',
    status: 'SUCCESSFUL',
    amount: 2500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '229******0000',
    createdAt: '2026-12-01T09:59:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  },
};
const body = JSON.stringify(event);

/** Headers as the service sends them, signed by the standardwebhooks library. */
function signed(secret = SECRET, at = new Date(), id = 'evt_pay_1_succeeded') {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'verified';
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return (error as WebhookVerificationError).reason;
  }
}

describe('verify()', () => {
  it('returns the typed event of a notification the standardwebhooks library signed', async () => {
    const verified = await verify(body, signed(), SECRET);
    expect(verified).toMatchObject({ ...event, webhookId: 'evt_pay_1_succeeded' });
    expect(verified.signedAt).toBeInstanceOf(Date);
    if (verified.type === 'payment.succeeded') expect(verified.data.amount).toBe(2500);
  });

  it('takes Headers, any header case, array values and the body as bytes', async () => {
    const headers = signed();
    await expect(verify(body, new Headers(headers), SECRET)).resolves.toBeTruthy();
    const upper = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k.toUpperCase(), [v]]),
    );
    await expect(verify(new TextEncoder().encode(body), upper, SECRET)).resolves.toBeTruthy();
  });

  it('accepts any one of several signatures (a secret being rotated)', async () => {
    const headers = signed();
    const old = signed(OTHER)['webhook-signature'];
    headers['webhook-signature'] = `${old} v1a,ignored ${headers['webhook-signature']}`;
    await expect(verify(body, headers, SECRET)).resolves.toMatchObject({ type: event.type });
  });

  it('refuses another secret, a changed body, a changed id, and a missing header', async () => {
    expect(await reason(verify(body, signed(OTHER), SECRET))).toBe('bad_signature');
    expect(await reason(verify(body.replace('2500', '25000'), signed(), SECRET))).toBe(
      'bad_signature',
    );
    expect(await reason(verify(body, { ...signed(), 'webhook-id': 'evt_other' }, SECRET))).toBe(
      'bad_signature',
    );
    const { 'webhook-signature': _dropped, ...unsigned } = signed();
    expect(await reason(verify(body, unsigned, SECRET))).toBe('missing_headers');
    expect(await reason(verify(body, signed(), 'whsec_***not base64***'))).toBe('bad_secret');
  });

  it('refuses a timestamp outside the tolerance (5 minutes by default), both ways', async () => {
    const now = Date.now();
    expect(await reason(verify(body, signed(SECRET, new Date(now - 301_000)), SECRET))).toBe(
      'timestamp_too_old',
    );
    expect(await reason(verify(body, signed(SECRET, new Date(now + 301_000)), SECRET))).toBe(
      'timestamp_too_new',
    );
    const late = signed(SECRET, new Date(now - 600_000));
    await expect(verify(body, late, SECRET, { toleranceSeconds: 900 })).resolves.toBeTruthy();
  });

  it('refuses a signed body that is not an event', async () => {
    const at = new Date();
    const headers = {
      'webhook-id': 'evt_x',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign('evt_x', at, '[1,2]'),
    };
    expect(await reason(verify('[1,2]', headers, SECRET))).toBe('bad_payload');
  });
});

describe('formatAmount()', () => {
  // Intl separates thousands with a narrow no-break space and the symbol with a no-break space.
  const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

  it('writes F CFA in French by default, in English on request', () => {
    expect(plain(formatAmount(2500, 'XOF'))).toBe('2 500 F CFA');
    expect(plain(formatAmount(1234567, 'XAF'))).toBe('1 234 567 FCFA');
    expect(plain(formatAmount(2500, 'XOF', { language: 'en' }))).toBe('F CFA 2,500');
  });

  it('never breaks a line inside an amount', () => {
    expect(formatAmount(2500, 'XOF')).not.toContain(' ');
  });
});

describe('normalizePhone() and formatPhone()', () => {
  it('reads the forms customers type', () => {
    expect(normalizePhone('+229 01 66 00 00 00')).toBe('2290166000000');
    expect(normalizePhone('+229-01-66-00-00-00')).toBe('2290166000000');
    expect(normalizePhone('00229 01.66.00.00.00')).toBe('2290166000000');
    expect(normalizePhone('2290166000000')).toBe('2290166000000');
    expect(normalizePhone('0166000000', 'BJ')).toBe('2290166000000');
    expect(normalizePhone('07 00 00 00 01', 'CI')).toBe('2250700000001');
    expect(normalizePhone('77 123 45 67', 'sn')).toBe('221771234567');
  });

  it('refuses what cannot be a number of the country', () => {
    expect(normalizePhone('0166000000')).toBeUndefined(); // no country
    expect(normalizePhone('+33 6 12 34 56 78')).toBeUndefined(); // not served
    expect(normalizePhone('+229 01 66 00 00')).toBeUndefined(); // too short
    expect(normalizePhone('+228 90 00 00 01', 'BJ')).toBeUndefined(); // Togo, not Benin
    expect(normalizePhone('01 66 ab 00 00', 'BJ')).toBeUndefined();
    expect(normalizePhone('0166000000', 'FR')).toBeUndefined();
  });

  it('writes a number back as people read it', () => {
    expect(formatPhone('2290166000000')).toBe('+229 01 66 00 00 00');
    expect(formatPhone('22890000001')).toBe('+228 90 00 00 01');
    expect(formatPhone('229******0000')).toBe('229******0000'); // masked: as it is
  });

  it('knows the countries the API serves, as its catalog lists them', () => {
    const served = catalogByCountry().map((c) => ({
      iso: c.iso,
      dialCode: c.dialCode,
      nationalNumberLength: c.nationalNumberLength,
    }));
    expect([...PHONE_COUNTRIES].sort((a, b) => a.iso.localeCompare(b.iso))).toEqual(
      served.sort((a, b) => a.iso.localeCompare(b.iso)),
    );
  });
});
