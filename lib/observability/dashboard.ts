/**
 * The on-call dashboard, one section per concern, top to bottom: the API (with every alarm's
 * state), the functions, their logs, the queues, and the business (payments by network, webhooks,
 * money signals, reconciler fixes, merchant notifications, the oldest PENDING payment). A section
 * is a list of widgets laid out left to right and wrapped at the dashboard's width, so adding a
 * graph is adding an entry.
 */
import {
  AlarmStatusWidget,
  GraphWidget,
  type HorizontalAnnotation,
  type IAlarm,
  type IMetric,
  type IWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { StageConfig } from '../config.ts';
import type { ServiceQueue } from '../queues.ts';
import { RUNBOOK } from './alarms.ts';
import { COLD_STARTS, ERRORS_AND_WARNINGS, LOG_FIELDS, type LogQuery } from './log-queries.ts';
import {
  type ApiMetrics,
  METRICS_BY_NETWORK,
  metricByNetwork,
  oldestPendingPayoutAge,
  PAYOUT_STUCK_SECONDS,
  PERIOD,
  perFunction,
  perQueue,
  SERVICE_METRICS,
  serviceMetric,
  throttles,
  withLabel,
} from './metrics.ts';

/** Widget widths on CloudWatch's 24-column grid. */
const FULL = 24;
const HALF = 12;
const THIRD = 8;

export interface DashboardInputs {
  config: StageConfig;
  api: ApiMetrics;
  functions: ReadonlyMap<string, LambdaFunction>;
  queues: ReadonlyMap<string, ServiceQueue>;
  /** Every alarm of the stack, in the order the status widget lists them. */
  alarms: IAlarm[];
  /** The oldest-PENDING metric at the reconciler's cadence (`oldestPendingAge`). */
  oldestPending: IMetric;
}

/** The dashboard's sections, top to bottom; each one becomes a row that wraps. */
export function dashboardSections(inputs: DashboardInputs): IWidget[][] {
  return [
    header(inputs.config),
    apiSection(inputs),
    functionsSection(inputs.functions),
    logsSection(inputs.functions),
    queuesSection(inputs.queues),
    businessSection(inputs),
  ];
}

function header(config: StageConfig): IWidget[] {
  const fields = LOG_FIELDS.map((field) => `\`${field}\``).join(', ');
  return [
    new TextWidget({
      markdown: `# FeexPay payments (${config.stage})\nAlarms and what to do: \`${RUNBOOK}\`. Logs: Logs Insights on the function log groups (JSON fields ${fields}).`,
      width: FULL,
      height: 2,
    }),
  ];
}

function apiSection({ api, config, alarms }: DashboardInputs): IWidget[] {
  return [
    graph('API requests, 4xx, 5xx', THIRD, {
      left: [
        withLabel(api.requests, 'requests'),
        withLabel(api.clientErrors, '4xx'),
        withLabel(api.serverErrors, '5xx'),
      ],
      right: [api.serverErrorRate],
    }),
    graph('API latency p50 / p90 / p99 (ms)', THIRD, {
      left: [api.latency('p50'), api.latency('p90'), api.latency('p99')],
      leftAnnotations: [{ value: config.alarmLatencyP99Ms, label: 'p99 alarm' }],
    }),
    new AlarmStatusWidget({
      title: `Alarms (runbooks: ${RUNBOOK})`,
      alarms,
      width: THIRD,
      height: 6,
    }),
  ];
}

/** One graph per row, a line per function. */
const FUNCTION_GRAPHS: { title: string; metric: (fn: LambdaFunction) => IMetric }[] = [
  {
    title: 'Function errors',
    metric: (fn) => fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
  },
  { title: 'Function throttles', metric: throttles },
  {
    title: 'Function duration p99 (ms)',
    metric: (fn) => fn.metricDuration({ period: PERIOD, statistic: 'p99' }),
  },
  {
    title: 'Function concurrent executions (max)',
    metric: (fn) => fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: Stats.MAXIMUM }),
  },
];

