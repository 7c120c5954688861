/**
 * The reconciler's payout steps (shared/reconcile/reconcile.ts runs them each pass): re-send
 * payout notifications nobody took over, read the status of PENDING payouts that are due (a lost
 * webhook is settled here), and report the age of the oldest PENDING payout for its alarm. A
 * payout is never re-sent and never failed on a guess: one FeexPay does not answer for stays
 * PENDING, read again with backoff, until FeexPay settles it or on-call does
 * (docs/runbooks.md, "Payout stuck PENDING").
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FeexPayClient } from '../feexpay/client.ts';
import { evidenceOf } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { nextCheckDelaySeconds } from '../reconcile/backoff.ts';
import { applyPayoutEvidence, flushPayoutOutbox } from './settle.ts';
import * as payouts from './store.ts';

export interface PayoutPass {
  now: Date;
  batchSize: number;
  deadline: number;
  feexPay(): Promise<FeexPayClient>;
  each(ids: readonly string[], what: string, work: (id: string) => Promise<void>): Promise<void>;
}

export interface PayoutPassReport {
  payoutOutboxFlushed: number;
  payoutsChecked: number;
  payoutsSettled: number;
  /** PENDING payouts at the end of the run; undefined when the index could not be read. */
  payoutsPending: number | undefined;
  oldestPendingPayoutAgeSeconds: number | undefined;
}

export async function reconcilePayouts(pass: PayoutPass): Promise<PayoutPassReport> {
  const report: PayoutPassReport = {
    payoutOutboxFlushed: 0,
    payoutsChecked: 0,
    payoutsSettled: 0,
    payoutsPending: undefined,
    oldestPendingPayoutAgeSeconds: undefined,
  };

  const stale = await payouts.listDue('payoutOutbox', pass.now, pass.batchSize);
  await pass.each(stale, 'flush the payout outbox', async (id) => {
    const payout = await payouts.get(id, { consistent: true });
    if (!payout?.outbox) return;
    await flushPayoutOutbox(payout);
    await payouts.releaseOutbox(id, { webhookId: payout.outbox.webhookId });
    report.payoutOutboxFlushed++;
  });

  const due = await payouts.listDue('payoutCheck', pass.now, pass.batchSize);
  await pass.each(due, 're-check the payout', async (id) => {
    const payout = await payouts.get(id, { consistent: true });
    if (payout?.status !== 'PENDING') return;
    if (payout.reference) {
      report.payoutsChecked++;
      try {
        const client = await pass.feexPay();
        const status = await client.getPayoutStatus(payout.reference);
        if (status.status !== 'PENDING') {
          const result = await applyPayoutEvidence(id, evidenceOf(status), 'reconciler', {
            current: payout,
            now: pass.now,
          });
          if (result.changed) {
            report.payoutsSettled++;
            metrics.addMetric('ReconcilerFixed', MetricUnit.Count, 1);
            return;
          }
        }
      } catch (error) {
        logger.warn('Reconciler payout status read failed; read again later', {
          payoutId: id,
          error,
        });
      }
    }
    // Still PENDING (or no reference: FeexPay never answered the POST, only its webhook can
    // link it): read again later, with backoff.
    const attempt = payout.checkAttempts ?? 0;
    await payouts.scheduleNextCheck(
      id,
      new Date(pass.now.getTime() + nextCheckDelaySeconds(attempt) * 1000),
      attempt + 1,
      payout.createdAt,
    );
  });

  try {
    const summary = await payouts.summarisePending(pass.deadline + 5_000);
    report.payoutsPending = summary.pending;
    report.oldestPendingPayoutAgeSeconds = summary.oldestCreatedAt
      ? Math.max(0, Math.round((Date.now() - Date.parse(summary.oldestCreatedAt)) / 1000))
      : 0;
    metrics.addMetric(
      'OldestPendingPayoutAgeSeconds',
      MetricUnit.Seconds,
      report.oldestPendingPayoutAgeSeconds,
    );
  } catch (error) {
    logger.warn(
      'Could not summarise the PENDING payouts; OldestPendingPayoutAgeSeconds not emitted',
      {
        error,
      },
    );
  }
  return report;
}
