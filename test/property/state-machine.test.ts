/**
 * Property tests of the payment state machine (shared/payments/transition.ts). Sequences of
 * evidence (FeexPay saying PENDING / SUCCESSFUL / FAILED with the right or a wrong amount,
 * reference or callback_info; FeexPay names no currency: docs/decisions.md, decision 19), the reconciler's expiry, and initiation's own failure
 * conclusion (FeexPay unavailable: FAILED `PROVIDER_UNAVAILABLE`, no reference) are applied:
 *
 * 1. to the pure rules (`decideTransition`), many runs;
 * 2. to a real item in DynamoDB Local through the real `applyProviderResult` / `expirePayment`,
 *    a few runs, some steps racing each other.
 *
 * In both: no backwards move, a final state is only ever left for SUCCESSFUL, from EXPIRED or from
 * a FAILED we concluded ourselves (never from a FAILED FeexPay reported), SUCCESSFUL only with the
 * payment's amount, one `status_changed` event (and one notification) per change.
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '../../local/aws.ts';
import { createQueues, type SqsEmulator, startSqs } from '../../local/sqs.ts';
import { overrideConfig } from '../../shared/config.ts';
import type { Payment, PaymentStatus } from '../../shared/payments/model.ts';
import * as payments from '../../shared/payments/store.ts';
import * as transition from '../../shared/payments/transition.ts';
import { testTable } from '../support/dynamodb.ts';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const DB_RUNS = Number(process.env.FC_DB_RUNS ?? 25);

const ALLOWED = new Set([
  'PENDING>SUCCESSFUL',
  'PENDING>FAILED',
  'PENDING>EXPIRED',
  'EXPIRED>SUCCESSFUL',
  // Only for a failure we concluded ourselves, when FeexPay ties its transaction to the payment.
  'FAILED>SUCCESSFUL',
]);
const LOCAL_REASON = 'PROVIDER_UNAVAILABLE';
const AMOUNT = 1500;
const REFERENCE = 'ref-0001';

type Step =
  | {
      kind: 'evidence';
      status: 'PENDING' | 'SUCCESSFUL' | 'FAILED';
      amount: 'right' | 'wrong' | 'missing';
      reference: 'right' | 'wrong';
      callbackInfo: 'ours' | 'other' | 'absent';
    }
  | { kind: 'expire' }
  /** Initiation concluded FeexPay was unavailable: PENDING → FAILED, only before any reference. */
  | { kind: 'unavailable' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('evidence' as const),
      status: fc.constantFrom('PENDING' as const, 'SUCCESSFUL' as const, 'FAILED' as const),
      amount: fc.constantFrom(
        'right' as const,
        'right' as const,
        'wrong' as const,
        'missing' as const,
      ),
      reference: fc.constantFrom('right' as const, 'right' as const, 'wrong' as const),
      callbackInfo: fc.constantFrom(
        'ours' as const,
        'ours' as const,
        'other' as const,
        'absent' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unavailable' as const }) },
);

function evidenceOf(step: Extract<Step, { kind: 'evidence' }>, paymentId: string) {
  return {
    reference: step.reference === 'right' ? REFERENCE : 'ref-forged',
    status: step.status,
    amount: step.amount === 'right' ? AMOUNT : step.amount === 'wrong' ? AMOUNT + 1 : undefined,
    ...(step.status === 'FAILED' ? { reason: 'DECLINED' } : {}),
    ...(step.callbackInfo === 'absent'
      ? {}
      : { callbackInfo: step.callbackInfo === 'ours' ? paymentId : 'pay_someone_else' }),
  };
}

function basePayment(id: string, withReference: boolean): Payment {
  const now = new Date().toISOString();
  return {
    id,
    ownerId: 'user-property',
    status: 'PENDING',
    amount: AMOUNT,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '2290166000000',
    createdAt: now,
    updatedAt: now,
    ...(withReference ? { reference: REFERENCE } : {}),
    events: [{ at: now, type: 'created', source: 'initiate' }],
  };
}

/** Checks a status_changed trail: chained, allowed moves only, SUCCESSFUL only when evidenced. */
function checkTrail(payment: Payment, successEvidenced: boolean, withReference: boolean) {
  const changes = payment.events.filter((e) => e.type === 'status_changed');
  let status: PaymentStatus = 'PENDING';
  for (const change of changes) {
    expect(change.from).toBe(status);
    expect(ALLOWED.has(`${change.from}>${change.to}`)).toBe(true);
    // FAILED is left only when we concluded it ourselves (FeexPay never reported it).
    if (change.from === 'FAILED') {
      const failed = changes.find((c) => c.to === 'FAILED');
      expect(failed?.source).toBe('initiate');
      expect(failed?.reason).toBe(LOCAL_REASON);
      expect(change.reference).toBeDefined();
    }
    status = change.to as PaymentStatus;
  }
  expect(payment.status).toBe(status);
  // Each state is entered at most once: no loops, no repeats.
  expect(new Set(changes.map((c) => c.to)).size).toBe(changes.length);
  if (payment.status === 'SUCCESSFUL') expect(successEvidenced).toBe(true);
  // Without a stored reference the first accepted evidence links one (the processor checks
  // callback_info before; here any reference may be linked), so only a stored one must stay.
  if (payment.reference !== undefined && withReference) expect(payment.reference).toBe(REFERENCE);
  return changes.length;
}

let sqsServer: SqsEmulator | undefined;
let notificationQueueUrl = '';

beforeAll(async () => {
  const [{ endpoint, tableName }, sqs] = await Promise.all([
    testTable('state-machine'),
    startSqs(),
  ]);
  sqsServer = sqs;
  const queues = await createQueues(sqs.endpoint, {
    prefix: `prop-${randomUUID().slice(0, 6)}-`,
    queues: ['notification'],
  });
  notificationQueueUrl = queues.notification.url;
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
  });
  overrideConfig({ tableName, notificationQueueUrl });
}, 60_000);

