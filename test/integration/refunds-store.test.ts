/**
 * The refund guarantee against DynamoDB Local, at the store (shared/payouts/store.ts): concurrent
 * refunds reserve their amounts on the payment with a conditional write in the same transaction as
 * each refund, so their sum never exceeds the amount paid (docs/refunds-and-payouts.md,
 * "Reserving the amount"); a FAILED refund frees its amount, a SUCCESSFUL one counts in
 * `amountRefunded`, and a final payout never moves again.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws.ts';
import { ddb } from '../../shared/clients/dynamodb.ts';
import { overrideConfig } from '../../shared/config.ts';
import { paymentKey } from '../../shared/keys.ts';
import * as payments from '../../shared/payments/store.ts';
import type { Payout } from '../../shared/payouts/model.ts';
import * as payouts from '../../shared/payouts/store.ts';
import { testTable } from '../support/dynamodb.ts';

let tableName = '';

beforeAll(async () => {
  const table = await testTable('refunds-store');
  tableName = table.tableName;
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
  });
  overrideConfig({ tableName });
}, 60_000);

async function paidPayment(amount: number, status = 'SUCCESSFUL'): Promise<string> {
  const id = `pay_${randomUUID().replace(/-/g, '').slice(0, 26)}`;
  const at = new Date().toISOString();
  await ddb.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...paymentKey(id),
        id,
        status,
        amount,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290166000000',
        ownerId: 'customer',
        createdAt: at,
        updatedAt: at,
        events: [],
      },
    }),
  );
  return id;
}

function newRefund(paymentId: string, amount: number): Payout & { paymentId: string } {
  const at = new Date().toISOString();
  return {
    id: `rf_${randomUUID().replace(/-/g, '').slice(0, 26)}`,
    purpose: 'refund',
    merchantId: 'shop',
    status: 'PENDING',
    amount,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '2290166000000',
    motif: 'Remboursement',
    paymentId,
    createdAt: at,
    updatedAt: at,
    requestHash: randomUUID(),
    events: [],
  };
}

/** The use case's loop: try again while another transaction held the payment item. */
async function reserve(paymentId: string, amount: number) {
  for (;;) {
    const refund = newRefund(paymentId, amount);
    const result = await payouts.createRefund(refund, 1000, new Date());
    if (result.created) return { created: true as const, refund };
    if (result.reason !== 'conflict') return { created: false as const, result };
  }
}

describe('refund reservations', () => {
  it('20 concurrent refunds of 150 on a payment of 1000: exactly 6 fit, never more', async () => {
    const paymentId = await paidPayment(1000);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => reserve(paymentId, 150)));
    const created = outcomes.filter((o) => o.created);
    expect(created).toHaveLength(6);
    for (const refused of outcomes.filter((o) => !o.created)) {
      expect(refused.result).toMatchObject({
        created: false,
        reason: 'payment',
        payment: { status: 'SUCCESSFUL', amount: 1000 },
      });
    }
    const payment = await payments.get(paymentId, { consistent: true });
    expect(payment?.amountReserved).toBe(900);
    expect(payment?.refunds).toHaveLength(6);
    // The refunds the payment names are the ones written.
    const written = await payouts.getMany(payment?.refunds ?? []);
    expect(written.map((r) => r.amount)).toEqual(Array(6).fill(150));
  });

  it('a refund never reserves on a payment that is not SUCCESSFUL', async () => {
    const paymentId = await paidPayment(1000, 'FAILED');
    const outcome = await reserve(paymentId, 100);
    expect(outcome).toMatchObject({ created: false, result: { reason: 'payment' } });
    expect((await payments.get(paymentId, { consistent: true }))?.amountReserved).toBeUndefined();
  });

  it('FAILED frees the amount, SUCCESSFUL counts it refunded, and a final refund never moves again', async () => {
    const paymentId = await paidPayment(1000);
    const failing = await reserve(paymentId, 600);
    const paying = await reserve(paymentId, 400);
    if (!failing.created || !paying.created) throw new Error('both should fit');
    const now = new Date();
    const failed = await payouts.transition(
      failing.refund,
      {
        from: 'PENDING',
        to: 'FAILED',
        source: 'reconciler',
        failureReason: 'X',
        failureCode: 'unknown',
        storeReference: 'ref-f',
      },
      now,
    );
    expect(failed?.status).toBe('FAILED');
    const paid = await payouts.transition(
      paying.refund,
      { from: 'PENDING', to: 'SUCCESSFUL', source: 'reconciler', storeReference: 'ref-s' },
      now,
    );
    expect(paid?.status).toBe('SUCCESSFUL');
    expect(paid?.outbox?.type).toBe('refund.succeeded');
    let payment = await payments.get(paymentId, { consistent: true });
    expect(payment?.amountReserved).toBe(400);
    expect(payment?.amountRefunded).toBe(400);
    // The freed 600 can be reserved again.
    expect((await reserve(paymentId, 600)).created).toBe(true);
    // Final states never move back (the writes are conditional on PENDING).
    const again = await payouts.transition(
      { ...paying.refund, reference: 'ref-s' },
      { from: 'PENDING', to: 'FAILED', source: 'webhook', failureReason: 'late' },
      now,
    );
    expect(again).toBeUndefined();
    payment = await payments.get(paymentId, { consistent: true });
    expect(payment?.amountReserved).toBe(1000);
    expect(payment?.amountRefunded).toBe(400);
    expect((await payouts.get(paying.refund.id, { consistent: true }))?.status).toBe('SUCCESSFUL');
  });
});
