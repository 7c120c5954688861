/**
 * The on-call view: the dashboard shows every concern (API, functions, queues, business), every
 * alarm pages the SNS topic and links to its runbook section, and the runbook sections exist.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  API_5XX_MIN_REQUESTS,
  MAX_METRICS_PER_ALARM,
  MONEY_ALARMS,
} from '../../lib/observability/alarms.ts';
import {
  METRICS_BY_NETWORK,
  MONEY_SIGNALS,
  SERVICE_METRICS,
} from '../../lib/observability/metrics.ts';
import { consumers, queues, routes, schedules } from '../../lib/routes.ts';
import { buildStack, logicalIdOf } from './helpers.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
const functionCount = routes.length + consumers.length + schedules.length + 1;
const runbooks = readFileSync(new URL('../../docs/runbooks.md', import.meta.url), 'utf8');

/** The dashboard body with CloudFormation tokens flattened to `<Ref:Id>` / `<Att:Id.Attr>`. */
function dashboardBody(template: Template): string {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = (dashboards[0] as Resource).Properties.DashboardBody as {
    'Fn::Join': [string, unknown[]];
  };
  return body['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::GetAtt'?: string[] };
      if (token.Ref) return `<Ref:${token.Ref}>`;
      return `<Att:${token['Fn::GetAtt']?.join('.')}>`;
    })
    .join('');
}

function alarms(template: Template): Resource[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
}

function alarmByAnchor(template: Template, anchor: string): Resource[] {
  return alarms(template).filter((a) =>
    String(a.Properties.AlarmDescription).endsWith(`docs/runbooks.md#${anchor}`),
  );
}

/** The single metric an alarm watches, whether CDK rendered it flat or as a one-item query. */
function watched(alarm: Resource | undefined) {
  const p = alarm?.Properties ?? {};
  const queries = p.Metrics as
    | { MetricStat?: { Metric: Record<string, unknown>; Period: number; Stat: string } }[]
    | undefined;
  if (queries) {
    expect(queries).toHaveLength(1);
    const stat = queries[0]?.MetricStat;
    return { ...stat?.Metric, Period: stat?.Period, Stat: stat?.Stat };
  }
  return {
    Namespace: p.Namespace,
    MetricName: p.MetricName,
    Dimensions: p.Dimensions,
    Period: p.Period,
    Stat: p.ExtendedStatistic ?? p.Statistic,
  };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
    (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s/g, '-'),
  );
}

