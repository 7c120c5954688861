/**
 * What the on-call engineer looks at: one CloudWatch dashboard (API, functions, queues, business)
 * and the alarms that page through the SNS alarm topic, each pointing at its section of
 * docs/runbooks.md (DESIGN decision 9). The DLQ alarms live with their queues (`lib/queues.ts`).
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarmAction,
  type IMetric,
  type IWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import type { ServiceQueue } from './queues.ts';

/** EMF namespace and `service` dimension the functions publish under (lib/service-function.ts). */
export const METRICS_NAMESPACE = 'FeexPayPayments';
export const SERVICE_NAME = 'feexpay-payments';

/** Where each alarm's runbook lives; the anchors are the headings of docs/runbooks.md. */
export const RUNBOOK = 'docs/runbooks.md';
export const RUNBOOK_ANCHORS = {
  api5xx: 'api-5xx-rate',
  apiLatency: 'api-p99-latency',
  throttles: 'lambda-throttles',
  webhookDlq: 'webhook-dlq-not-empty',
  notificationDlq: 'notification-dlq-not-empty',
  oldestPending: 'oldest-pending-payment',
  webhookRejections: 'webhook-rejections',
} as const;

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

/** Business metrics emitted with the `network` dimension (shared/metrics.ts `countMetric`). */
export const METRICS_BY_NETWORK = [
  'PaymentInitiated',
  'PaymentSucceeded',
  'PaymentFailed',
  'PaymentExpired',
] as const;

/** Business metrics emitted under the `service` dimension only. */
export const SERVICE_METRICS = {
  payments: ['LateSuccess', 'AmountMismatch', 'EvidenceRejected', 'SuccessOnFailedPayment'],
  webhooks: [
    'WebhookAccepted',
    'WebhookDuplicate',
    'WebhookRejected',
    'WebhookUnmatched',
    'WebhookNotConfirmed',
  ],
  reconciler: ['ReconcilerFixed'],
  notifications: ['NotificationDelivered', 'NotificationFailed'],
} as const;

export interface ObservabilityProps {
  config: StageConfig;
  /** The HTTP API's stage: its metrics carry the ApiId and Stage dimensions. */
  apiStage: HttpStage;
  /** Every function of the stack, by route-table id. */
  functions: ReadonlyMap<string, LambdaFunction>;
  queues: ReadonlyMap<string, ServiceQueue>;
  /** Where every alarm notifies (the SNS alarm topic). */
  alarmAction: IAlarmAction;
  /** Reconciler cadence, in minutes: the oldest-PENDING metric arrives once per run. */
  reconcileEveryMinutes: number;
}

