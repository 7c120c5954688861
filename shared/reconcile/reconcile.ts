/**
 * The reconciler: the safety net for lost, late or forged webhooks. Each run
 *
 * 1. flushes notifications left in the transactional outbox past their grace period, i.e. never
 *    taken over by the notifier (`listOutboxDue` → `flushOutbox` with `clear`);
 * 2. re-checks PENDING payments that are due (byPendingCheck index, never a Scan) with FeexPay's
 *    status endpoint and applies the answer through the transition function; a payment still
 *    PENDING is rescheduled with per-payment backoff, or expired once older than
 *    PAYMENT_MAX_PENDING_SECONDS (after one last check: a success still wins);
 * 3. re-checks recently EXPIRED payments, so a success FeexPay confirms late is recorded (late
 *    success, counted);
 * 4. reads the keys of the whole PENDING index and emits `OldestPendingAgeSeconds`: the age of the
 *    oldest PENDING payment in the table, due or not (docs/webhooks.md, "The reconciler").
 *
 * Work is bounded by a batch size, a small concurrency and the time left in the invocation.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type FeexPayClient, feexPayClient } from '../feexpay/client.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import type { Payment } from '../payments/model.ts';
import {
  getPayment,
  listOutboxDue,
  listPendingDue,
  scheduleNextCheck,
  summarisePending,
} from '../payments/repository.ts';
import { applyProviderResult, expirePayment, flushOutbox } from '../payments/transition.ts';
import { EXPIRED_RECHECK_SECONDS, nextCheckDelaySeconds, recheckStart } from './backoff.ts';
import { listRecheckDue, scheduleRecheck } from './recheck.ts';

export interface ReconcileOptions {
  now: Date;
  maxPendingSeconds: number;
  /** Epoch ms after which no new payment is started (leave time to finish). */
  deadline: number;
  /** Payments per list per run. @default 100 */
  batchSize?: number;
  /** FeexPay status reads in flight at once. @default 4 */
  concurrency?: number;
  /** Injected in tests; production uses the cached client. */
  client?: FeexPayClient;
}

export interface ReconcileReport {
  outboxFlushed: number;
  checked: number;
  fixed: number;
  expired: number;
  lateSuccess: number;
  rescheduled: number;
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

/** Runs `work` over `items`, `limit` at a time, starting nothing after `deadline`. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  deadline: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && Date.now() < deadline) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function ageSeconds(payment: Payment, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(payment.createdAt)) / 1000);
}

/** One reconciliation run. Errors on one payment are logged and counted; the rest go on. */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const { now, deadline } = options;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 4;
  const report: ReconcileReport = {
    outboxFlushed: 0,
    checked: 0,
    fixed: 0,
    expired: 0,
    lateSuccess: 0,
    rescheduled: 0,
    errors: 0,
    oldestPendingAgeSeconds: undefined,
    pending: undefined,
    pendingPastMaxAge: undefined,
  };
  let client = options.client;
  const feexPay = async () => {
    client ??= await feexPayClient();
    return client;
  };
  const guarded = (what: string, work: (id: string) => Promise<void>) => async (id: string) => {
    try {
      await work(id);
    } catch (error) {
      report.errors++;
      logger.warn(`Reconciler could not ${what}; next run retries`, { paymentId: id, error });
    }
  };

  // 1. Notifications written by a transition but never handed to SQS.
  const outbox = await listOutboxDue(now, batchSize);
  await forEachBounded(
    outbox,
    concurrency,
    deadline,
    guarded('flush the outbox', async (id) => {
      const payment = await getPayment(id, { consistent: true });
      if (!payment?.outbox) return;
      await flushOutbox(payment, { clear: true });
      report.outboxFlushed++;
      if (payment.status === 'EXPIRED') {
        // The watch starts from the expiry, as when the notifier takes the outbox over.
        await scheduleRecheck(id, recheckStart(payment.updatedAt), 0);
      }
    }),
  );

  // 2. PENDING payments due for a check.
  const pending = await listPendingDue(now, batchSize);
  await forEachBounded(
    pending,
    concurrency,
    deadline,
    guarded('re-check the payment', async (id) => {
      const payment = await getPayment(id);
      if (payment?.status !== 'PENDING') return;
      const age = ageSeconds(payment, now);
      const tooOld = age > options.maxPendingSeconds;
      if (payment.reference) {
        report.checked++;
        let status: Awaited<ReturnType<FeexPayClient['getStatus']>> | undefined;
        try {
          status = await (await feexPay()).getStatus(payment.reference);
        } catch (error) {
          // FeexPay unreachable: never expire on a guess; try again later.
          logger.warn('Reconciler status read failed', { paymentId: id, error });
          report.errors++;
        }
        if (status && status.status !== 'PENDING') {
          const result = await applyProviderResult(id, evidenceOf(status), 'reconciler', {
            current: payment,
            now,
          });
          if (result.changed) {
            report.fixed++;
            metrics.addMetric('ReconcilerFixed', MetricUnit.Count, 1);
            return;
          }
          if (result.payment.status !== 'PENDING') return;
        }
        if (tooOld && status) {
          await expire(id);
          return;
        }
      } else if (tooOld) {
        // Initiation outcome unknown and no webhook ever linked it: only expiry applies.
        await expire(id);
        return;
      }
      const attempt = payment.checkAttempts ?? 0;
      const delay = nextCheckDelaySeconds(attempt);
      await scheduleNextCheck(
        id,
        new Date(now.getTime() + delay * 1000),
        attempt + 1,
        payment.createdAt,
      );
      report.rescheduled++;
    }),
  );

  async function expire(id: string): Promise<void> {
    const result = await expirePayment(id, now);
    if (!result.changed) return;
    report.expired++;
    // The late-success watch starts when the expiry notification leaves the outbox: the
    // notifier's first attempt, or step 1 of a later run if the notifier never took it over.
    logger.info('Payment expired', { paymentId: id });
  }

  // 3. Recently expired payments: does FeexPay now report a success?
  const recheck = await listRecheckDue(now, batchSize);
  await forEachBounded(
    recheck,
    concurrency,
    deadline,
    guarded('re-check the expired payment', async (id) => {
      const payment = await getPayment(id);
      if (payment?.status !== 'EXPIRED') return;
      const attempt = (payment as Payment & { recheckAttempts?: number }).recheckAttempts ?? 0;
      if (payment.reference) {
        report.checked++;
        const status = await (await feexPay()).getStatus(payment.reference);
        if (status.status === 'SUCCESSFUL') {
          const result = await applyProviderResult(id, evidenceOf(status), 'reconciler', {
            current: payment,
            now,
          });
          if (result.changed) {
            report.fixed++;
            report.lateSuccess++;
            metrics.addMetric('ReconcilerFixed', MetricUnit.Count, 1);
            return;
          }
        }
      }
      const delay = EXPIRED_RECHECK_SECONDS[attempt + 1];
      await scheduleRecheck(
        id,
        delay === undefined || !payment.reference
          ? undefined
          : new Date(now.getTime() + delay * 1000),
        attempt + 1,
      );
    }),
  );

  // 4. How old is the oldest PENDING payment, whether or not it was due this run?
  try {
    const maxAgeCutoff = new Date(now.getTime() - options.maxPendingSeconds * 1000);
    const summary = await summarisePending(maxAgeCutoff, deadline + SUMMARY_GRACE_MS);
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
  return report;
}

/** The PENDING summary may use this much of the safety margin kept after `deadline`. */
const SUMMARY_GRACE_MS = 5_000;
