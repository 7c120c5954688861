/**
 * Builds the stack for assertion tests. Bundling is skipped (`aws:cdk:bundling-stacks: []`) so a
 * synth takes about a second; test/cdk/app.test.ts runs the real app with real bundling.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { loadStageConfig } from '../../lib/config.ts';
import { PaymentsStack, type RouteTable } from '../../lib/payments-stack.ts';

export const PROD_EXAMPLE_CONFIG = 'config/prod.example.json';

export interface BuildOptions {
  stage?: 'dev' | 'prod';
  context?: Record<string, unknown>;
  routeTable?: RouteTable;
}

export function buildStack({ stage = 'dev', context = {}, routeTable }: BuildOptions = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const settings: Record<string, unknown> = {
    stage,
    ...(stage === 'prod' ? { config: PROD_EXAMPLE_CONFIG } : {}),
    ...context,
  };
  const config = loadStageConfig((key) => settings[key]);
  const stack = new PaymentsStack(app, `FeexPayPayments-${stage}`, {
    config,
    ...(routeTable ? { routeTable } : {}),
  });
  return { app, stack, config, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The IAM statements attached to a function's execution role, flattened. */
export function roleStatements(template: Template, functionLogicalId: string): Statement[] {
  const resources = template.toJSON().Resources as Resources;
  const fn = resources[functionLogicalId];
  const roleArn = fn?.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined;
  const roleId = roleArn?.['Fn::GetAtt'][0];
  if (!roleId) throw new Error(`No role for ${functionLogicalId}`);
  const statements: Statement[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = resource.Properties?.Roles as { Ref: string }[];
    if (!roles.some((r) => r.Ref === roleId)) continue;
    const doc = resource.Properties?.PolicyDocument as { Statement: Statement[] };
    statements.push(...doc.Statement);
  }
  // The role itself must carry no managed policies (e.g. AWSLambdaBasicExecutionRole).
  const role = resources[roleId];
  if (role?.Properties?.ManagedPolicyArns) throw new Error(`${roleId} has managed policies`);
  return statements;
}

/** Every action a function may perform, with the resources as JSON strings. */
export function permissions(template: Template, functionLogicalId: string) {
  return roleStatements(template, functionLogicalId).flatMap((s) =>
    (Array.isArray(s.Action) ? s.Action : [s.Action]).map((action) => ({
      action,
      resource: JSON.stringify(s.Resource),
    })),
  );
}

/** Logical id of the one `type` resource whose construct id is `constructId` (plus CDK's hash). */
export function logicalIdOf(template: Template, type: string, constructId: string): string {
  const pattern = new RegExp(`^${constructId}[0-9A-F]{8}$`);
  const ids = Object.keys(template.findResources(type)).filter((id) => pattern.test(id));
  if (ids.length !== 1) throw new Error(`Expected one ${type} ${constructId}, got ${ids}`);
  return ids[0] as string;
}

/**
 * A function's DynamoDB statements, one line each, e.g.
 * `GetItem,UpdateItem on table where pk ~ PAYMENT#*` or `Query on index/byOwner where pk ~ OWNER#*`
 * (`pk` is the partition key the request touches: the index's for an index Query). A statement
 * without a LeadingKeys condition reads `where pk ~ ANY`.
 */
export function tableAccess(template: Template, functionLogicalId: string): string[] {
  return roleStatements(template, functionLogicalId)
    .filter((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => a.startsWith('dynamodb:')),
    )
    .map((s) => {
      const actions = (Array.isArray(s.Action) ? s.Action : [s.Action])
        .map((a) => a.replace('dynamodb:', ''))
        .sort();
      const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => {
        const index = /\/index\/(\w+)/.exec(JSON.stringify(r));
        return index ? `index/${index[1]}` : 'table';
      });
      const leading = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      const patterns = leading === undefined ? ['ANY'] : [leading].flat();
      expect(s.Effect).toBe('Allow');
      return `${actions.join(',')} on ${resources.join(',')} where pk ~ ${patterns.join(' ')}`;
    })
    .sort();
}
