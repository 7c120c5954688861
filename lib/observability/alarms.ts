/**
 * Every alarm the service defines, as rows of a table: what it watches, when it fires, and the
 * section of docs/runbooks.md that says what to do. Adding an alarm is adding a row here and its
 * runbook section (test/cdk/observability.test.ts checks the section exists). The DLQ alarms are
 * built with their queues (`lib/queues.ts`) and take their runbook link from `runbookLink`.
 */
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import {
  type ApiMetrics,
  MONEY_SIGNALS,
  oldestPendingPayoutAge,
  PAYOUT_STUCK_SECONDS,
  PERIOD,
  serviceMetric,
  throttles,
} from './metrics.ts';

/** Where each alarm's runbook lives; the anchors are the headings of that file. */
export const RUNBOOK = 'docs/runbooks.md';

/** `docs/runbooks.md#anchor`, for alarm descriptions. */
export function runbookLink(anchor: string): string {
  return `${RUNBOOK}#${anchor}`;
}

/** The 5xx-rate alarm: above 1 % of requests in 5 minutes ... */
export const API_5XX_RATE_PERCENT = 1;
/** ... counted only once there are this many requests, so one 500 at night pages nobody. */
export const API_5XX_MIN_REQUESTS = 20;
/**
 * Alarms built from metric math may reference at most 10 metrics (a hard CloudWatch limit), so the
 * throttle alarm covers the functions in groups of this size.
 */
export const MAX_METRICS_PER_ALARM = 10;

/** One alarm. It fires at or above `threshold`, pages the alarm topic, and reports when it clears. */
export interface AlarmRow {
  /** Construct id; the console shows it in the alarm's name. */
  id: string;
  /** Heading anchor of its section in docs/runbooks.md. */
  runbook: string;
  /** What is wrong, in one sentence; the description appends the runbook link. */
  summary: string;
  metric: IMetric;
  threshold: number;
  /** Consecutive periods at or above the threshold before it fires. @default 1 */
  periods?: number;
  /** @default TreatMissingData.NOT_BREACHING (no data: nothing happened) */
  whenMissing?: TreatMissingData;
}

/** What the alarm rows are built from. */
export interface AlarmInputs {
  config: StageConfig;
  api: ApiMetrics;
  functions: ReadonlyMap<string, LambdaFunction>;
  /** The oldest-PENDING metric at the reconciler's cadence (`oldestPendingAge`). */
  oldestPending: IMetric;
}

/** The platform's alarms: the API and the functions, whatever they serve. */
export function platformAlarms({ config, api, functions }: AlarmInputs): AlarmRow[] {
  return [
    {
      id: 'Api5xxRate',
      runbook: 'api-5xx-rate',
      summary: `API 5xx above ${API_5XX_RATE_PERCENT} % of requests over 5 minutes (at least ${API_5XX_MIN_REQUESTS} requests)`,
      metric: api.serverErrorRate,
      threshold: API_5XX_RATE_PERCENT,
    },
    {
      id: 'ApiLatencyP99',
      runbook: 'api-p99-latency',
      summary: `API p99 latency above ${config.alarmLatencyP99Ms} ms for 15 minutes`,
      metric: api.latency('p99'),
      threshold: config.alarmLatencyP99Ms,
      // Three 5-minute periods: one slow FeexPay answer must not page, a slow quarter hour must.
      periods: 3,
    },
    ...throttleAlarms(functions),
  ];
}

/** The business alarms: payments and the webhooks that settle them. */
export function businessAlarms({ config, oldestPending }: AlarmInputs): AlarmRow[] {
  return [
    {
      id: 'OldestPendingAge',
      runbook: 'oldest-pending-payment',
      summary: `A payment has been PENDING for more than ${config.alarmOldestPendingSeconds} s, or the reconciler stopped reporting`,
      metric: oldestPending,
      threshold: config.alarmOldestPendingSeconds,
      periods: 3,
      // The reconciler publishes this after every run (0 when nothing is pending), so silence
      // for three runs means it is not running: that pages too.
      whenMissing: TreatMissingData.BREACHING,
    },
    {
      id: 'WebhookRejections',
      runbook: 'webhook-rejections',
      summary: `${config.alarmWebhookRejections} or more webhooks refused for a wrong or missing token in 5 minutes`,
      metric: serviceMetric('WebhookRejected'),
      threshold: config.alarmWebhookRejections,
    },
    {
      id: 'PayoutInsufficientBalance',
      runbook: 'payout-insufficient-balance',
      summary:
        'A payout or refund failed because the FeexPay balance is too low: payouts fail until it is topped up',
      metric: serviceMetric('PayoutInsufficientBalance'),
      threshold: 1,
    },
    {
      id: 'OldestPendingPayoutAge',
      runbook: 'payout-stuck-pending',
      summary: `A payout or refund has been PENDING for more than ${PAYOUT_STUCK_SECONDS} s`,
      metric: oldestPendingPayoutAge(),
      threshold: PAYOUT_STUCK_SECONDS,
      periods: 2,
    },
  ];
}

