/**
 * CDK app: `npm run synth` (dev) or `npx cdk synth -c stage=prod`. Settings: lib/config.ts.
 */
import { App } from 'aws-cdk-lib';
import { loadStageConfig, StageConfigError } from '../lib/config.ts';
import { addNagChecks } from '../lib/nag.ts';
import { PaymentsStack } from '../lib/payments-stack.ts';

const app = new App();
let config: ReturnType<typeof loadStageConfig>;
try {
  config = loadStageConfig((key) => app.node.tryGetContext(key));
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  // A bad setting is an operator error: say which one, without a stack trace.
  console.error(error.message);
  process.exit(1);
}

new PaymentsStack(app, `FeexPayPayments-${config.stage}`, {
  config,
  description: `FeexPay payments API (${config.stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
addNagChecks(app);
app.synth();
