import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageConfig } from '../../lib/config.ts';
import type { RouteTable } from '../../lib/payments-stack.ts';
import {
  AUTH,
  type AuthRule,
  type Consumer,
  consumers,
  defaultRoute,
  fullPath,
  type Grants,
  type QueueId,
  queues,
  queueUrlEnv,
  type Route,
  requiredScopes,
  routes,
  type Schedule,
  schedules,
} from '../../lib/routes.ts';
import { tableDefinition } from '../../lib/table.ts';
import { KEY_PATTERNS, type RecordKind } from '../../shared/keys.ts';
import { RETRY_BUDGET, receivesWithin } from '../../shared/retry-budget.ts';
import { buildStack, logicalIdOf, permissions, tableAccess } from './helpers.ts';

type Row = { id: string; grants: Grants };
const allRows: Row[] = [...routes, defaultRoute, ...consumers, ...schedules];
const jwtOf = (route: Route): AuthRule['jwt'] => (AUTH[route.auth] as AuthRule).jwt;
const pascal = (q: string) => q.charAt(0).toUpperCase() + q.slice(1);

function functionProps(template: Template, rowId: string) {
  const id = logicalIdOf(template, 'AWS::Lambda::Function', `${rowId}Fn`);
  const fn = template.toJSON().Resources[id];
  return { id, props: fn.Properties as Record<string, unknown> };
}

function queueArnRef(template: Template, queueId: QueueId): string {
  return logicalIdOf(template, 'AWS::SQS::Queue', `${pascal(queueId)}Queue`);
}

