import { describe, expect, it } from 'vitest';
import {
  evidenceOf,
  isKnownStatus,
  normaliseStatus,
  parseAmount,
  textOf,
} from '../../shared/feexpay/wire.ts';
import { parseWebhookPayload } from '../../shared/webhooks/payload.ts';

describe('normaliseStatus', () => {
  it.each([
    ['SUCCESSFUL', 'SUCCESSFUL'],
    ['SUCCESS', 'SUCCESSFUL'],
    ['Successful', 'SUCCESSFUL'],
    ['FAILED', 'FAILED'],
    ['failed', 'FAILED'],
    ['PENDING', 'PENDING'],
    ['IN PENDING STATE', 'PENDING'],
    ['in  pending   state', 'PENDING'],
    ['INPROGRESS', 'PENDING'],
    ['PRE_INITIATED', 'PENDING'],
    // Never finalise a payment on a value we do not know.
    ['REFUNDED', 'PENDING'],
    ['', 'PENDING'],
    [undefined, 'PENDING'],
    [42, 'PENDING'],
  ])('%j → %s', (raw, expected) => {
    expect(normaliseStatus(raw)).toBe(expected);
  });

  it('tells the words FeexPay is known to send from the ones it is not', () => {
    expect(isKnownStatus(' In Pending State ')).toBe(true);
    expect(isKnownStatus('SUCCESS')).toBe(true);
    expect(isKnownStatus('REFUNDED')).toBe(false);
    expect(isKnownStatus(undefined)).toBe(false);
  });
});

describe('parseAmount', () => {
  it.each([
    [100, 100],
    ['100', 100],
    [' 100.0 ', 100],
    [0, 0],
  ])('%j → %j', (raw, expected) => {
    expect(parseAmount(raw)).toBe(expected);
  });

  it.each([['1e3'], ['-5'], [-5], [''], ['lots'], [null], [undefined], [Number.NaN], [{}]])(
    'refuses %j rather than guess',
    (raw) => {
      expect(parseAmount(raw)).toBeUndefined();
    },
  );
});

describe('textOf', () => {
  it('trims strings, turns finite numbers into text, and drops the rest', () => {
    expect(textOf('  abc ')).toBe('abc');
    expect(textOf('   ')).toBeUndefined();
    expect(textOf(22997000000)).toBe('22997000000');
    expect(textOf(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(textOf({ a: 1 })).toBeUndefined();
  });
});

describe('one reading for both ways FeexPay speaks', () => {
  it('a webhook and a status answer with the same words read the same', () => {
    for (const [status, amount] of [
      ['in pending state', '1500'],
      ['Successful', ' 1500.0 '],
      ['FAILED', '1e3'],
    ] as const) {
      const webhook = parseWebhookPayload({ reference: 'r1', status, amount });
      expect(webhook.ok && webhook.claim.claimedStatus).toBe(normaliseStatus(status));
      expect(webhook.ok && webhook.claim.amount).toBe(parseAmount(amount));
    }
  });

  it('evidence carries only what FeexPay said', () => {
    expect(
      evidenceOf({ reference: 'r1', status: 'FAILED', amount: 100, reason: '', callbackInfo: 'p' }),
    ).toEqual({ reference: 'r1', status: 'FAILED', amount: 100, callbackInfo: 'p' });
  });
});
