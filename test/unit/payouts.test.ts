/**
 * The payout rules as pure functions: the transition (forward only, SUCCESSFUL only with our
 * reference and amount, a transaction FeexPay does not tie to the payout refused), the failure
 * codes (a low FeexPay balance is `insufficient_balance`), FeexPay's payout limits and the body
 * FeexPay receives (docs/refunds-and-payouts.md).
 */
import { describe, expect, it } from 'vitest';
import { payoutNotificationFor } from '../../scripts/resend-notifications.ts';
import { PAYOUT_ROUTES, payoutBody } from '../../shared/feexpay/payout.ts';
import { payoutFailureCodeOf, payoutFailureMessage } from '../../shared/payouts/failure-codes.ts';
import {
  isPayoutId,
  type Payout,
  payoutIdFor,
  toPublicPayout,
} from '../../shared/payouts/model.ts';
import { payoutLimitProblem } from '../../shared/payouts/schemas.ts';
import { decidePayout } from '../../shared/payouts/settle.ts';
import { findNetwork, type Network } from '../../shared/providers.ts';

const payout: Payout = {
  id: payoutIdFor('payout', 'shop', 'key-1'),
  purpose: 'payout',
  merchantId: 'shop',
  status: 'PENDING',
  amount: 1500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '2290166000050',
  motif: 'Vendeur 118',
  reference: 'ref-1',
  createdAt: '2026-05-04T10:00:00.000Z',
  updatedAt: '2026-05-04T10:00:00.000Z',
  requestHash: 'h',
  events: [],
};

const net = (id: string) => findNetwork(id) as Network;

describe('decidePayout', () => {
  it('SUCCESSFUL only for our reference (any letter case) and our amount', () => {
    expect(
      decidePayout(payout, { reference: 'REF-1', status: 'SUCCESSFUL', amount: 1500 }, 'webhook'),
    ).toMatchObject({ kind: 'transition', plan: { from: 'PENDING', to: 'SUCCESSFUL' } });
    expect(
      decidePayout(payout, { reference: 'ref-1', status: 'SUCCESSFUL', amount: 1400 }, 'webhook'),
    ).toMatchObject({ kind: 'rejected', rejected: 'amount_mismatch' });
    expect(
      decidePayout(
        payout,
        { reference: 'ref-1', status: 'SUCCESSFUL', amount: undefined },
        'webhook',
      ),
    ).toMatchObject({ kind: 'rejected', rejected: 'amount_mismatch' });
    expect(
      decidePayout(payout, { reference: 'ref-2', status: 'SUCCESSFUL', amount: 1500 }, 'webhook'),
    ).toMatchObject({ kind: 'rejected', rejected: 'reference_mismatch' });
  });

  it('without a stored reference, only a transaction FeexPay ties to the payout by callback_info', () => {
    const unknown = { ...payout, reference: undefined };
    expect(
      decidePayout(unknown, { reference: 'r', status: 'SUCCESSFUL', amount: 1500 }, 'webhook'),
    ).toMatchObject({ kind: 'rejected' });
    expect(
      decidePayout(
        unknown,
        { reference: 'r', status: 'SUCCESSFUL', amount: 1500, callbackInfo: payout.id },
        'webhook',
      ),
    ).toMatchObject({ kind: 'transition', plan: { to: 'SUCCESSFUL', storeReference: 'r' } });
  });

  it('FAILED carries the reason and its payout failure code; PENDING changes nothing', () => {
    expect(
      decidePayout(
        payout,
        { reference: 'ref-1', status: 'FAILED', amount: 1500, reason: 'INSUFFICIENT_BALANCE' },
        'reconciler',
      ),
    ).toMatchObject({
      kind: 'transition',
      plan: {
        to: 'FAILED',
        failureReason: 'INSUFFICIENT_BALANCE',
        failureCode: 'insufficient_balance',
      },
    });
    expect(
      decidePayout(payout, { reference: 'ref-1', status: 'PENDING', amount: 1500 }, 'reconciler'),
    ).toMatchObject({ kind: 'none' });
  });

  it('final states never move back', () => {
    for (const status of ['SUCCESSFUL', 'FAILED'] as const) {
      for (const evidence of ['SUCCESSFUL', 'FAILED'] as const) {
        expect(
          decidePayout(
            { ...payout, status },
            { reference: 'ref-1', status: evidence, amount: 1500 },
            'webhook',
          ).kind,
        ).toBe('none');
      }
    }
  });
});