/** Least privilege derived from the row's grants: exactly these permissions, nothing else. */
function expectLeastPrivilege(
  template: Template,
  row: Row,
  consumed: QueueId | undefined,
  allQueues: readonly QueueId[],
) {
  const { id, props } = functionProps(template, row.id);
  const perms = permissions(template, id);
  const actions = new Set(perms.map((p) => p.action));
  const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;

  // Only these services, ever; and never a Scan.
  for (const action of actions) {
    expect(action).toMatch(/^(logs|xray|dynamodb|secretsmanager|sqs):/);
  }
  expect(actions.has('dynamodb:Scan')).toBe(false);

  // Logs only to its own log group.
  const logs = perms.filter((p) => p.action.startsWith('logs:'));
  expect(logs.map((p) => p.action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  for (const p of logs) expect(p.resource).toContain(`${row.id}FnLogs`);

  // Table: each granted action on its record kind's keys only, nothing else; TABLE_NAME with it.
  expect(tableAccess(template, id), `${row.id} table access`).toEqual(
    expectedTableAccess(row.grants.table ?? {}),
  );
  expect('TABLE_NAME' in env, `${row.id} TABLE_NAME`).toBe(row.grants.table !== undefined);

  // Secret: read only if granted; the ARN (never a value) comes with it.
  expect(actions.has('secretsmanager:GetSecretValue'), `${row.id} secret`).toBe(
    row.grants.secret === true,
  );
  expect('FEEXPAY_SECRET_ARN' in env).toBe(row.grants.secret === true);
  expect([...actions].filter((a) => a.startsWith('secretsmanager:')).sort()).toEqual(
    row.grants.secret ? ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] : [],
  );

  for (const queueId of allQueues) {
    const queueLogicalId = queueArnRef(template, queueId);
    const on = (action: string) =>
      perms.some((p) => p.action === action && p.resource.includes(queueLogicalId));
    const sends = row.grants.sendTo?.includes(queueId) ?? false;
    expect(on('sqs:SendMessage'), `${row.id} sends to ${queueId}`).toBe(sends);
    expect(on('sqs:ReceiveMessage'), `${row.id} receives from ${queueId}`).toBe(
      consumed === queueId,
    );
    expect(queueUrlEnv(queueId) in env).toBe(sends || consumed === queueId);
  }
  // SQS permissions never on anything but the queues above (e.g. not on a DLQ).
  for (const p of perms.filter((q) => q.action.startsWith('sqs:'))) {
    expect(allQueues.some((q) => p.resource.includes(queueArnRef(template, q)))).toBe(true);
  }
}

/** `tableAccess` lines a row's table grants must produce. */
function expectedTableAccess(grants: NonNullable<Grants['table']>): string[] {
  const lines: string[] = [];
  for (const [kind, actions] of Object.entries(grants) as [RecordKind, readonly string[]][]) {
    const patterns: Record<string, readonly string[]> = KEY_PATTERNS[kind];
    const items = actions.filter((a) => !a.includes(':')).sort();
    if (items.length > 0)
      lines.push(`${items.join(',')} on table where pk ~ ${patterns.items?.join(' ')}`);
    for (const query of actions.filter((a) => a.includes(':'))) {
      const index = query.split(':')[1] as string;
      lines.push(`Query on index/${index} where pk ~ ${patterns[index]?.join(' ')}`);
    }
  }
  return lines.sort();
}

/**
 * Every function's table access, written out: what each may do to which keys. A change to a row's
 * grants (or to how they become IAM) shows here as a diff to review.
 */
const PINNED_TABLE_ACCESS: Record<string, string[]> = {
  ProvidersList: ['GetItem on table where pk ~ STATS#networks'],
  HealthCheck: ['GetItem on table where pk ~ HEALTH'],
  WebhookReceive: ['PutItem on table where pk ~ WEBHOOK#*'],
  PaymentsInitiate: [
    'GetItem,PutItem,UpdateItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  PaymentsStatus: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  PaymentsHistory: [
    'Query on index/byOwner where pk ~ OWNER#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  PaymentsRetry: [
    'BatchGetItem,GetItem,PutItem,UpdateItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  PaymentsGet: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
  ],
  PaymentsList: [
    'BatchGetItem on table where pk ~ PAYMENT#*',
    'BatchGetItem,GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'Query on index/byCreated where pk ~ CREATED#*',
  ],
  CheckoutsCreate: [
    'GetItem,PutItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
  ],
  CheckoutsGet: ['GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*'],
  CheckoutsCancel: [
    'GetItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
  ],
  CheckoutsPublic: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  CheckoutsPay: [
    'GetItem,PutItem,UpdateItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  CheckoutsOtp: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  CheckoutPage: [
    'GetItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  PaymentsOtp: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'UpdateItem on table where pk ~ RATE#*',
  ],
  OpenApiDocument: [],
  ApiReference: [],
  NotFound: [],
  WebhookProcess: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ PAYOUT#* PAYMENT#*',
    'Query on index/byReference where pk ~ PAYOUT_REF#*',
    'Query on index/byReference where pk ~ REF#*',
    'UpdateItem on table where pk ~ WEBHOOK#*',
  ],
  NotificationsSend: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ PAYOUT#* PAYMENT#*',
  ],
  AdminPage: [],
  AdminPaymentsList: [
    'BatchGetItem on table where pk ~ PAYMENT#*',
    'BatchGetItem,GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'Query on index/byCreated where pk ~ CREATED#*',
  ],
  AdminPaymentsExport: [
    'BatchGetItem on table where pk ~ PAYMENT#*',
    'BatchGetItem,GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'Query on index/byCreated where pk ~ CREATED#*',
  ],
  AdminSearch: [
    'BatchGetItem,GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'BatchGetItem,GetItem on table where pk ~ PAYMENT#*',
    'Query on index/byPhone where pk ~ PHONE#*',
    'Query on index/byReference where pk ~ REF#*',
  ],
  AdminPaymentTimeline: [
    'BatchGetItem on table where pk ~ PAYOUT#* PAYMENT#*',
    'BatchGetItem on table where pk ~ WEBHOOK#*',
    'BatchGetItem,GetItem on table where pk ~ PAYMENT#*',
    'GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
  ],
  AdminPaymentResend: ['GetItem,UpdateItem on table where pk ~ PAYMENT#*'],
  AdminCheckoutCancel: [
    'GetItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
  ],
  AdminNetworkHealth: ['GetItem on table where pk ~ STATS#networks'],
  // The merchant's refund (RefundsCreate), plus the audit entry on the payment and the checkout
  // that names the refund's merchant.
  AdminPaymentRefund: [
    'GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,PutItem,UpdateItem on table where pk ~ PAYOUT#* PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
  ],
  NetworkHealthRefresh: [
    'BatchGetItem on table where pk ~ PAYMENT#*',
    'BatchGetItem,GetItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'PutItem on table where pk ~ STATS#networks',
    'Query on index/byCreated where pk ~ CREATED#*',
  ],
  PaymentsReconcile: [
    'GetItem,UpdateItem on table where pk ~ CHECKOUT#* ORDER#* CHECKOUT_KEY#*',
    'GetItem,UpdateItem on table where pk ~ PAYMENT#*',
    'GetItem,UpdateItem on table where pk ~ PAYOUT#* PAYMENT#*',
    'Query on index/byDueWork where pk ~ CHECKOUT_EXPIRY#* CHECKOUT_OUTBOX#*',
    'Query on index/byDueWork where pk ~ PAYOUT_CHECK#* PAYOUT_OUTBOX#*',
    'Query on index/byDueWork where pk ~ PENDING#* OUTBOX#* RECHECK#*',
  ],
  // The payout kind's items include the payment items' prefix: a refund reserves and settles its
  // amount on its payment in the same transaction (docs/decisions.md, decision 54).
  PayoutsCreate: ['GetItem,PutItem,UpdateItem on table where pk ~ PAYOUT#* PAYMENT#*'],
  PayoutsGet: ['GetItem on table where pk ~ PAYOUT#* PAYMENT#*'],
  PayoutsList: [
    'BatchGetItem on table where pk ~ PAYOUT#* PAYMENT#*',
    'Query on index/byOwner where pk ~ PAYOUTS#*',
  ],
  RefundsCreate: [
    'GetItem on table where pk ~ PAYMENT#*',
    'GetItem,PutItem,UpdateItem on table where pk ~ PAYOUT#* PAYMENT#*',
  ],
  RefundsList: [
    'BatchGetItem on table where pk ~ PAYOUT#* PAYMENT#*',
    'GetItem on table where pk ~ PAYMENT#*',
  ],
};