/**
 * The dashboard and the service-level alarms. Alarms are public fields so tests and other
 * constructs can find them.
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;
  readonly api5xxAlarm: Alarm;
  readonly apiLatencyAlarm: Alarm;
  readonly throttleAlarms: Alarm[];
  readonly oldestPendingAlarm: Alarm;
  readonly webhookRejectionsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config, apiStage, alarmAction } = props;
    const functions = [...props.functions.entries()];
    const fiveMinutes = Duration.minutes(5);

    // ---- API --------------------------------------------------------------------------------
    const requests = apiStage.metricCount({ period: fiveMinutes, statistic: Stats.SUM });
    const serverErrors = apiStage.metricServerError({ period: fiveMinutes, statistic: Stats.SUM });
    const clientErrors = apiStage.metricClientError({ period: fiveMinutes, statistic: Stats.SUM });
    const latency = (statistic: string) =>
      apiStage.metricLatency({ period: fiveMinutes, statistic, label: `latency ${statistic}` });
    const serverErrorRate = new MathExpression({
      expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      period: fiveMinutes,
      label: '5xx % of requests',
    });

    this.api5xxAlarm = this.alarm('Api5xxRate', {
      anchor: RUNBOOK_ANCHORS.api5xx,
      summary: `API 5xx above ${API_5XX_RATE_PERCENT} % of requests over 5 minutes (at least ${API_5XX_MIN_REQUESTS} requests)`,
      metric: serverErrorRate,
      threshold: API_5XX_RATE_PERCENT,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmAction,
    });
    this.apiLatencyAlarm = this.alarm('ApiLatencyP99', {
      anchor: RUNBOOK_ANCHORS.apiLatency,
      summary: `API p99 latency above ${config.alarmLatencyP99Ms} ms for 15 minutes`,
      metric: latency('p99'),
      threshold: config.alarmLatencyP99Ms,
      // Three 5-minute periods: one slow FeexPay answer must not page, a slow quarter hour must.
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmAction,
    });

    // ---- Functions ----------------------------------------------------------------------------
    const perFunction = (metric: (fn: LambdaFunction) => IMetric) =>
      functions.map(([name, fn]) => withLabel(metric(fn), name));
    this.throttleAlarms = chunk(functions, MAX_METRICS_PER_ALARM).map((group, index) => {
      const usingMetrics = Object.fromEntries(
        group.map(([, fn], i) => [
          `t${i}`,
          fn.metricThrottles({ period: fiveMinutes, statistic: Stats.SUM }),
        ]),
      );
      const names = group.map(([name]) => name).join(', ');
      return this.alarm(index === 0 ? 'LambdaThrottles' : `LambdaThrottles${index + 1}`, {
        anchor: RUNBOOK_ANCHORS.throttles,
        summary: `Lambda throttled invocations (${names})`,
        metric: new MathExpression({
          expression: Object.keys(usingMetrics).join(' + '),
          usingMetrics,
          period: fiveMinutes,
          label: 'throttles',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmAction,
      });
    });

    // ---- Business (EMF) -----------------------------------------------------------------------
    const serviceMetric = (metricName: string, statistic: string = Stats.SUM) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME },
        statistic,
        period: fiveMinutes,
        label: metricName,
      });
    // One line per network, whatever networks appear: a SEARCH over the {service, network} set.
    const byNetwork = (metricName: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},network,service} MetricName="${metricName}" service="${SERVICE_NAME}"', 'Sum', 300)`,
        usingMetrics: {},
        period: fiveMinutes,
      });
    const oldestPending = serviceMetric('OldestPendingAgeSeconds', Stats.MAXIMUM);
    const reconcilePeriod = Duration.minutes(Math.max(5, props.reconcileEveryMinutes));

    this.oldestPendingAlarm = this.alarm('OldestPendingAge', {
      anchor: RUNBOOK_ANCHORS.oldestPending,
      summary: `A payment has been PENDING for more than ${config.alarmOldestPendingSeconds} s, or the reconciler stopped reporting`,
      metric: oldestPending.with({ period: reconcilePeriod }),
      threshold: config.alarmOldestPendingSeconds,
      evaluationPeriods: 3,
      // The reconciler publishes this after every run (0 when nothing is pending), so silence
      // for three runs means it is not running: that pages too.
      treatMissingData: TreatMissingData.BREACHING,
      alarmAction,
    });
    this.webhookRejectionsAlarm = this.alarm('WebhookRejections', {
      anchor: RUNBOOK_ANCHORS.webhookRejections,
      summary: `${config.alarmWebhookRejections} or more webhooks refused for a wrong or missing token in 5 minutes`,
      metric: serviceMetric('WebhookRejected'),
      threshold: config.alarmWebhookRejections,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmAction,
    });

    // ---- Dashboard ----------------------------------------------------------------------------
    const queues = [...props.queues.entries()];
    const logGroupNames = functions.map(([, fn]) => fn.logGroup.logGroupName);
    const full = 24;
    const half = 12;
    const third = 8;
    const widgets: IWidget[][] = [
      [
        new TextWidget({
          markdown: `# FeexPay payments (${config.stage})\nAlarms and what to do: \`${RUNBOOK}\`. Logs: Logs Insights on the function log groups (JSON fields \`level\`, \`message\`, \`correlationId\`, \`paymentId\`, \`reference\`).`,
          width: full,
          height: 2,
        }),
      ],
      [
        new GraphWidget({
          title: 'API requests, 4xx, 5xx',
          left: [
            withLabel(requests, 'requests'),
            withLabel(clientErrors, '4xx'),
            withLabel(serverErrors, '5xx'),
          ],
          right: [serverErrorRate],
          width: third,
        }),
        new GraphWidget({
          title: 'API latency p50 / p90 / p99 (ms)',
          left: [latency('p50'), latency('p90'), latency('p99')],
          leftAnnotations: [{ value: config.alarmLatencyP99Ms, label: 'p99 alarm' }],
          width: third,
        }),
        new AlarmStatusWidget({
          title: `Alarms (runbooks: ${RUNBOOK})`,
          alarms: [
            this.api5xxAlarm,
            this.apiLatencyAlarm,
            ...this.throttleAlarms,
            ...queues.map(([, q]) => q.dlqAlarm),
            this.oldestPendingAlarm,
            this.webhookRejectionsAlarm,
          ],
          width: third,
          height: 6,
        }),
      ],
      [
        new GraphWidget({
          title: 'Function errors',
          left: perFunction((fn) => fn.metricErrors({ period: fiveMinutes, statistic: Stats.SUM })),
          width: half,
        }),
        new GraphWidget({
          title: 'Function throttles',
          left: perFunction((fn) =>
            fn.metricThrottles({ period: fiveMinutes, statistic: Stats.SUM }),
          ),
          width: half,
        }),
      ],
      [
        new GraphWidget({
          title: 'Function duration p99 (ms)',
          left: perFunction((fn) => fn.metricDuration({ period: fiveMinutes, statistic: 'p99' })),
          width: half,
        }),
        new GraphWidget({
          title: 'Function concurrent executions (max)',
          left: perFunction((fn) =>
            fn.metric('ConcurrentExecutions', { period: fiveMinutes, statistic: Stats.MAXIMUM }),
          ),
          width: half,
        }),
      ],
      [
        new LogQueryWidget({
          title: 'Cold starts by function (init duration from the REPORT records)',
          logGroupNames,
          // JSON log format turns REPORT lines into `platform.report` records; the text field
          // @initDuration is kept for a log group switched back to text.
          queryLines: [
            'fields coalesce(@initDuration, record.metrics.initDurationMs) as initMs',
            'filter ispresent(initMs)',
            'stats count(*) as coldStarts, avg(initMs) as avgInitMs, max(initMs) as maxInitMs by @log',
            'sort coldStarts desc',
          ],
          view: LogQueryVisualizationType.TABLE,
          width: half,
        }),
        new LogQueryWidget({
          title: 'Errors and warnings (latest 50)',
          logGroupNames,
          queryLines: [
            'fields @timestamp, level, message, correlationId, paymentId, reference, error.name',
            'filter level = "ERROR" or level = "WARN"',
            'sort @timestamp desc',
            'limit 50',
          ],
          view: LogQueryVisualizationType.TABLE,
          width: half,
        }),
      ],
      [
        new GraphWidget({
          title: 'Queue depth (visible messages)',
          left: queues.map(([name, q]) =>
            withLabel(
              q.queue.metricApproximateNumberOfMessagesVisible({
                period: fiveMinutes,
                statistic: Stats.MAXIMUM,
              }),
              name,
            ),
          ),
          width: third,
        }),
        new GraphWidget({
          title: 'Age of oldest message (s)',
          left: queues.map(([name, q]) =>
            withLabel(
              q.queue.metricApproximateAgeOfOldestMessage({
                period: fiveMinutes,
                statistic: Stats.MAXIMUM,
              }),
              name,
            ),
          ),
          width: third,
        }),
        new GraphWidget({
          title: 'DLQ depth (alarms at 1)',
          left: queues.map(([name, q]) =>
            withLabel(
              q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
                period: fiveMinutes,
                statistic: Stats.MAXIMUM,
              }),
              `${name} DLQ`,
            ),
          ),
          width: third,
        }),
      ],
      [
        ...METRICS_BY_NETWORK.map(
          (name) =>
            new GraphWidget({
              title: `${name} by network`,
              left: [byNetwork(name)],
              width: full / METRICS_BY_NETWORK.length,
            }),
        ),
      ],
      [
        new GraphWidget({
          title: 'Webhooks',
          left: SERVICE_METRICS.webhooks.map((name) => serviceMetric(name)),
          leftAnnotations: [{ value: config.alarmWebhookRejections, label: 'rejections alarm' }],
          width: third,
        }),
        new GraphWidget({
          title: 'Reconciler fixes, late successes, rejected evidence, successes on FAILED',
          left: [...SERVICE_METRICS.reconciler, ...SERVICE_METRICS.payments].map((name) =>
            serviceMetric(name),
          ),
          width: third,
        }),
        new GraphWidget({
          title: 'Merchant notifications',
          left: SERVICE_METRICS.notifications.map((name) => serviceMetric(name)),
          width: third,
        }),
      ],
      [
        new GraphWidget({
          title: 'Oldest PENDING payment age (s)',
          left: [oldestPending.with({ period: reconcilePeriod })],
          leftAnnotations: [{ value: config.alarmOldestPendingSeconds, label: 'alarm' }],
          width: full,
        }),
      ],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets,
    });
  }

  private alarm(
    id: string,
    options: {
      anchor: string;
      summary: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods: number;
      treatMissingData: TreatMissingData;
      alarmAction: IAlarmAction;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: `${options.summary}. Runbook: ${runbookLink(options.anchor)}`,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData,
    });
    alarm.addAlarmAction(options.alarmAction);
    // Say when it is over too: the on-call engineer should not have to poll the console.
    alarm.addOkAction(options.alarmAction);
    return alarm;
  }
}

function withLabel(metric: IMetric, label: string): IMetric {
  return metric instanceof Metric || metric instanceof MathExpression
    ? metric.with({ label })
    : metric;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