describe('payout failure codes', () => {
  it('every way FeexPay says the balance is too low is insufficient_balance', () => {
    for (const said of [
      'INSUFFICIENT_BALANCE',
      'Solde insuffisant',
      'Insufficient funds',
      'LOW_BALANCE_OR_PAYEE_LIMIT_REACHED_OR_NOT_ALLOWED',
    ]) {
      expect(payoutFailureCodeOf(said), said).toBe('insufficient_balance');
    }
    expect(payoutFailureCodeOf('PAYEE_NOT_FOUND')).toBe('invalid_number');
    expect(payoutFailureCodeOf({ reason: 'channel not configured', httpStatus: 404 })).toBe(
      'provider_rejected',
    );
    expect(payoutFailureCodeOf('something new')).toBe('unknown');
  });

  it('has French first, English on request, and reads an unknown code as unknown', () => {
    expect(payoutFailureMessage('insufficient_balance')).toMatch(/^Solde FeexPay insuffisant/);
    expect(payoutFailureMessage('insufficient_balance', 'en')).toMatch(/balance is too low/);
    expect(payoutFailureMessage('nope')).toBe(payoutFailureMessage('unknown'));
  });
});

describe('FeexPay payout limits', () => {
  it('minimums per country, the per-payout maximum, and the networks FeexPay cannot pay out to', () => {
    expect(payoutLimitProblem(net('mtn'), 50)).toBeUndefined();
    expect(payoutLimitProblem(net('mtn'), 49)?.code).toBe('payout_amount_out_of_range');
    expect(payoutLimitProblem(net('wave_sn'), 99)?.message.en).toContain('at least 100 XOF');
    expect(payoutLimitProblem(net('mtn_cg'), 100_000)).toBeUndefined();
    expect(payoutLimitProblem(net('mtn_cg'), 100_001)?.message.en).toContain('at most 100000');
    for (const id of ['orange_bf', 'wave_bf', 'coris']) {
      expect(payoutLimitProblem(net(id), 1000)?.code, id).toBe('payout_network_unsupported');
    }
  });

  it('sends FeexPay the documented body: network names where its table shows them, motif cleaned', () => {
    expect(
      payoutBody(
        {
          network: 'moov',
          amount: 1000,
          phoneNumber: '2290166000050',
          motif: 'Café n°12',
          callbackInfo: 'po_x',
        },
        PAYOUT_ROUTES.moov as NonNullable<(typeof PAYOUT_ROUTES)['moov']>,
        'shop1',
      ),
    ).toEqual({
      phoneNumber: '2290166000050',
      amount: 1000,
      shop: 'shop1',
      motif: 'Cafe n 12',
      network: 'MOOV',
      callback_info: 'po_x',
    });
    expect(PAYOUT_ROUTES.wave_ci).toEqual({ path: 'wave_ci', minAmount: 100 });
    expect(PAYOUT_ROUTES.togocom_tg).toMatchObject({ path: 'togo', network: 'TOGOCOM TG' });
  });
});

describe('the payout’s ids and view', () => {
  it('ids are stable per (purpose, merchant, key) and masked phones only', () => {
    expect(payoutIdFor('refund', 'shop', 'k')).toBe(payoutIdFor('refund', 'shop', 'k'));
    expect(payoutIdFor('refund', 'shop', 'k')).not.toBe(payoutIdFor('payout', 'shop', 'k'));
    expect(isPayoutId(payoutIdFor('refund', 'a', 'b'))).toBe(true);
    expect(isPayoutId('pay_abc')).toBe(false);
    const view = toPublicPayout({ ...payout, status: 'FAILED', failureReason: 'X' });
    expect(view.phoneNumber).toBe('229******0050');
    expect(view).toMatchObject({ failureCode: 'unknown', failureReason: 'X' });
    expect(view).not.toHaveProperty('merchantId');
  });
});

describe('the re-send tool', () => {
  it('rebuilds a settled refund’s notification under its original webhook-id; refuses a PENDING one', () => {
    const refund: Payout = {
      ...payout,
      id: payoutIdFor('refund', 'shop', 'k'),
      purpose: 'refund',
      paymentId: 'pay_x',
      status: 'SUCCESSFUL',
      events: [
        {
          at: '2026-05-04T10:01:00.000Z',
          type: 'status_changed',
          source: 'webhook',
          from: 'PENDING',
          to: 'SUCCESSFUL',
        },
      ],
    };
    expect(payoutNotificationFor(refund)).toMatchObject({
      webhookId: `evt_${refund.id}_succeeded`,
      type: 'refund.succeeded',
      timestamp: '2026-05-04T10:01:00.000Z',
      data: { id: refund.id, paymentId: 'pay_x', status: 'SUCCESSFUL' },
      replay: true,
    });
    expect(() => payoutNotificationFor(payout)).toThrow(/still PENDING/);
  });
});