describe.each(['dev', 'prod'] as const)('observability of the %s stack', (stage) => {
  const { template, config } = buildStack({ stage });
  const body = dashboardBody(template);
  const topic = logicalIdOf(template, 'AWS::SNS::Topic', 'AlarmTopic');

  it('charts the API: requests, 4xx, 5xx and latency p50/p90/p99 of the $default stage', () => {
    const apiId = logicalIdOf(template, 'AWS::ApiGatewayV2::Api', 'ApiHttpApi');
    for (const metric of ['Count', '4xx', '5xx', 'Latency']) {
      expect(body).toContain(
        `"AWS/ApiGateway","${metric}","ApiId","<Ref:${apiId}>","Stage","$default"`,
      );
    }
    for (const stat of ['p50', 'p90', 'p99']) expect(body).toContain(`"stat":"${stat}"`);
  });

  it('charts errors, throttles, duration and concurrency of every function, and cold starts', () => {
    const functionIds = Object.keys(template.findResources('AWS::Lambda::Function'));
    expect(functionIds).toHaveLength(functionCount);
    for (const id of functionIds) {
      for (const metric of ['Errors', 'Throttles', 'Duration', 'ConcurrentExecutions']) {
        expect(body, `${metric} of ${id}`).toContain(
          `"AWS/Lambda","${metric}","FunctionName","<Ref:${id}>"`,
        );
      }
    }
    // Cold starts come from the REPORT records of every function's log group.
    expect(body).toContain('initDuration');
    for (const id of Object.keys(template.findResources('AWS::Logs::LogGroup'))) {
      if (id.startsWith('ApiAccessLogs')) continue;
      expect(body, id).toContain(`<Ref:${id}>`);
    }
  });

  it('charts depth and oldest-message age of every queue and the depth of every DLQ', () => {
    for (const queueId of queues) {
      const name = queueId.charAt(0).toUpperCase() + queueId.slice(1);
      const work = logicalIdOf(template, 'AWS::SQS::Queue', `${name}Queue`);
      const dlq = logicalIdOf(template, 'AWS::SQS::Queue', `${name}QueueDlq`);
      for (const metric of [
        'ApproximateNumberOfMessagesVisible',
        'ApproximateAgeOfOldestMessage',
      ]) {
        expect(body).toContain(`"AWS/SQS","${metric}","QueueName","<Att:${work}.QueueName>"`);
      }
      expect(body).toContain(
        `"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","<Att:${dlq}.QueueName>"`,
      );
    }
  });

  it('charts the business metrics the code emits, payments by network', () => {
    for (const name of METRICS_BY_NETWORK) {
      expect(body).toContain(
        `SEARCH('{FeexPayPayments,network,service} MetricName=\\"${name}\\" service=\\"feexpay-payments\\"', 'Sum', 300)`,
      );
    }
    const serviceMetrics = [...Object.values(SERVICE_METRICS).flat(), 'OldestPendingAgeSeconds'];
    for (const name of serviceMetrics) {
      expect(body).toContain(`"FeexPayPayments","${name}","service","feexpay-payments"`);
    }
  });

  it('alarms on the API 5xx rate (≥ 1 % of at least 20 requests in 5 minutes)', () => {
    const [alarm] = alarmByAnchor(template, 'api-5xx-rate');
    expect(alarm?.Properties).toMatchObject({
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topic }],
    });
    const metrics = alarm?.Properties.Metrics as { Expression?: string; MetricStat?: unknown }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe(
      `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
    );
    expect(JSON.stringify(metrics)).toContain('"MetricName":"5xx"');
  });

  it('alarms on API p99 latency over 15 minutes, at the configured threshold', () => {
    const [alarm] = alarmByAnchor(template, 'api-p99-latency');
    expect(watched(alarm)).toMatchObject({
      MetricName: 'Latency',
      Namespace: 'AWS/ApiGateway',
      Stat: 'p99',
      Period: 300,
    });
    expect(alarm?.Properties).toMatchObject({
      EvaluationPeriods: 3,
      Threshold: config.alarmLatencyP99Ms,
      AlarmActions: [{ Ref: topic }],
    });
  });

  it('alarms on any throttle of any function, in groups within CloudWatch’s 10-metric limit', () => {
    const throttleAlarms = alarmByAnchor(template, 'lambda-throttles');
    expect(throttleAlarms).toHaveLength(Math.ceil(functionCount / MAX_METRICS_PER_ALARM));
    const covered = new Set<string>();
    for (const alarm of throttleAlarms) {
      expect(alarm.Properties).toMatchObject({ Threshold: 1, AlarmActions: [{ Ref: topic }] });
      const metrics = alarm.Properties.Metrics as {
        MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: { Ref: string } }[] } };
      }[];
      const stats = metrics.filter((m) => m.MetricStat);
      expect(stats.length).toBeLessThanOrEqual(MAX_METRICS_PER_ALARM);
      for (const m of stats) {
        expect(m.MetricStat?.Metric.MetricName).toBe('Throttles');
        covered.add(m.MetricStat?.Metric.Dimensions[0]?.Value.Ref ?? '');
      }
    }
    expect([...covered].sort()).toEqual(
      Object.keys(template.findResources('AWS::Lambda::Function')).sort(),
    );
  });

  it('alarms on every DLQ, linking to the runbook section of that queue', () => {
    for (const queueId of queues) {
      const [alarm] = alarmByAnchor(template, `${queueId}-dlq-not-empty`);
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('alarms on the oldest PENDING payment, and when the reconciler stops reporting it', () => {
    const [alarm] = alarmByAnchor(template, 'oldest-pending-payment');
    expect(watched(alarm)).toMatchObject({
      Namespace: 'FeexPayPayments',
      MetricName: 'OldestPendingAgeSeconds',
      Dimensions: [{ Name: 'service', Value: 'feexpay-payments' }],
      Stat: 'Maximum',
      Period: 300,
    });
    expect(alarm?.Properties).toMatchObject({
      Threshold: config.alarmOldestPendingSeconds,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topic }],
    });
  });

  it('alarms on webhook rejections (wrong or missing token)', () => {
    const [alarm] = alarmByAnchor(template, 'webhook-rejections');
    expect(watched(alarm)).toMatchObject({
      MetricName: 'WebhookRejected',
      Stat: 'Sum',
      Period: 300,
    });
    expect(alarm?.Properties).toMatchObject({
      Threshold: config.alarmWebhookRejections,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
    });
  });

  it.each(MONEY_SIGNALS)('alarms on the first %s in 5 minutes (a money signal)', (metric) => {
    const [alarm, ...others] = alarmByAnchor(template, MONEY_ALARMS[metric].runbook);
    expect(others).toEqual([]);
    expect(watched(alarm)).toEqual({
      Namespace: 'FeexPayPayments',
      MetricName: metric,
      Dimensions: [{ Name: 'service', Value: 'feexpay-payments' }],
      Stat: 'Sum',
      Period: 300,
    });
    expect(alarm?.Properties).toMatchObject({
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
  });

  it('gives every alarm an SNS action and a runbook section that exists', () => {
    const anchors = anchorsOf(runbooks);
    const all = alarms(template);
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const alarm of all) {
      const description = String(alarm.Properties.AlarmDescription);
      const anchor = /docs\/runbooks\.md#([\w-]+)$/.exec(description)?.[1];
      expect(anchor, description).toBeDefined();
      expect(anchors, description).toContain(anchor);
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
    // The dashboard shows them all in one status widget.
    for (const id of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body).toContain(`<Att:${id}.Arn>`);
    }
  });

  it('outputs the dashboard URL and the queue and DLQ URLs the operator tools take', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'DashboardUrl',
        'WebhookQueueUrl',
        'WebhookDlqUrl',
        'NotificationQueueUrl',
        'NotificationDlqUrl',
      ]),
    );
  });
});

describe('alarm thresholds from the stage config', () => {
  it('follow alarmLatencyP99Ms, alarmOldestPendingSeconds and alarmWebhookRejections', () => {
    const { template } = buildStack({
      context: {
        alarmLatencyP99Ms: '4000',
        alarmOldestPendingSeconds: '3600',
        alarmWebhookRejections: '20',
      },
    });
    expect(alarmByAnchor(template, 'api-p99-latency')[0]?.Properties.Threshold).toBe(4000);
    expect(alarmByAnchor(template, 'oldest-pending-payment')[0]?.Properties.Threshold).toBe(3600);
    expect(alarmByAnchor(template, 'webhook-rejections')[0]?.Properties.Threshold).toBe(20);
  });

  it('samples the oldest-PENDING metric no faster than the reconciler runs', () => {
    const { template } = buildStack({ context: { reconcileEveryMinutes: '30' } });
    expect(watched(alarmByAnchor(template, 'oldest-pending-payment')[0]).Period).toBe(1800);
  });
});

/** Every `.ts` file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the money alarms watch what the code emits', () => {
  const { template } = buildStack({ stage: 'prod' });
  const root = new URL('../..', import.meta.url).pathname;

  it('each money signal is counted somewhere in shared/, under the service dimension only', () => {
    const code = sourceFiles(join(root, 'shared'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const metric of MONEY_SIGNALS) {
      // countMetric(name) without a network: the `{service}` dimension set the alarm watches.
      const calls = [...code.matchAll(new RegExp(`countMetric\\(([^)]*'${metric}'[^)]*)\\)`, 'g'))];
      expect(calls.length, metric).toBeGreaterThan(0);
      for (const [, args] of calls) expect(args, metric).not.toContain(',');
    }
  });

  it('a function deployed with the stack’s environment emits each one as the alarm reads it', () => {
    // The environment every function gets (Powertools service name and namespace), from the template.
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as Resource;
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    const env = {
      PATH: process.env.PATH ?? '',
      POWERTOOLS_SERVICE_NAME: String(variables.POWERTOOLS_SERVICE_NAME),
      POWERTOOLS_METRICS_NAMESPACE: String(variables.POWERTOOLS_METRICS_NAMESPACE),
    };
    const metricsModule = new URL('../../shared/metrics.ts', import.meta.url).href;
    const script = `
      const { countMetric, metrics } = await import(${JSON.stringify(metricsModule)});
      const out = {};
      for (const name of ${JSON.stringify(MONEY_SIGNALS)}) {
        countMetric(name);
        out[name] = metrics.serializeMetrics();
        metrics.clearMetrics();
      }
      process.stdout.write(JSON.stringify(out));`;
    const emitted = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env,
        encoding: 'utf8',
      }),
    ) as Record<string, Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } }>;

    for (const metric of MONEY_SIGNALS) {
      const [alarm] = alarmByAnchor(template, MONEY_ALARMS[metric].runbook);
      const w = watched(alarm) as {
        Namespace: string;
        MetricName: string;
        Dimensions: { Name: string; Value: string }[];
      };
      const emf = emitted[metric];
      expect(emf?._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: w.Namespace,
          Dimensions: [w.Dimensions.map((d) => d.Name)],
          Metrics: [{ Name: w.MetricName, Unit: 'Count' }],
        },
      ]);
      for (const d of w.Dimensions) expect(emf?.[d.Name]).toBe(d.Value);
      expect(emf?.[w.MetricName]).toBe(1);
    }
  });
});
