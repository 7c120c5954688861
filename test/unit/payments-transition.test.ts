/**
 * The transition rules (pure decision) and the one conditional write, with DynamoDB and SQS mocked.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/logger.ts';
import { metrics } from '../../shared/metrics.ts';
import type { Payment } from '../../shared/payments/model.ts';
import { OUTBOX_GRACE_SECONDS } from '../../shared/payments/store.ts';
import * as t from '../../shared/payments/transition.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);

beforeEach(() => {
  ddbMock.reset();
  sqsMock.reset();
});

function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'pay_test',
    ownerId: 'u1',
    status: 'PENDING',
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '2290166000000',
    reference: 'ref-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    events: [],
    ...overrides,
  };
}

const success = { reference: 'ref-1', status: 'SUCCESSFUL' as const, amount: 1500 };

describe('decideTransition', () => {
  it('moves PENDING forward to SUCCESSFUL or FAILED, and ignores PENDING evidence', () => {
    expect(t.decideTransition(payment(), success, 'webhook')).toMatchObject({
      kind: 'transition',
      plan: { from: 'PENDING', to: 'SUCCESSFUL' },
    });
    expect(
      t.decideTransition(
        payment(),
        { ...success, status: 'FAILED', reason: 'PAYER_NOT_FOUND' },
        'webhook',
      ),
    ).toMatchObject({
      kind: 'transition',
      plan: { to: 'FAILED', failureReason: 'PAYER_NOT_FOUND' },
    });
    expect(t.decideTransition(payment(), { ...success, status: 'PENDING' }, 'status').kind).toBe(
      'none',
    );
  });

  it('never moves a final payment, except EXPIRED → SUCCESSFUL as a late success', () => {
    expect(
      t.decideTransition(
        payment({ status: 'SUCCESSFUL' }),
        { ...success, status: 'FAILED' },
        'webhook',
      ).kind,
    ).toBe('none');
    expect(t.decideTransition(payment({ status: 'FAILED' }), success, 'webhook').kind).toBe('none');
    expect(
      t.decideTransition(
        payment({ status: 'EXPIRED' }),
        { ...success, status: 'FAILED' },
        'webhook',
      ).kind,
    ).toBe('none');
    expect(t.decideTransition(payment({ status: 'EXPIRED' }), success, 'reconciler')).toMatchObject(
      {
        kind: 'transition',
        plan: { from: 'EXPIRED', to: 'SUCCESSFUL', lateSuccess: true },
      },
    );
  });

  it('FAILED → SUCCESSFUL only for a failure we concluded ourselves, and only on FeexPay tying its transaction to the payment', () => {
    const localFailure = payment({
      status: 'FAILED',
      reference: undefined,
      failureReason: 'PROVIDER_UNAVAILABLE',
    });
    const linked = { ...success, callbackInfo: 'pay_test' };
    expect(t.decideTransition(localFailure, linked, 'webhook')).toMatchObject({
      kind: 'transition',
      plan: {
        from: 'FAILED',
        to: 'SUCCESSFUL',
        lateSuccess: true,
        storeReference: 'ref-1',
      },
    });
    // FeexPay does not tie the transaction to this payment: nothing moves.
    expect(t.decideTransition(localFailure, success, 'webhook').kind).toBe('none');
    expect(
      t.decideTransition(localFailure, { ...linked, callbackInfo: 'pay_other' }, 'webhook').kind,
    ).toBe('none');
    // The amount is still checked.
    expect(t.decideTransition(localFailure, { ...linked, amount: 1 }, 'webhook')).toMatchObject({
      rejected: 'amount_mismatch',
    });
    // A FAILED FeexPay reported (its reference stored, or its own reason) stays final.
    for (const reported of [
      payment({ status: 'FAILED', failureReason: 'PROVIDER_UNAVAILABLE' }),
      payment({ status: 'FAILED', reference: undefined, failureReason: 'PAYER_NOT_FOUND' }),
    ]) {
      expect(t.decideTransition(reported, linked, 'webhook').kind).toBe('none');
    }
  });

  it('refuses a success without the same amount and reference', () => {
    expect(
      t.decideTransition(payment(), { ...success, amount: undefined }, 'webhook'),
    ).toMatchObject({ rejected: 'amount_mismatch' });
    expect(t.decideTransition(payment(), { ...success, amount: 150 }, 'webhook')).toMatchObject({
      rejected: 'amount_mismatch',
    });
    // No currency to compare: FeexPay's answers carry none (docs/decisions.md, decision 19), and
    // the evidence type does not pretend otherwise.
    // @ts-expect-error ProviderEvidence has no currency: a check on it could never run.
    const evidence: t.ProviderEvidence = { ...success, currency: 'XAF' };
    expect(t.decideTransition(payment(), evidence, 'webhook').kind).toBe('transition');
    expect(
      t.decideTransition(payment(), { ...success, reference: 'other' }, 'webhook'),
    ).toMatchObject({ rejected: 'reference_mismatch' });
  });

  it('stores FeexPay’s reference when the initiation outcome was unknown', () => {
    const decision = t.decideTransition(payment({ reference: undefined }), success, 'webhook');
    expect(decision).toMatchObject({ kind: 'transition', plan: { storeReference: 'ref-1' } });
  });
});

describe('applyProviderResult', () => {
  it('writes ONE conditional UpdateItem (status, event, outbox), then queues the notification and leaves the outbox to the notifier', async () => {
    const current = payment();
    ddbMock
      .on(UpdateCommand)
      .resolvesOnce({
        Attributes: {
          ...current,
          status: 'SUCCESSFUL',
          outbox: {
            webhookId: 'evt_pay_test_succeeded',
            type: 'payment.succeeded',
            timestamp: 'x',
          },
        },
      })
      .resolves({});

    sqsMock.on(SendMessageCommand).resolves({});
    const result = await t.applyProviderResult('pay_test', success, 'webhook', { current });
    expect(result.changed).toBe(true);
    expect(result.payment.status).toBe('SUCCESSFUL');

    const updates = ddbMock.commandCalls(UpdateCommand);
    const transition = updates[0]?.args[0].input;
    expect(transition?.ConditionExpression).toContain('#status = :from');
    expect(transition?.ExpressionAttributeValues?.[':from']).toBe('PENDING');
    expect(transition?.UpdateExpression).toContain('list_append');
    expect(transition?.UpdateExpression).toContain('gsi3pk = :outboxPk');
    const message = transition?.ExpressionAttributeValues?.[':outbox'];
    expect(message).toMatchObject({
      webhookId: 'evt_pay_test_succeeded',
      type: 'payment.succeeded',
    });
    // The outbox keeps the envelope only: the item itself is the notification's data.
    expect(message).not.toHaveProperty('data');

    const sent = JSON.parse(
      String(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody),
    );
    expect(sent.webhookId).toBe('evt_pay_test_succeeded');
    // The queued notification carries the payment as written (status after the transition).
    expect(sent.data).toMatchObject({ id: 'pay_test', status: 'SUCCESSFUL' });
    expect(sent.data.phoneNumber).toBe('229******0000');
    // The OUTBOX index entry falls due only after the grace period: the notifier's attempt write
    // removes it before then, so the reconciler re-sends only what the notifier never took over.
    const due = Date.parse(String(transition?.ExpressionAttributeValues?.[':outboxDue']));
    const at = Date.parse(String(transition?.ExpressionAttributeValues?.[':now']));
    expect(due - at).toBe(OUTBOX_GRACE_SECONDS * 1000);
    expect(updates).toHaveLength(1);
  });

  it('a lost race re-reads the item and reports no change', async () => {
    ddbMock
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    ddbMock.on(GetCommand).resolves({
      Item: { ...payment({ status: 'SUCCESSFUL' }), pk: 'PAYMENT#pay_test', sk: 'PAYMENT' },
    });
    const result = await t.applyProviderResult('pay_test', success, 'webhook', {
      current: payment(),
    });
    expect(result.changed).toBe(false);
    expect(result.payment.status).toBe('SUCCESSFUL');
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('a success FeexPay confirms for a payment it reported FAILED writes nothing, but is logged as an error and counted', async () => {
    const counted = vi.spyOn(metrics, 'addMetric');
    const logged = vi.spyOn(logger, 'error');
    const result = await t.applyProviderResult('pay_test', success, 'webhook', {
      current: payment({ status: 'FAILED', failureReason: 'PAYER_NOT_FOUND' }),
    });
    expect(result).toMatchObject({ changed: false, payment: { status: 'FAILED' } });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(counted).toHaveBeenCalledWith('SuccessOnFailedPayment', 'Count', 1);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('FeexPay confirms a success'),
      expect.objectContaining({ paymentId: 'pay_test', reference: 'ref-1' }),
    );
    counted.mockRestore();
    logged.mockRestore();
  });

  it('an amount mismatch writes nothing and reports it', async () => {
    const result = await t.applyProviderResult('pay_test', { ...success, amount: 1 }, 'webhook', {
      current: payment(),
    });
    expect(result).toMatchObject({ changed: false, rejected: 'amount_mismatch' });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('a notification SQS refuses stays in the outbox for the reconciler', async () => {
    ddbMock.on(UpdateCommand).resolves({
      Attributes: { ...payment(), status: 'FAILED', outbox: { webhookId: 'evt_pay_test_failed' } },
    });
    sqsMock.on(SendMessageCommand).rejects(new Error('SQS down'));
    const result = await t.applyProviderResult(
      'pay_test',
      { ...success, status: 'FAILED' },
      'webhook',
      { current: payment() },
    );
    expect(result.changed).toBe(true);
    // Only the transition was written; the outbox was not cleared.
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
  });
});
