import { describe, expect, it } from 'vitest';
import { dedupeKeyOf, parseWebhookPayload } from '../../shared/webhooks/payload.ts';

describe('parseWebhookPayload (tolerant: FeexPay documents no schema)', () => {
  it('reads the documented payload and ignores unknown fields', () => {
    const result = parseWebhookPayload({
      reference: ' 6a00a986-fcb9-4491-93d5-28693034ef95 ',
      status: 'Successful',
      amount: '1500',
      callback_info: 'pay_1',
      phoneNumber: 22997000000,
      reseau: 'MTN CI',
      brand_new_field: [1, 2],
    });
    expect(result).toEqual({
      ok: true,
      claim: {
        reference: '6a00a986-fcb9-4491-93d5-28693034ef95',
        claimedStatus: 'SUCCESSFUL',
        rawStatus: 'Successful',
        amount: 1500,
        callbackInfo: 'pay_1',
        reason: undefined,
        network: 'MTN CI',
      },
    });
  });

  it.each([
    ['SUCCESS', 'SUCCESSFUL'],
    ['FAILED', 'FAILED'],
    ['IN PENDING STATE', 'PENDING'],
    [undefined, 'PENDING'],
  ])('normalises status %s to %s', (status, expected) => {
    const result = parseWebhookPayload({ reference: 'AG_20251202_701033309a4e1387a99b', status });
    expect(result.ok && result.claim.claimedStatus).toBe(expected);
  });

  it('drops an amount it cannot read instead of failing', () => {
    const result = parseWebhookPayload({ reference: 'r1', amount: 'lots' });
    expect(result.ok && result.claim.amount).toBeUndefined();
  });

  it.each([
    [{}, 'reference'],
    [{ reference: '' }, 'reference'],
    [{ reference: 'has spaces in it' }, 'reference'],
    [{ reference: 'x'.repeat(129) }, 'reference'],
    [[], '(body)'],
    ['text', '(body)'],
  ])('refuses %j naming %s', (body, field) => {
    const result = parseWebhookPayload(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fields[0]?.field).toBe(field);
  });

  it('keys duplicates by reference and outcome, so a new outcome is a new event', () => {
    expect(dedupeKeyOf({ reference: 'r1', claimedStatus: 'SUCCESSFUL' })).toBe('r1#SUCCESSFUL');
    expect(dedupeKeyOf({ reference: 'r1', claimedStatus: 'FAILED' })).not.toBe(
      dedupeKeyOf({ reference: 'r1', claimedStatus: 'SUCCESSFUL' }),
    );
  });
});