describe('dev stack built from lib/routes.ts', () => {
  let template: Template;
  let config: StageConfig;

  beforeAll(() => {
    ({ template, config } = buildStack());
  });

  it('has one on-demand table with PITR, the TTL attribute and the three indexes, deleted with a dev stack', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            Projection: {
              ProjectionType: index.projection,
              ...(index.nonKeyAttributes ? { NonKeyAttributes: index.nonKeyAttributes } : {}),
            },
          }),
        ),
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: false,
          }),
        ],
      }),
    });
  });

  it('runs every function on nodejs24.x / arm64 with 512 MB, tracing and its own log group', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(allRows.length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('uses the row timeouts and keeps API functions under API Gateway’s 30 s', () => {
    for (const route of routes) {
      const { props } = functionProps(template, route.id);
      expect(props.Timeout).toBe(route.timeoutSeconds ?? 10);
      expect(props.Timeout as number).toBeLessThanOrEqual(29);
    }
  });

  it('sets the retention from config on every log group', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    // One per function plus the API access logs.
    expect(groups).toHaveLength(allRows.length + 1);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(config.logRetentionDays);
    }
  });

  it('protects API routes with a JWT authorizer whose issuer and audience come from config', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: config.jwtIssuer, Audience: config.jwtAudience },
    });
  });

  it('declares one route per row (API Gateway serves the trailing-slash form from it) and a $default route', () => {
    const declared = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) =>
        r.Properties as {
          RouteKey: string;
          AuthorizationType: string;
          AuthorizationScopes?: string[];
        },
    );
    for (const route of routes) {
      const key = `${route.method} ${fullPath(route)}`;
      const found = declared.filter((r) => r.RouteKey === key);
      expect(found, key).toHaveLength(1);
      expect(found[0]?.AuthorizationType).toBe(jwtOf(route) ? 'JWT' : 'NONE');
      // The merchant routes require the stage's merchant scope (default payments/merchant).
      const scopes = requiredScopes(AUTH[route.auth], {
        merchant: config.merchantScope,
        operator: config.operatorScope,
      });
      expect(found[0]?.AuthorizationScopes).toEqual(scopes.length > 0 ? scopes : undefined);
    }
    expect(declared.filter((r) => r.RouteKey === '$default')).toEqual([
      expect.objectContaining({ AuthorizationType: 'NONE' }),
    ]);
    expect(declared).toHaveLength(routes.length + 1);
  });

  it('requires the merchant scope the stage names on the merchant routes, and hands it to their functions', () => {
    const { template: custom } = buildStack({ context: { merchantScope: 'shop-api/checkout' } });
    const merchantRoutes = Object.values(custom.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties as { RouteKey: string; AuthorizationScopes?: string[] })
      .filter((r) => r.AuthorizationScopes && !r.AuthorizationScopes.includes('payments/admin'));
    expect(merchantRoutes.map((r) => r.RouteKey).sort()).toEqual(
      routes
        .filter((r) => r.auth === 'merchant')
        .map((r) => `${r.method} ${fullPath(r)}`)
        .sort(),
    );
    for (const route of merchantRoutes) {
      expect(route.AuthorizationScopes).toEqual(['shop-api/checkout']);
    }
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MERCHANT_SCOPE: 'shop-api/checkout' }) },
    });
    expect(() => buildStack({ context: { merchantScope: 'two scopes' } })).toThrow(/merchantScope/);
  });

  it('requires the operator scope the stage names on the back-office routes, and hands it to their functions', () => {
    const { template: custom } = buildStack({ context: { operatorScope: 'shop-api/admin' } });
    const scoped = Object.values(custom.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties as { RouteKey: string; AuthorizationScopes?: string[] })
      .filter((r) => r.AuthorizationScopes?.includes('shop-api/admin'));
    expect(scoped.map((r) => r.RouteKey).sort()).toEqual(
      routes
        .filter((r) => r.auth === 'operator')
        .map((r) => `${r.method} ${fullPath(r)}`)
        .sort(),
    );
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ OPERATOR_SCOPE: 'shop-api/admin' }) },
    });
  });

  it('gives cheap public routes their own small throttle, so a flood on them cannot spend the webhook’s', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const limit = (rate: number, burst: number) => ({
      ThrottlingRateLimit: Math.min(rate, config.throttlingRateLimit),
      ThrottlingBurstLimit: Math.min(burst, config.throttlingBurstLimit),
    });
    expect(settings).toEqual({
      $default: limit(20, 40),
      [`GET ${fullPath({ path: 'health' })}`]: limit(10, 20),
      [`GET ${fullPath({ path: 'providers' })}`]: limit(100, 200),
      [`GET ${fullPath({ path: 'openapi.json' })}`]: limit(100, 200),
      [`GET ${fullPath({ path: 'reference' })}`]: limit(100, 200),
      [`GET ${fullPath({ path: 'admin' })}`]: limit(100, 200),
      [`POST ${fullPath({ path: 'webhook' })}`]: limit(1000, 2000),
    });
    // The stage is deployed after the routes its settings name (CloudFormation refuses otherwise).
    const stageId = Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as string;
    const dependsOn = template.toJSON().Resources[stageId].DependsOn as string[];
    const routeIds = template.findResources('AWS::ApiGatewayV2::Route');
    for (const [id, route] of Object.entries(routeIds)) {
      if (route.Properties.RouteKey in settings) expect(dependsOn).toContain(id);
    }
  });

  it('reserves no concurrency in dev, where a new account may have too little to reserve', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('throttles the $default stage, logs access as JSON and allows CORS only from config', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage).toHaveLength(1);
    const props = stage[0]?.Properties;
    expect(props).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: config.throttlingRateLimit,
        ThrottlingBurstLimit: config.throttlingBurstLimit,
      },
    });
    const format = JSON.parse(props.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: config.corsAllowedOrigins }),
    });
  });

  it.each(allRows.map((row) => [row.id, row] as const))(
    '%s gets exactly the permissions its grants name',
    (_id, row) => {
      const consumed = consumers.find((c) => c.id === row.id)?.queue;
      expectLeastPrivilege(template, row, consumed, queues);
    },
  );

  it.each(allRows.map((row) => [row.id] as const))(
    '%s: its table access is exactly as pinned (item actions on its own key prefixes, no Delete, no batch write)',
    (rowId) => {
      const { id } = functionProps(template, rowId);
      expect(tableAccess(template, id)).toEqual([...(PINNED_TABLE_ACCESS[rowId] ?? ['?'])].sort());
    },
  );

  it('lets no function delete, batch-write or scan, and none touch keys without a LeadingKeys condition', () => {
    for (const row of allRows) {
      const lines = tableAccess(template, functionProps(template, row.id).id);
      for (const line of lines) {
        expect(line, row.id).not.toMatch(/DeleteItem|BatchWriteItem|Scan|where pk ~ ANY/);
      }
    }
    // The public webhook receiver cannot rewrite a payment.
    const receiver = tableAccess(template, functionProps(template, 'WebhookReceive').id);
    expect(receiver.join('\n')).not.toContain('PAYMENT#');
  });

  it('keeps public and catalogue functions away from data and secrets', () => {
    // The catalog reads one item, the network-health figures (its availability hints), and nothing
    // else: no payment, no secret, no queue.
    const providers = permissions(template, functionProps(template, 'ProvidersList').id);
    expect(
      providers
        .filter((p) => /^(dynamodb|secretsmanager|sqs):/.test(p.action))
        .map((p) => p.action),
    ).toEqual(['dynamodb:GetItem']);
    expect(PINNED_TABLE_ACCESS.ProvidersList).toEqual([
      'GetItem on table where pk ~ STATS#networks',
    ]);
    const notFound = permissions(template, functionProps(template, 'NotFound').id);
    expect(notFound.filter((p) => /^(dynamodb|secretsmanager|sqs):/.test(p.action))).toEqual([]);
  });

  it('gives every queue an encrypted, TLS-only setup, the retry budget’s receives before its DLQ, and alarms on its age and its DLQ', () => {
    const allQueues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(allQueues)).toHaveLength(queues.length * 2);
    for (const q of Object.values(allQueues)) {
      expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    }
    const topic = logicalIdOf(template, 'AWS::SNS::Topic', 'AlarmTopic');
    for (const queueId of queues) {
      const dlq = logicalIdOf(template, 'AWS::SQS::Queue', `${pascal(queueId)}QueueDlq`);
      const work = allQueues[queueArnRef(template, queueId)];
      // 32 receives: the consumers' waits (10 s doubling to 15 min) take 6 hours to use them up.
      expect(work?.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
        maxReceiveCount: receivesWithin(RETRY_BUDGET),
      });
      expect(receivesWithin(RETRY_BUDGET)).toBe(32);
      // Kept 4 days: far longer than the budget, so no message expires while it is retried.
      expect(work?.Properties.MessageRetentionPeriod).toBe(4 * 86_400);
      expect(work?.Properties.MessageRetentionPeriod).toBeGreaterThan(
        4 * RETRY_BUDGET.budgetSeconds,
      );
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Namespace: 'AWS/SQS',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [queueArnRef(template, queueId), 'QueueName'] },
          },
        ],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: config.alarmQueueAgeSeconds,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topic }],
        AlarmDescription: Match.stringLikeRegexp(`docs/runbooks.md#${queueId}-queue-backlog$`),
      });
      const consumer = consumers.find((c) => c.queue === queueId);
      expect(work?.Properties.VisibilityTimeout).toBe(6 * (consumer?.timeoutSeconds ?? 30));
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topic }],
      });
    }
    const tlsOnly = Object.values(template.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(tlsOnly).toHaveLength(queues.length * 2);
  });

  it('wires each consumer to its queue with partial batch responses and each schedule to a rule', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', consumers.length);
    for (const consumer of consumers) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionProps(template, consumer.id).id },
        EventSourceArn: { 'Fn::GetAtt': [queueArnRef(template, consumer.queue), 'Arn'] },
        BatchSize: consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ...(consumer.maxBatchingWindowSeconds
          ? { MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds }
          : {}),
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
      });
    }
    // A backlog drains at a bounded rate: at most 30 × 10 FeexPay status reads, 10 × 10 merchant
    // POSTs in flight.
    expect(consumers.map((c) => [c.id, c.maxConcurrency])).toEqual([
      ['WebhookProcess', 30],
      ['NotificationsSend', 10],
    ]);
    // Both consumers batch for a few seconds: fewer poller requests per message (cost).
    for (const consumer of consumers) expect(consumer.maxBatchingWindowSeconds).toBe(3);
    template.resourceCountIs('AWS::Events::Rule', schedules.length);
    for (const schedule of schedules) {
      const minutes = schedule.everyMinutes;
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionProps(template, schedule.id).id, 'Arn'] },
          }),
        ],
      });
    }
  });

  it('creates the FeexPay secret with a generated webhook token and outputs what an operator needs', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'webhookToken' }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', Match.anyValue());
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'WebhookUrlHint', 'SecretArn', 'TableName']),
    );
  });
});

