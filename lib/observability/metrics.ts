/**
 * The metrics the on-call view reads: the business metrics our functions publish as EMF
 * (`shared/metrics.ts`), and AWS's own metrics of the API stage, the functions and the queues. Every
 * graph and alarm takes its metrics from here, so a metric is defined once whatever watches it.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { type IMetric, MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ServiceQueue } from '../queues.ts';

/** EMF namespace and `service` dimension the functions publish under (lib/service-function.ts). */
export const METRICS_NAMESPACE = 'FeexPayPayments';
export const SERVICE_NAME = 'feexpay-payments';

/** Every graph and alarm samples over 5 minutes unless it says otherwise. */
export const PERIOD = Duration.minutes(5);

/** Business metrics emitted with the `network` dimension (shared/metrics.ts `countMetric`). */
export const METRICS_BY_NETWORK = [
  'PaymentInitiated',
  'PaymentSucceeded',
  'PaymentFailed',
  'PaymentExpired',
] as const;

/**
 * The money signals: counted (shared/metrics.ts `countMetric`, under the `service` dimension only)
 * where FeexPay's answer and our books may disagree about a customer's money. Each one alarms
 * (`lib/observability/alarms.ts`, `moneyAlarms`).
 */
export const MONEY_SIGNALS = [
  'AmountMismatch',
  'EvidenceRejected',
  'SuccessOnFailedPayment',
  'LateSuccess',
  'CheckoutOverpaid',
  'PayoutSuccessOnFailed',
] as const;

/** Business metrics emitted under the `service` dimension only, by the part of the code that counts them. */
export const SERVICE_METRICS = {
  money: MONEY_SIGNALS,
  webhooks: [
    'WebhookAccepted',
    'WebhookDuplicate',
    'WebhookRejected',
    'WebhookUnmatched',
    'WebhookNotConfirmed',
  ],
  reconciler: ['ReconcilerFixed'],
  notifications: ['NotificationDelivered', 'NotificationFailed'],
  checkouts: ['CheckoutCompleted', 'CheckoutExpired'],
  payouts: [
    'PayoutSucceeded',
    'PayoutFailed',
    'RefundSucceeded',
    'RefundFailed',
    'PayoutInsufficientBalance',
    'PayoutOutcomeUnknown',
  ],
} as const;

/** How long a payout may stay PENDING before it alarms (FeexPay settles most within minutes). */
export const PAYOUT_STUCK_SECONDS = 3_600;

/** The oldest PENDING payout's age, as the reconciler reports it after each run. */
export function oldestPendingPayoutAge(): Metric {
  return serviceMetric('OldestPendingPayoutAgeSeconds', Stats.MAXIMUM);
}

/** A business metric under the `service` dimension (a count unless `statistic` says otherwise). */
export function serviceMetric(metricName: string, statistic: string = Stats.SUM): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: PERIOD,
    label: metricName,
  });
}

/** One line per network, whatever networks appear: a SEARCH over the {service, network} set. */
export function metricByNetwork(metricName: string): MathExpression {
  return new MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},network,service} MetricName="${metricName}" service="${SERVICE_NAME}"', 'Sum', 300)`,
    usingMetrics: {},
    period: PERIOD,
  });
}

/**
 * Age of the oldest PENDING payment. The reconciler publishes it once per run, so it is sampled no
 * faster than the reconciler runs (at least every 5 minutes).
 */
export function oldestPendingAge(reconcileEveryMinutes: number): Metric {
  return serviceMetric('OldestPendingAgeSeconds', Stats.MAXIMUM).with({
    period: Duration.minutes(Math.max(5, reconcileEveryMinutes)),
  });
}

/** The HTTP API stage's metrics (they carry its ApiId and Stage dimensions). */
export interface ApiMetrics {
  requests: IMetric;
  clientErrors: IMetric;
  serverErrors: IMetric;
  /** 5xx as a percentage of requests, 0 below `minRequests` requests in the period. */
  serverErrorRate: IMetric;
  latency(statistic: 'p50' | 'p90' | 'p99'): IMetric;
}

/** @param minRequests below this many requests in a period the 5xx rate reads 0 */
export function apiMetrics(stage: HttpStage, minRequests: number): ApiMetrics {
  const sum = { period: PERIOD, statistic: Stats.SUM };
  const requests = stage.metricCount(sum);
  const serverErrors = stage.metricServerError(sum);
  return {
    requests,
    clientErrors: stage.metricClientError(sum),
    serverErrors,
    serverErrorRate: new MathExpression({
      expression: `IF(requests >= ${minRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      period: PERIOD,
      label: '5xx % of requests',
    }),
    latency: (statistic) =>
      stage.metricLatency({ period: PERIOD, statistic, label: `latency ${statistic}` }),
  };
}

/** Throttled invocations of one function, summed per period. */
export function throttles(fn: LambdaFunction): Metric {
  return fn.metricThrottles({ period: PERIOD, statistic: Stats.SUM });
}

/** The same metric for every function, each line labelled with the function's route-table id. */
export function perFunction(
  functions: ReadonlyMap<string, LambdaFunction>,
  metric: (fn: LambdaFunction) => IMetric,
): IMetric[] {
  return [...functions].map(([name, fn]) => withLabel(metric(fn), name));
}

/** The same metric for every queue (or its DLQ), the maximum per period, labelled by queue. */
export function perQueue(
  queues: ReadonlyMap<string, ServiceQueue>,
  metric: (q: ServiceQueue, props: { period: Duration; statistic: string }) => IMetric,
  suffix = '',
): IMetric[] {
  return [...queues].map(([name, q]) =>
    withLabel(metric(q, { period: PERIOD, statistic: Stats.MAXIMUM }), `${name}${suffix}`),
  );
}

export function withLabel(metric: IMetric, label: string): IMetric {
  return metric instanceof Metric || metric instanceof MathExpression
    ? metric.with({ label })
    : metric;
}
