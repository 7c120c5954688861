/**
 * The reconciler: the safety net for lost, late or forged webhooks. Each run, in order:
 * `flushStaleOutboxes` (notifications nobody took over), `recheckPending` (PENDING payments due for
 * a status read; expiry of the hopeless), `watchLateSuccess` (recently EXPIRED payments FeexPay may
 * still confirm), the checkouts' steps (their notifications, their expiry: shared/checkouts/
 * reconcile.ts), the payouts' (their notifications, status reads of PENDING payouts:
 * shared/payouts/reconcile.ts) and `reportPendingAge` (the oldest PENDING payment, for the alarm). Work is
 * bounded by a batch size, a small concurrency and the time left. docs/webhooks.md, "The reconciler".
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reconcileCheckouts } from '../checkouts/reconcile.ts';
import * as config from '../config.ts';
import { type FeexPayClient, feexPayClient } from '../feexpay/client.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { expiresAt, readForExpiry } from '../payments/expiry.ts';
import * as payments from '../payments/store.ts';
import { applyProviderResult, expirePayment, flushOutbox } from '../payments/transition.ts';
import { type PayoutPassReport, reconcilePayouts } from '../payouts/reconcile.ts';
import { EXPIRED_RECHECK_SECONDS, nextCheckDelaySeconds, outboxTakeOver } from './backoff.ts';

export interface ReconcileOptions {
  now: Date;
  maxPendingSeconds: number;
  /**
   * Age after which a payment nobody can confirm expires (shared/payments/expiry.ts).
   * @default PAYMENT_UNCONFIRMED_EXPIRY_SECONDS
   */
  unconfirmedExpirySeconds?: number;
  /** Epoch ms after which no new payment is started (leave time to finish). */
  deadline: number;
  /** Payments per list per run. @default 100 */
  batchSize?: number;
  /** FeexPay status reads in flight at once. @default 4 */
  concurrency?: number;
  /** Injected in tests; production uses the cached client. */
  client?: FeexPayClient;
}

export interface ReconcileReport extends Partial<PayoutPassReport> {
  outboxFlushed: number;
  checked: number;
  fixed: number;
  expired: number;
  lateSuccess: number;
  rescheduled: number;
  checkoutOutboxFlushed: number;
  checkoutsExpired: number;
  errors: number;
  /**
   * Age of the oldest PENDING payment in the table at the end of the run (from the whole PENDING
   * index, not only the payments this run checked); 0 when none is PENDING; undefined when the
   * index could not be read (then no metric is emitted, and the alarm sees missing data).
   */
  oldestPendingAgeSeconds: number | undefined;
  /** PENDING payments in the table at the end of the run. */
  pending: number | undefined;
  /** PENDING payments older than `maxPendingSeconds` (the reconciler has not expired them yet). */
  pendingPastMaxAge: number | undefined;
}

/** The PENDING summary may use this much of the safety margin kept after `deadline`. */
const SUMMARY_GRACE_MS = 5_000;

/** What the steps of one run share. */
interface Run extends Required<Omit<ReconcileOptions, 'client'>> {
  report: ReconcileReport;
  /** FeexPay's client, fetched once per run when first needed. */
  feexPay(): Promise<FeexPayClient>;
  /**
   * Runs `work` on each id, `concurrency` at a time, starting nothing after the deadline. An error
   * on one payment is logged and counted; the rest go on.
   */
  each(ids: readonly string[], what: string, work: (id: string) => Promise<void>): Promise<void>;
}

/** One reconciliation run. */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const run = startRun(options);
  await flushStaleOutboxes(run);
  await recheckPending(run);
  await watchLateSuccess(run);
  Object.assign(run.report, await reconcileCheckouts(run));
  Object.assign(run.report, await reconcilePayouts(run));
  await reportPendingAge(run);
  return run.report;
}

