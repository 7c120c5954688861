/**
 * The failure-code table: every reason, `statusCode`, message and HTTP status FeexPay is known to
 * send (docs/feexpay-api.md §6.2, §10) maps to the code a payer's text is chosen by, and each code
 * has a short French and English text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FAILURE_CODE_MEANINGS,
  FAILURE_CODES,
  type FailureCode,
  failureCodeOf,
  failureMessage,
  failureMessages,
  isFailureCode,
  LOCALES,
} from '../../shared/payments/failure-codes.ts';

describe('failureCodeOf', () => {
  it.each<[string, Parameters<typeof failureCodeOf>[0], FailureCode]>([
    // Reasons FeexPay sends (MTN's), in both spellings seen.
    ['MTN low balance', 'LOW_BALANCE_OR_PAYEE_LIMIT_REACHED_OR_NOT_ALLOWED', 'insufficient_funds'],
    ['payer not found', 'PAYER_NOT_FOUND', 'invalid_number'],
    ['payer not found, spaced', 'PAYER NOT FOUND', 'invalid_number'],
    // Initiation statusCode values (React SDK), alone or winning over unknown words.
    ['statusCode 10', { statusCode: '10' }, 'insufficient_funds'],
    ['statusCode 37', { statusCode: '37', message: 'Echec' }, 'amount_not_allowed'],
    ['statusCode 92 as a number', { statusCode: 92 }, 'declined'],
    // What our client maps statusCode to when there is no reason.
    ['INSUFFICIENT_FUNDS', 'INSUFFICIENT_FUNDS', 'insufficient_funds'],
    ['BELOW_OPERATOR_MINIMUM', 'BELOW_OPERATOR_MINIMUM', 'amount_not_allowed'],
    ['CANCELLED', 'CANCELLED', 'declined'],
    ['the simulator page Decline', 'CANCELLED_BY_CUSTOMER', 'declined'],
    // Messages FeexPay's Flutter SDK maps.
    ['Network Unavailable', { message: 'Network Unavailable' }, 'provider_unavailable'],
    ['NETWORK_UNAVAILABLE', 'NETWORK_UNAVAILABLE', 'provider_unavailable'],
    ['Invalid phone number', { message: 'Invalid phone number' }, 'invalid_number'],
    ['Insufficient funds', { message: 'Insufficient funds' }, 'insufficient_funds'],
    ['Shop not found', { message: 'Shop not found', httpStatus: 404 }, 'provider_rejected'],
    ['French balance message', { message: 'Solde insuffisant' }, 'insufficient_funds'],
    // OTP refusals, whichever words say it (an integrator matches "otp" and "code de paiement").
    [
      'OTP required (French)',
      { message: 'Code OTP requis pour Orange Money. Générez un code de paiement.' },
      'otp_invalid',
    ],
    ['wrong code', { message: 'Invalid OTP' }, 'otp_invalid'],
    ['expired code', { message: 'Le code de paiement a expiré' }, 'otp_invalid'],
    // Our own reasons.
    ['FeexPay down', 'PROVIDER_UNAVAILABLE', 'provider_unavailable'],
    ['our credentials', 'PROVIDER_AUTH_FAILED', 'provider_rejected'],
    // Refusals by HTTP status when the words say nothing we know.
    [
      'channel not configured',
      { message: 'mtn channel not configured', httpStatus: 404 },
      'provider_rejected',
    ],
    [
      'amount validation',
      { message: 'amount must not be less than 100', httpStatus: 400 },
      'amount_not_allowed',
    ],
    [
      'a 400 saying nothing known',
      { message: 'Bad Request', httpStatus: 400 },
      'provider_rejected',
    ],
    ['a 502', { httpStatus: 502 }, 'provider_unavailable'],
    ['a 429', { httpStatus: 429 }, 'provider_unavailable'],
    // Timeouts and cancellations in words.
    ['timeout', 'TIMEOUT', 'timeout'],
    ['transaction expired', { message: 'Transaction expired' }, 'timeout'],
    ['cancelled by the customer', { message: 'Transaction annulée par le client' }, 'declined'],
    // Nothing we recognise.
    ['an operator code', 'ERR_4711', 'unknown'],
    ['nothing at all', undefined, 'unknown'],
    ['blank fields', { reason: ' ', message: '' }, 'unknown'],
  ])('%s → %s', (_name, evidence, expected) => {
    expect(failureCodeOf(evidence)).toBe(expected);
  });

  it('reads the reason before the message, and the statusCode before both', () => {
    expect(failureCodeOf({ reason: 'PAYER_NOT_FOUND', message: 'Solde insuffisant' })).toBe(
      'invalid_number',
    );
    expect(failureCodeOf({ statusCode: '10', reason: 'PAYER_NOT_FOUND' })).toBe(
      'insufficient_funds',
    );
    // An unknown statusCode does not hide the reason.
    expect(failureCodeOf({ statusCode: '99', reason: 'TIMEOUT' })).toBe('timeout');
  });
});

describe('failureMessage', () => {
  it('has a French and an English text for every code, short enough for a phone', () => {
    for (const locale of LOCALES) {
      const messages = failureMessages(locale);
      expect(Object.keys(messages).sort()).toEqual([...FAILURE_CODES].sort());
      for (const code of FAILURE_CODES) {
        const text = failureMessage(code, locale);
        expect(text, `${locale} ${code}`).toBe(messages[code]);
        // What happened, then what to do: two sentences at most, each under ~110 characters.
        expect(text.length, `${locale} ${code}`).toBeLessThanOrEqual(130);
        expect(text, `${locale} ${code}`).toMatch(/\.$/);
      }
    }
    expect(failureMessage('insufficient_funds', 'fr')).toContain('Solde insuffisant');
    expect(failureMessage('insufficient_funds', 'en')).toContain('balance is too low');
  });

  it('is French by default, and reads a code it does not know as unknown', () => {
    expect(failureMessage('declined')).toBe(failureMessage('declined', 'fr'));
    expect(failureMessage('some_future_code', 'en')).toBe(failureMessage('unknown', 'en'));
    expect(failureMessage(undefined, 'fr')).toBe(failureMessage('unknown', 'fr'));
  });

  it('the French and English texts differ, and every code is documented', () => {
    for (const code of FAILURE_CODES) {
      expect(failureMessage(code, 'fr')).not.toBe(failureMessage(code, 'en'));
      expect(FAILURE_CODE_MEANINGS[code]).toMatch(/\w{3,}/);
      expect(isFailureCode(code)).toBe(true);
    }
    expect(isFailureCode('PROVIDER_UNAVAILABLE')).toBe(false);
  });
});

describe('docs/payments.md, "Failure codes"', () => {
  it('lists every code with its meaning and both texts, as the module has them', () => {
    const doc = readFileSync(new URL('../../docs/payments.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### Failure codes'), doc.indexOf('### Rate limit'));
    const rows = section
      .split('\n')
      .filter((line) => /^\| `[a-z_]+` \|/.test(line))
      .map((line) => line.slice(2, -2).split(' | '));

    expect(rows.map((row) => row[0])).toEqual(FAILURE_CODES.map((code) => `\`${code}\``));
    for (const [code, meaning, fr, en] of rows) {
      const name = String(code).replaceAll('`', '');
      expect(meaning, name).toMatch(/\w{3,}/);
      expect(fr, name).toBe(failureMessage(name, 'fr'));
      expect(en, name).toBe(failureMessage(name, 'en'));
    }
  });
});