function functionsSection(functions: ReadonlyMap<string, LambdaFunction>): IWidget[] {
  return FUNCTION_GRAPHS.map(({ title, metric }) =>
    graph(title, HALF, { left: perFunction(functions, metric) }),
  );
}

function logsSection(functions: ReadonlyMap<string, LambdaFunction>): IWidget[] {
  const logGroupNames = [...functions.values()].map((fn) => fn.logGroup.logGroupName);
  const table = (query: LogQuery) =>
    new LogQueryWidget({
      ...query,
      logGroupNames,
      view: LogQueryVisualizationType.TABLE,
      width: HALF,
    });
  return [table(COLD_STARTS), table(ERRORS_AND_WARNINGS)];
}

/** One graph per row, a line per queue (the maximum over each period). */
const QUEUE_GRAPHS: { title: string; lines: Parameters<typeof perQueue>[1]; suffix?: string }[] = [
  {
    title: 'Queue depth (visible messages)',
    lines: (q, period) => q.queue.metricApproximateNumberOfMessagesVisible(period),
  },
  {
    title: 'Age of oldest message (s)',
    lines: (q, period) => q.queue.metricApproximateAgeOfOldestMessage(period),
  },
  {
    title: 'DLQ depth (alarms at 1)',
    lines: (q, period) => q.deadLetterQueue.metricApproximateNumberOfMessagesVisible(period),
    suffix: ' DLQ',
  },
];

function queuesSection(queues: ReadonlyMap<string, ServiceQueue>): IWidget[] {
  return QUEUE_GRAPHS.map(({ title, lines, suffix }) =>
    graph(title, THIRD, { left: perQueue(queues, lines, suffix) }),
  );
}

/** Business graphs of counts under the `service` dimension, a line per metric. */
function serviceGraphs(config: StageConfig): IWidget[] {
  const rows: { title: string; metrics: readonly string[]; alarmAt?: HorizontalAnnotation }[] = [
    {
      title: 'Webhooks',
      metrics: SERVICE_METRICS.webhooks,
      alarmAt: { value: config.alarmWebhookRejections, label: 'rejections alarm' },
    },
    {
      title: 'Money signals (each one alarms)',
      metrics: SERVICE_METRICS.money,
      alarmAt: { value: 1, label: 'alarm' },
    },
    { title: 'Reconciler fixes', metrics: SERVICE_METRICS.reconciler },
    { title: 'Merchant notifications', metrics: SERVICE_METRICS.notifications },
    { title: 'Checkouts: completed, expired', metrics: SERVICE_METRICS.checkouts },
    { title: 'Payouts and refunds', metrics: SERVICE_METRICS.payouts },
  ];
  return rows.map(({ title, metrics, alarmAt }) =>
    graph(title, FULL / rows.length, {
      left: metrics.map((name) => serviceMetric(name)),
      ...(alarmAt ? { leftAnnotations: [alarmAt] } : {}),
    }),
  );
}

function businessSection({ config, oldestPending }: DashboardInputs): IWidget[] {
  return [
    ...METRICS_BY_NETWORK.map((name) =>
      graph(`${name} by network`, FULL / METRICS_BY_NETWORK.length, {
        left: [metricByNetwork(name)],
      }),
    ),
    ...serviceGraphs(config),
    graph('Oldest PENDING payment age (s)', HALF, {
      left: [oldestPending],
      leftAnnotations: [{ value: config.alarmOldestPendingSeconds, label: 'alarm' }],
    }),
    graph('Oldest PENDING payout or refund age (s)', HALF, {
      left: [oldestPendingPayoutAge()],
      leftAnnotations: [{ value: PAYOUT_STUCK_SECONDS, label: 'alarm' }],
    }),
  ];
}

function graph(
  title: string,
  width: number,
  lines: { left: IMetric[]; right?: IMetric[]; leftAnnotations?: HorizontalAnnotation[] },
): GraphWidget {
  return new GraphWidget({ title, width, ...lines });
}
