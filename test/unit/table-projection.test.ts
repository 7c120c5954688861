/**
 * The `byOwner` index copies only the attributes the history page returns (lib/table.ts). If
 * `toPublicPayment` ever returns a field the index does not carry, the history page would silently
 * lose it: this keeps the two in step.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_PAYMENT_ATTRIBUTES, tableDefinition } from '../../lib/table.ts';
import { type Payment, toPublicPayment } from '../../shared/payments/model.ts';
import { fromItem } from '../../shared/payments/store.ts';

/** A payment with every optional field set. */
const full: Payment = {
  id: 'pay_full',
  ownerId: 'user-1',
  status: 'FAILED',
  amount: 1500,
  currency: 'XOF',
  network: 'wave_sn',
  phoneNumber: '221770000001',
  description: 'Order 42',
  firstName: 'Aminata',
  lastName: 'Diallo',
  email: 'a@example.com',
  returnUrl: 'https://shop.example.com/back',
  metadata: { orderId: '42', gift: true, items: 2 },
  reference: 'ref-1',
  paymentUrl: 'https://pay.example.com/ref-1',
  failureReason: 'DECLINED',
  failureCode: 'declined',
  awaitingOtp: true,
  createdAt: '2026-11-26T07:00:00.000Z',
  updatedAt: '2026-11-26T07:01:00.000Z',
  lastCheckedAt: '2026-11-26T07:01:00.000Z',
  retryOf: 'pay_before',
  attempts: ['pay_after'],
  lateSuccess: true,
  events: [{ at: '2026-11-26T07:00:00.000Z', type: 'created', source: 'initiate' }],
  notifications: [],
  requestHash: 'h',
  response: { status: 201, view: { status: 'PENDING', updatedAt: '2026-11-26T07:00:00.000Z' } },
  outbox: { webhookId: 'evt_pay_full_failed', type: 'payment.failed', timestamp: 'x' },
  checkAttempts: 1,
};

describe('byOwner projection', () => {
  it('carries every field toPublicPayment returns, so a history page is the full public payment', () => {
    const index = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === 'byOwner');
    expect(index?.projection).toBe('INCLUDE');
    expect(index?.nonKeyAttributes).toEqual(PUBLIC_PAYMENT_ATTRIBUTES);
    const publicPayment = toPublicPayment(full);
    for (const key of Object.keys(publicPayment)) expect(PUBLIC_PAYMENT_ATTRIBUTES).toContain(key);

    // What a byOwner Query hands back: the keys and the projected attributes only.
    const projected: Record<string, unknown> = {
      pk: 'PAYMENT#pay_full',
      sk: 'PAYMENT',
      gsi1pk: 'OWNER#user-1',
      gsi1sk: `${full.createdAt}#pay_full`,
    };
    for (const name of PUBLIC_PAYMENT_ATTRIBUTES) {
      projected[name] = (full as unknown as Record<string, unknown>)[name];
    }
    expect(JSON.stringify(toPublicPayment(fromItem(projected)))).toBe(
      JSON.stringify(publicPayment),
    );
  });
});
