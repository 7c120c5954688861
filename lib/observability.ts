/**
 * What the on-call engineer looks at: one CloudWatch dashboard and the alarms that page through the
 * SNS alarm topic, each pointing at its section of docs/runbooks.md (docs/decisions.md, decision 9).
 * The pieces live in `lib/observability/`: `metrics.ts` (what is measured), `alarms.ts` (the alarm
 * table), `dashboard.ts` (the sections), `log-queries.ts` (Logs Insights). The DLQ alarms live with
 * their queues (`lib/queues.ts`).
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { type Alarm, Dashboard, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import {
  type AlarmInputs,
  type AlarmRow,
  API_5XX_MIN_REQUESTS,
  businessAlarms,
  createAlarm,
  moneyAlarms,
  platformAlarms,
} from './observability/alarms.ts';
import { dashboardSections } from './observability/dashboard.ts';
import { apiMetrics, oldestPendingAge } from './observability/metrics.ts';
import type { ServiceQueue } from './queues.ts';

export interface ObservabilityProps {
  config: StageConfig;
  /** The HTTP API's stage: its metrics carry the ApiId and Stage dimensions. */
  apiStage: HttpStage;
  /** Every function of the stack, by route-table id. */
  functions: ReadonlyMap<string, LambdaFunction>;
  /** Every queue, with its DLQ and the DLQ's alarm. */
  queues: ReadonlyMap<string, ServiceQueue>;
  /** Where every alarm notifies (the SNS alarm topic). */
  alarmAction: IAlarmAction;
  /** Reconciler cadence, in minutes: the oldest-PENDING metric arrives once per run. */
  reconcileEveryMinutes: number;
}

/** The dashboard and the service-level alarms (those of `lib/observability/alarms.ts`). */
export class Observability extends Construct {
  readonly dashboard: Dashboard;
  /** The alarms of the alarm table, by id (the DLQ alarms are the queues'). */
  readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config, functions, queues, alarmAction } = props;
    const inputs: AlarmInputs = {
      config,
      api: apiMetrics(props.apiStage, API_5XX_MIN_REQUESTS),
      functions,
      oldestPending: oldestPendingAge(props.reconcileEveryMinutes),
    };
    const create = (rows: AlarmRow[]) => rows.map((row) => createAlarm(this, row, alarmAction));
    const platform = create(platformAlarms(inputs));
    const business = create([...businessAlarms(inputs), ...moneyAlarms()]);
    this.alarms = new Map([...platform, ...business].map((alarm) => [alarm.node.id, alarm]));

    // The status widget lists the platform's alarms, then each queue's age and DLQ, then the
    // business (payments, webhooks and the money signals).
    const dlqAlarms = [...queues.values()].flatMap((q) => [q.ageAlarm, q.dlqAlarm]);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: dashboardSections({
        ...inputs,
        queues,
        alarms: [...platform, ...dlqAlarms, ...business],
      }),
    });
  }
}
