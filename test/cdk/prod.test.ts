import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack } from './helpers.ts';

describe('prod stack', () => {
  const { template, config } = buildStack({ stage: 'prod' });

  it('retains the table and turns on deletion protection and PITR', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('keeps logs for the configured retention and pages the configured emails', () => {
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(365);
    }
    for (const email of config.alarmEmails) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
      });
    }
  });

  it('reserves 100 concurrent executions for the webhook receiver, and for nothing else', () => {
    const reserved = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined)
      .map(([id, fn]) => [
        id.replace(/Fn[0-9A-F]{8}$/, ''),
        fn.Properties.ReservedConcurrentExecutions,
      ]);
    expect(reserved).toEqual([['WebhookReceive', 100]]);
  });

  it('gives the webhook route 1,000 requests a second of its own, health and $default a trickle', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties).toMatchObject({
      DefaultRouteSettings: { ThrottlingRateLimit: 4000, ThrottlingBurstLimit: 6000 },
      RouteSettings: {
        'POST /api/v1/payments/feexpay/webhook': {
          ThrottlingRateLimit: 1000,
          ThrottlingBurstLimit: 2000,
        },
        'GET /api/v1/payments/feexpay/health': {
          ThrottlingRateLimit: 10,
          ThrottlingBurstLimit: 20,
        },
        $default: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      },
    });
  });

  it('imports an existing secret by ARN instead of creating one, and grants read on that ARN', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:feexpay/prod-AbC123';
    const { template: imported } = buildStack({
      stage: 'prod',
      context: { existingSecretArn: arn },
    });
    imported.resourceCountIs('AWS::SecretsManager::Secret', 0);
    imported.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
            Resource: arn,
          }),
        ]),
      },
    });
  });
});