describe('a route table with new rows', () => {
  const fakeRoute: Route = {
    id: 'FakeJwtRoute',
    method: 'POST',
    path: 'things/{id}',
    entry: 'functions/not-found.ts',
    auth: 'customer',
    grants: { table: { payment: ['GetItem', 'Query:byOwner'] }, sendTo: ['notification'] },
    timeoutSeconds: 20,
  };
  const fakeConsumer: Consumer = {
    id: 'FakeConsumer',
    queue: 'webhook',
    entry: 'functions/not-found.ts',
    batchSize: 3,
    timeoutSeconds: 40,
    grants: { secret: true },
  };
  const fakeSchedule: Schedule = {
    id: 'FakeSchedule',
    entry: 'functions/not-found.ts',
    everyMinutes: 15,
    localIntervalEnv: 'FAKE_INTERVAL_SECONDS',
    localIntervalDefaultSeconds: 5,
    grants: { table: { payment: ['UpdateItem'], webhookEvent: ['PutItem', 'DeleteItem'] } },
  };
  const table: RouteTable = {
    routes: [fakeRoute],
    defaultRoute: { ...defaultRoute, id: 'FakeDefault', timeoutSeconds: 5 },
    queues: ['webhook', 'notification'],
    consumers: [fakeConsumer],
    schedules: [fakeSchedule],
  };
  let template: Template;

  beforeAll(() => {
    ({ template } = buildStack({ routeTable: table }));
  });

  it('deploys them with no change to the stack code', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /api/v1/payments/feexpay/things/{id}',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 240 });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
    });
    expect(functionProps(template, 'FakeJwtRoute').props.Timeout).toBe(20);
    // The `$default` row deploys like any other: its own function behind the `$default` route.
    expect(functionProps(template, 'FakeDefault').props.Timeout).toBe(5);
  });

  it.each([
    [fakeRoute.id, fakeRoute, undefined],
    [fakeConsumer.id, fakeConsumer, 'webhook'],
    [fakeSchedule.id, fakeSchedule, undefined],
  ] as const)('grants %s exactly what its row names', (_id, row, consumed) => {
    expectLeastPrivilege(template, row, consumed, table.queues);
  });

  it('refuses an API route that would outlive API Gateway’s 30 s', () => {
    expect(() =>
      buildStack({ routeTable: { ...table, routes: [{ ...fakeRoute, timeoutSeconds: 30 }] } }),
    ).toThrow(/FakeJwtRoute: timeoutSeconds 30 exceeds 29/);
  });

  it('refuses a row that sends to a queue the stack does not declare', () => {
    expect(() => buildStack({ routeTable: { ...table, queues: ['webhook'] } })).toThrow(
      /unknown queue "notification"/,
    );
  });
});