function startRun(options: ReconcileOptions): Run {
  let client = options.client;
  const report: ReconcileReport = {
    outboxFlushed: 0,
    checked: 0,
    fixed: 0,
    expired: 0,
    lateSuccess: 0,
    rescheduled: 0,
    checkoutOutboxFlushed: 0,
    checkoutsExpired: 0,
    errors: 0,
    oldestPendingAgeSeconds: undefined,
    pending: undefined,
    pendingPastMaxAge: undefined,
  };
  const run: Run = {
    now: options.now,
    deadline: options.deadline,
    maxPendingSeconds: options.maxPendingSeconds,
    unconfirmedExpirySeconds:
      options.unconfirmedExpirySeconds ?? config.paymentUnconfirmedExpirySeconds(),
    batchSize: options.batchSize ?? 100,
    concurrency: options.concurrency ?? 4,
    report,
    async feexPay() {
      client ??= await feexPayClient();
      return client;
    },
    async each(ids, what, work) {
      let next = 0;
      const lane = async () => {
        while (next < ids.length && Date.now() < run.deadline) {
          const id = ids[next++] as string;
          try {
            await work(id);
          } catch (error) {
            report.errors++;
            logger.warn(`Reconciler could not ${what}; next run retries`, { paymentId: id, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(run.concurrency, ids.length) }, lane));
    },
  };
  return run;
}

/**
 * 1. Notifications a transition wrote that the notifier never took over within the grace period
 * (lost send, SQS down): send them again and take the outbox over as the notifier would have.
 */
async function flushStaleOutboxes(run: Run): Promise<void> {
  const ids = await payments.listDue('outbox', run.now, run.batchSize);
  await run.each(ids, 'flush the outbox', async (id) => {
    const payment = await payments.get(id, { consistent: true });
    const takeOver = payment && outboxTakeOver(payment);
    if (!payment || !takeOver) return;
    await flushOutbox(payment);
    await payments.releaseOutbox(id, takeOver);
    run.report.outboxFlushed++;
  });
}

/**
 * 2. PENDING payments due for a check: ask FeexPay and apply its answer; a payment still PENDING
 * is checked again later (backoff, and at the latest when it falls due to expire), or expired once
 * past its age (shared/payments/expiry.ts): after one last check that still says PENDING, or that
 * FeexPay does not know the reference (a success still wins; an unreachable FeexPay never
 * expires a payment on a guess).
 */
async function recheckPending(run: Run): Promise<void> {
  const ids = await payments.listDue('check', run.now, run.batchSize);
  await run.each(ids, 're-check the payment', async (id) => {
    const payment = await payments.get(id);
    if (payment?.status !== 'PENDING') return;
    const expiry = expiresAt(payment, run);
    const tooOld = run.now.getTime() > expiry.getTime();
    if (payment.reference) {
      run.report.checked++;
      const outcome = await readForExpiry(payment, { client: await run.feexPay() });
      if (outcome.kind === 'failed') {
        logger.warn('Reconciler status read failed', { paymentId: id, error: outcome.error });
        run.report.errors++;
      }
      if (outcome.kind === 'answer' && outcome.tx.status !== 'PENDING') {
        const result = await applyProviderResult(id, evidenceOf(outcome.tx), 'reconciler', {
          current: payment,
          now: run.now,
        });
        if (result.changed) {
          countFixed(run);
          return;
        }
        if (result.payment.status !== 'PENDING') return;
      }
      if (tooOld && outcome.kind !== 'failed') return expire(run, id);
    } else if (tooOld) {
      // Initiation outcome unknown and no webhook ever linked it: only expiry applies.
      return expire(run, id);
    }
    const attempt = payment.checkAttempts ?? 0;
    const backoff = run.now.getTime() + nextCheckDelaySeconds(attempt) * 1000;
    // Not later than its expiry (when that is still ahead), so it expires on time.
    const next = tooOld ? backoff : Math.min(backoff, expiry.getTime() + 1);
    await payments.scheduleNextCheck(id, new Date(next), attempt + 1, payment.createdAt);
    run.report.rescheduled++;
  });
}

/**
 * PENDING → EXPIRED. The late-success watch starts when the expiry notification leaves the outbox:
 * the notifier's first attempt, or `flushStaleOutboxes` of a later run.
 */
async function expire(run: Run, id: string): Promise<void> {
  const result = await expirePayment(id, run.now);
  if (!result.changed) return;
  run.report.expired++;
  logger.info('Payment expired', { paymentId: id });
}

/** 3. Recently expired payments on the watch: does FeexPay now report a success? */
async function watchLateSuccess(run: Run): Promise<void> {
  const ids = await payments.listDue('recheck', run.now, run.batchSize);
  await run.each(ids, 're-check the expired payment', async (id) => {
    const payment = await payments.get(id);
    if (payment?.status !== 'EXPIRED') return;
    const attempt = payment.recheckAttempts ?? 0;
    if (payment.reference) {
      run.report.checked++;
      const outcome = await readForExpiry(payment, { client: await run.feexPay() });
      // Unreachable: the entry stays due and the next run asks again. Unknown at FeexPay: not a
      // success (yet); the watch goes on, in case FeexPay finds the transaction later.
      if (outcome.kind === 'failed') throw outcome.error;
      if (outcome.kind === 'answer' && outcome.tx.status === 'SUCCESSFUL') {
        const result = await applyProviderResult(id, evidenceOf(outcome.tx), 'reconciler', {
          current: payment,
          now: run.now,
        });
        if (result.changed) {
          run.report.lateSuccess++;
          countFixed(run);
          return;
        }
      }
    }
    // Watched again later, or (schedule done, or nothing to ask FeexPay about) no longer.
    const delay = EXPIRED_RECHECK_SECONDS[attempt + 1];
    await payments.scheduleRecheck(
      id,
      delay === undefined || !payment.reference
        ? undefined
        : new Date(run.now.getTime() + delay * 1000),
      attempt + 1,
    );
  });
}

/**
 * 4. How old is the oldest PENDING payment, due this run or not? From the keys of every `check`
 * entry (no item read): `OldestPendingAgeSeconds`, or no metric when they could not be read.
 */
async function reportPendingAge(run: Run): Promise<void> {
  const { report } = run;
  try {
    const maxAgeCutoff = new Date(run.now.getTime() - run.maxPendingSeconds * 1000);
    const summary = await payments.summarisePending(maxAgeCutoff, run.deadline + SUMMARY_GRACE_MS);
    report.pending = summary.pending;
    report.pendingPastMaxAge = summary.olderThan;
    report.oldestPendingAgeSeconds = summary.oldestCreatedAt
      ? Math.max(0, Math.round((Date.now() - Date.parse(summary.oldestCreatedAt)) / 1000))
      : 0;
    metrics.addMetric(
      'OldestPendingAgeSeconds',
      MetricUnit.Seconds,
      report.oldestPendingAgeSeconds,
    );
  } catch (error) {
    // No metric rather than a made-up one: the alarm treats missing data as a problem.
    report.errors++;
    logger.warn('Could not summarise the PENDING payments; OldestPendingAgeSeconds not emitted', {
      error,
    });
  }
}

function countFixed(run: Run): void {
  run.report.fixed++;
  metrics.addMetric('ReconcilerFixed', MetricUnit.Count, 1);
}