/**
 * What each money signal means, in one sentence, and its runbook section. These are the events
 * where a customer may have been charged while the books say otherwise (or say it twice): FeexPay
 * confirmed a success we refused to record, or one that came after we had given up on the payment
 * (docs/decisions.md, decisions 19, 21 and 22). Each occurrence needs a person, so one pages.
 */
export const MONEY_ALARMS: Record<
  (typeof MONEY_SIGNALS)[number],
  { runbook: string; summary: string }
> = {
  AmountMismatch: {
    runbook: 'amount-mismatch',
    summary:
      'FeexPay confirmed a success for another amount than the payment’s (or for none); the payment was not settled',
  },
  EvidenceRejected: {
    runbook: 'evidence-rejected',
    summary:
      'FeexPay confirmed a success under another reference or currency than the payment’s; the payment was not settled',
  },
  SuccessOnFailedPayment: {
    runbook: 'success-on-a-failed-payment',
    summary:
      'FeexPay confirms a success for a payment we hold as FAILED: the customer may have paid for an order the merchant was told failed',
  },
  LateSuccess: {
    runbook: 'late-success',
    summary:
      'A payment we had expired or failed succeeded after all: the merchant was told twice, and a customer who retried may have paid twice',
  },
  CheckoutOverpaid: {
    runbook: 'checkout-overpaid',
    summary:
      'A second attempt paid a checkout another had already paid: the customer paid twice for one order; refund one',
  },
  PayoutSuccessOnFailed: {
    runbook: 'payout-success-on-a-failed-payout',
    summary:
      'FeexPay confirms a success for a payout or refund we hold as FAILED: money left the balance while the books say it did not',
  },
};

/** The money alarms: one per money signal, at its first occurrence in 5 minutes. */
export function moneyAlarms(): AlarmRow[] {
  return MONEY_SIGNALS.map((metric) => ({
    id: metric,
    runbook: MONEY_ALARMS[metric].runbook,
    summary: MONEY_ALARMS[metric].summary,
    metric: serviceMetric(metric),
    threshold: 1,
  }));
}

/** Any throttle of any function, one alarm per {@link MAX_METRICS_PER_ALARM} functions. */
function throttleAlarms(functions: ReadonlyMap<string, LambdaFunction>): AlarmRow[] {
  return chunk([...functions], MAX_METRICS_PER_ALARM).map((group, index) => {
    const usingMetrics = Object.fromEntries(group.map(([, fn], i) => [`t${i}`, throttles(fn)]));
    return {
      id: index === 0 ? 'LambdaThrottles' : `LambdaThrottles${index + 1}`,
      runbook: 'lambda-throttles',
      summary: `Lambda throttled invocations (${group.map(([name]) => name).join(', ')})`,
      metric: new MathExpression({
        expression: Object.keys(usingMetrics).join(' + '),
        usingMetrics,
        period: PERIOD,
        label: 'throttles',
      }),
      threshold: 1,
    };
  });
}

/** The CloudWatch alarm of one row, paging `action` when it fires and again when it clears. */
export function createAlarm(scope: Construct, row: AlarmRow, action: IAlarmAction): Alarm {
  const periods = row.periods ?? 1;
  const alarm = new Alarm(scope, row.id, {
    alarmDescription: `${row.summary}. Runbook: ${runbookLink(row.runbook)}`,
    metric: row.metric,
    threshold: row.threshold,
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: row.whenMissing ?? TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(action);
  // Say when it is over too: the on-call engineer should not have to poll the console.
  alarm.addOkAction(action);
  return alarm;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
