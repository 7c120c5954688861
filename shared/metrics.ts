/**
 * Business metrics as CloudWatch EMF (Powertools Metrics). Few dimension sets on purpose: each
 * unique set is a billed metric. Functions flush once per invocation with `metricsFlush()` (a middy
 * middleware) or `flushMetrics()`; nothing is printed when no metric was recorded, and
 * POWERTOOLS_METRICS_DISABLED=true silences them entirely (the local stack may set it).
 */

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { MerchantEventMetric } from './notifications/merchant-events.ts';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'FeexPayPayments',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'feexpay-payments',
});

/** Business events: the merchant events' metrics (shared/notifications/merchant-events.ts) and these. */
export type BusinessMetric =
  | MerchantEventMetric
  | 'PaymentInitiated'
  | 'LateSuccess'
  | 'AmountMismatch'
  | 'EvidenceRejected'
  | 'SuccessOnFailedPayment'
  | 'PayoutRequested'
  | 'PayoutInsufficientBalance'
  | 'PayoutOutcomeUnknown'
  | 'PayoutSuccessOnFailed';

/**
 * Counts one business event. With `network`, the count is emitted under the `network` dimension
 * (one dimension set per metric name); without it, under the service dimension only.
 */
export function countMetric(name: BusinessMetric, network?: string): void {
  if (network) {
    const single = metrics.singleMetric();
    single.addDimension('network', network);
    single.addMetric(name, MetricUnit.Count, 1);
    return;
  }
  metrics.addMetric(name, MetricUnit.Count, 1);
}

/** Publishes what this invocation recorded; a no-op (and no warning) when nothing was. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** Middy middleware: flush after every invocation, success or failure. Needs no Lambda context. */
export function metricsFlush(): MiddlewareObj {
  return { after: flushMetrics, onError: flushMetrics };
}
