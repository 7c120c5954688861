/**
 * Scheduled reconciler (every 5 minutes deployed; every RECONCILE_INTERVAL_SECONDS locally):
 * flushes the notification outbox, re-checks due PENDING payments, expires the hopeless and
 * watches recently expired ones for a late success. See shared/reconcile/reconcile.ts.
 */
import type { Context } from 'aws-lambda';
import * as config from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { flushMetrics } from '../shared/metrics.ts';
import { reconcile } from '../shared/reconcile/reconcile.ts';

/** Stop starting new work this long before the Lambda timeout. */
const SAFETY_MARGIN_MS = 10_000;

export const handler = async (_event: unknown, context?: Context) => {
  const now = new Date();
  const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000;
  try {
    const report = await reconcile({
      now,
      maxPendingSeconds: config.paymentMaxPendingSeconds(),
      deadline: Date.now() + Math.max(1_000, remaining - SAFETY_MARGIN_MS),
    });
    logger.info('Reconciliation run finished', { ...report });
    return report;
  } finally {
    flushMetrics();
  }
};