afterAll(async () => {
  await sqsServer?.stop();
});

/**
 * What initiation writes when FeexPay was unavailable (start-attempt.ts `recordProviderFailure`):
 * PENDING → FAILED `PROVIDER_UNAVAILABLE` with its problem answer, in the store's same write,
 * while no reference is stored.
 */
async function failLocally(id: string): Promise<{ changed: boolean }> {
  const current = await payments.get(id, { consistent: true });
  if (current?.status !== 'PENDING' || current.reference) return { changed: false };
  const plan = {
    from: 'PENDING' as const,
    to: 'FAILED' as const,
    source: 'initiate' as const,
    failureReason: LOCAL_REASON,
  };
  const problem = { status: 503, body: { code: 'provider_unavailable' } };
  const written = await payments.recordLocalFailure(
    current,
    plan,
    problem,
    new Date().toISOString(),
  );
  if (!written) return { changed: false };
  await transition.afterTransition(written, plan);
  return { changed: true };
}

describe('payment state machine (property)', () => {
  it('the pure rules: no backwards move, final states kept, SUCCESSFUL only on a matching amount', () => {
    let lateFromFailed = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.array(stepArb, { maxLength: 12 }), (withReference, steps) => {
        let payment = basePayment('pay_model', withReference);
        let successEvidenced = false;
        let changes = 0;
        for (const step of steps) {
          const before = payment.status;
          if (step.kind === 'unavailable') {
            // Initiation's own conclusion: only before FeexPay gave us any reference.
            if (before !== 'PENDING' || payment.reference) continue;
            payment = {
              ...payment,
              status: 'FAILED',
              failureReason: LOCAL_REASON,
              events: [
                ...payment.events,
                {
                  at: '',
                  type: 'status_changed',
                  source: 'initiate',
                  from: 'PENDING',
                  to: 'FAILED',
                  reason: LOCAL_REASON,
                },
              ],
            };
            changes++;
            continue;
          }
          if (step.kind === 'expire') {
            // expirePayment's rule: only a PENDING payment expires.
            if (before !== 'PENDING') continue;
            payment = {
              ...payment,
              status: 'EXPIRED',
              events: [
                ...payment.events,
                {
                  at: '',
                  type: 'status_changed',
                  source: 'reconciler',
                  from: 'PENDING',
                  to: 'EXPIRED',
                },
              ],
            };
            changes++;
            continue;
          }
          const evidence = evidenceOf(step, payment.id);
          const localFailure =
            before === 'FAILED' && !payment.reference && payment.failureReason === LOCAL_REASON;
          const decision = transition.decideTransition(payment, evidence, 'webhook');
          // A success FeexPay confirms and ties to the payment wins over our own FAILED.
          if (
            localFailure &&
            evidence.status === 'SUCCESSFUL' &&
            evidence.amount === AMOUNT &&
            evidence.callbackInfo === payment.id
          ) {
            expect(decision.kind).toBe('transition');
            lateFromFailed++;
          }
          if (decision.kind !== 'transition') continue;
          const { plan } = decision;
          expect(plan.from).toBe(before);
          expect(ALLOWED.has(`${plan.from}>${plan.to}`)).toBe(true);
          if (plan.to === 'SUCCESSFUL') {
            expect(evidence.amount).toBe(AMOUNT);
            expect(evidence.reference).toBe(payment.reference ?? evidence.reference);
            successEvidenced = step.reference === 'right' || !payment.reference;
            expect(plan.lateSuccess === true).toBe(before === 'EXPIRED' || before === 'FAILED');
          }
          if (plan.to === 'FAILED') expect(before).toBe('PENDING');
          // Out of FAILED: only our own conclusion, only to SUCCESSFUL, only when FeexPay ties
          // its transaction to this payment; the reference it links is stored.
          if (before === 'FAILED') {
            expect(localFailure).toBe(true);
            expect(plan.to).toBe('SUCCESSFUL');
            expect(evidence.callbackInfo).toBe(payment.id);
            expect(plan.storeReference).toBe(evidence.reference);
          }
          // A stored reference is never replaced by another.
          if (payment.reference) expect(evidence.reference).toBe(payment.reference);
          payment = {
            ...payment,
            status: plan.to,
            ...(plan.storeReference ? { reference: plan.storeReference } : {}),
            events: [
              ...payment.events,
              { at: '', type: 'status_changed', source: 'webhook', from: plan.from, to: plan.to },
            ],
          };
          changes++;
        }
        // The model stores whatever reference the first accepted evidence carried; with the
        // forged one that is ref-forged, so only check the trail itself here.
        const trail = payment.events.filter((e) => e.type === 'status_changed');
        expect(trail.length).toBe(changes);
        let status: PaymentStatus = 'PENDING';
        for (const change of trail) {
          expect(change.from).toBe(status);
          status = change.to as PaymentStatus;
        }
        expect(successEvidenced || payment.status !== 'SUCCESSFUL').toBe(true);
      }),
      { numRuns: RUNS },
    );
    // The generator does reach the FAILED → SUCCESSFUL move (not a vacuous pass).
    expect(lateFromFailed).toBeGreaterThan(0);
  });

  it('the real transition against DynamoDB Local, steps racing in pairs: one event and one notification per change', async () => {
    const changesById = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.array(stepArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
        async (withReference, rounds) => {
          const id = `pay_prop_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
          const created = await payments.create(basePayment(id, withReference));
          expect(created.created).toBe(true);
          let successEvidenced = false;
          const writes: Array<{ changed: boolean }> = [];
          for (const round of rounds) {
            // Steps in a round run at the same time, as a webhook and a status read would.
            const results = await Promise.all(
              round.map((step) => {
                if (step.kind === 'expire') return transition.expirePayment(id, new Date());
                if (step.kind === 'unavailable') return failLocally(id);
                const evidence = evidenceOf(step, id);
                if (
                  step.status === 'SUCCESSFUL' &&
                  step.amount === 'right' &&
                  (step.reference === 'right' || !withReference)
                )
                  successEvidenced = true;
                return transition.applyProviderResult(id, evidence, 'webhook');
              }),
            );
            writes.push(...results);
          }
          const stored = await payments.get(id, { consistent: true });
          if (!stored) throw new Error('payment vanished');
          const changes = checkTrail(stored, successEvidenced, withReference);
          // Every reported change is exactly one appended event: a lost race reports no change.
          expect(writes.filter((w) => w.changed).length).toBe(changes);
          changesById.set(id, changes);
          // The outbox holds at most the latest notification, and only after a change.
          if (stored.outbox) expect(changes).toBeGreaterThan(0);
        },
      ),
      { numRuns: DB_RUNS },
    );
    // Every change handed exactly one notification to SQS (the webhook id names payment + state).
    const sqs = new SQSClient(localClientConfig(process.env.AWS_ENDPOINT_URL_SQS as string));
    const received = new Map<string, Set<string>>();
    let total = 0;
    for (;;) {
      const batch = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: notificationQueueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 300,
          WaitTimeSeconds: 0,
        }),
      );
      if (!batch.Messages?.length) break;
      for (const message of batch.Messages) {
        const body = JSON.parse(message.Body ?? '{}') as {
          webhookId: string;
          data: { id: string };
        };
        const ids = received.get(body.data.id) ?? new Set<string>();
        ids.add(body.webhookId);
        received.set(body.data.id, ids);
        total++;
      }
    }
    sqs.destroy();
    for (const [id, changes] of changesById) expect(received.get(id)?.size ?? 0).toBe(changes);
    expect(total).toBe([...changesById.values()].reduce((a, b) => a + b, 0));
  });
});
