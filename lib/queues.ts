/**
 * A work queue with its dead-letter queue, and its two alarms: its oldest message is old (work is
 * being retried: someone should know why), and anything in the DLQ (the retry budget ran out:
 * inspect, fix, redrive). docs/decisions.md, decision 6: every queue has an alarmed DLQ and a
 * redrive path.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { type Alarm, type IAlarmAction, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RETRY_BUDGET, receivesWithin } from '../shared/retry-budget.ts';
import { createAlarm } from './observability/alarms.ts';

/**
 * A message that failed this many receives moves to the DLQ: as many as the consumers' backoff
 * (shared/retry-budget.ts: 10 s doubling to 15 min) takes to outlast the retry budget (6 hours).
 */
export const MAX_RECEIVE_COUNT = receivesWithin(RETRY_BUDGET);

/** How long a work queue keeps a message: well past the retry budget, so none expires unseen. */
export const RETENTION = Duration.days(4);

/** Lambda's SQS guidance: visibility timeout at least 6× the consumer's function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface ServiceQueueProps {
  /** The consumer function's timeout; the visibility timeout is 6× this. */
  consumerTimeout: Duration;
  /** Where the DLQ alarm notifies (the SNS alarm topic). */
  alarmAction: IAlarmAction;
  /** Heading anchor of the DLQ's section in docs/runbooks.md, e.g. `webhook-dlq-not-empty`. */
  runbook: string;
  /** The age alarm fires when the oldest message has waited this long (`alarmQueueAgeSeconds`). */
  ageAlarmSeconds: number;
  /** Heading anchor of the age alarm's section, e.g. `webhook-queue-backlog`. */
  ageRunbook: string;
}

/**
 * An SQS queue with SQS-managed encryption, a TLS-only policy, a DLQ (same settings, 14 days'
 * retention so there is time to redrive) after {@link MAX_RECEIVE_COUNT} receives, an alarm on the
 * age of its oldest message, and an alarm on the DLQ's visible messages (≥ 1).
 */
export class ServiceQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dlqAlarm: Alarm;
  readonly ageAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ServiceQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const isDlq =
      'This queue is itself the dead-letter queue of its sibling work queue; messages leave it only by redrive (operator) after the alarm.';
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: isDlq,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(
        props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR,
      ),
      retentionPeriod: RETENTION,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    // The age counts from the first send and keeps counting across receives, so a record being
    // retried (FeexPay down, a bug) shows here long before the retry budget dead-letters it.
    this.ageAlarm = createAlarm(
      this,
      {
        id: 'OldestMessageAge',
        runbook: props.ageRunbook,
        summary: `The oldest message of the ${id} has waited ${props.ageAlarmSeconds} s or more: its work is being retried`,
        metric: this.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: Stats.MAXIMUM,
        }),
        threshold: props.ageAlarmSeconds,
      },
      props.alarmAction,
    );
    this.dlqAlarm = createAlarm(
      this,
      {
        id: 'DlqNotEmpty',
        runbook: props.runbook,
        summary: `Messages in the ${id} dead-letter queue: inspect, fix the cause, redrive`,
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 1,
      },
      props.alarmAction,
    );
  }
}
