/**
 * cdk-nag packs the stack must pass (AwsSolutions and Serverless). cdk-nag 3 runs as a CDK
 * validation plugin at synth; acknowledgements (`Validations.of(x).acknowledge`) sit next to the
 * resource they concern, each with its reason.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { Construct } from 'constructs';

/** The packs, as fresh instances (tests run them directly with `validateScope`). */
export function nagPacks(scope: Construct) {
  return [new AwsSolutionsChecks(scope), new ServerlessChecks(scope)];
}

/** Registers the packs on the app so `cdk synth` reports (and fails on) unacknowledged errors. */
export function addNagChecks(app: Construct): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}
