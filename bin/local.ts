/**
 * `npm start`: the whole system on this machine (see local/stack.ts and the README's settings
 * table). Prints, when ready, every URL a developer needs, the merchant signing secret and the
 * operator tools' environment; stops cleanly on Ctrl-C (SIGINT) or SIGTERM, also when the signal
 * comes while it is still starting. Handler logs are shown one readable line each unless
 * `--json-logs` (local/log-view.ts). `npm start -- --help` lists the flags.
 */

import { type QueueId, queueUrlEnv } from '../lib/routes.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws.ts';
import { PrerequisiteError } from '../local/dynamodb-local.ts';
import { currentFunctionId } from '../local/lambda.ts';
import { installLogView } from '../local/log-view.ts';
import { type LocalSettings, loadSettings } from '../local/settings.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';
import { parseCommand } from '../scripts/cli.ts';

const { values: flags } = parseCommand({
  command: 'npm start --',
  summary:
    'Runs the whole system on this machine: DynamoDB Local, the SQS emulator, the FeexPay simulator,\nthe local API Gateway and every handler. Settings are environment variables (README, "Local settings").',
  options: {
    persist: {
      type: 'boolean',
      description:
        'Keep the DynamoDB data in LOCAL_STATE_DIR across restarts (LOCAL_PERSIST=true).',
    },
    'json-logs': {
      type: 'boolean',
      description: 'Handler logs as deployed, one JSON record per line (LOG_FORMAT=json).',
    },
    metrics: {
      type: 'boolean',
      description: 'Show the EMF metric records too (LOG_METRICS=true).',
    },
  },
  examples: [
    'npm start',
    'npm start -- --persist',
    'PORT=8080 CORS_ALLOWED_ORIGINS=http://localhost:5173 npm start -- --json-logs',
  ],
});
const fromFlags: Partial<LocalSettings> = {
  ...(flags.persist ? { persist: true } : {}),
  ...(flags['json-logs'] ? { logFormat: 'json' as const } : {}),
  ...(flags.metrics ? { logMetrics: true } : {}),
};
let settings: LocalSettings;
try {
  settings = loadSettings(fromFlags);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
installLogView({
  json: settings.logFormat === 'json',
  metrics: settings.logMetrics,
  functionId: currentFunctionId,
  color: process.stdout.isTTY === true,
});

let stack: LocalStack | undefined;
let stopRequested: string | undefined;
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  stopRequested ??= signal;
  if (!stack || stopping) return; // still starting: stopped as soon as it is up
  stopping = true;
  console.error(`\n${signal}: stopping the local stack…`);
  const force = setTimeout(() => {
    console.error('The local stack did not stop within 10 s; exiting anyway.');
    process.exit(1);
  }, 10_000);
  force.unref();
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  stack = await startLocalStack({ settings: fromFlags });
} catch (error) {
  // Ctrl-C during start also stops the JVM (same process group): not an error worth a trace.
  if (stopRequested) process.exit(0);
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof PrerequisiteError) {
    console.error(error.message);
  } else if (code === 'EADDRINUSE') {
    console.error(
      `A port the local stack needs is in use (${(error as Error).message}); set PORT (or DYNAMODB_PORT, SQS_PORT, SIMULATOR_PORT) to a free one.`,
    );
  } else {
    console.error('The local stack could not start:', error);
  }
  process.exit(1);
}

if (stopRequested) {
  await shutdown(stopRequested);
} else {
  for (const line of readyText(stack)) console.log(line);
}

/** What `npm start` prints once it is ready (the first line is what tests wait for). */
function readyText(stack: LocalStack): string[] {
  const { apiUrl, baseUrl, endpoints, settings } = stack;
  const lines = [
    `FeexPay payments API (local) ready at ${apiUrl}/`,
    '',
    `  API reference         ${apiUrl}/reference/`,
    `  OpenAPI document      ${apiUrl}/openapi.json`,
    `  checkout demo         ${baseUrl}/demo/`,
    `  back office           ${apiUrl}/admin/   (sign in with: npm run --silent token -- --operator <your name>)`,
    `  JWKS (local issuer)   ${baseUrl}/.well-known/jwks.json   iss ${settings.jwtIssuer}  aud ${settings.jwtAudience}`,
    `  merchant webhooks     ${settings.merchantWebhookUrl ?? `${baseUrl}/_local/merchant-webhook   (GET it to list what arrived)`}`,
    `  signing secret        MERCHANT_WEBHOOK_SECRET=${settings.merchantWebhookSecret}`,
    endpoints.simulator
      ? `  FeexPay simulator     ${endpoints.simulator}/api   controls: ${endpoints.simulator}/__simulator/ (stats, requests, transactions, faults, reset)`
      : '  FeexPay simulator     (off)',
    `  DynamoDB Local        ${endpoints.dynamodb}${settings.persist ? `   data kept in ${settings.stateDir}/dynamodb` : '   (in memory: npm start -- --persist keeps it)'}`,
    `  SQS emulator          ${endpoints.sqs}`,
    `  CORS origins          ${settings.corsAllowedOrigins.join(', ')}`,
    '',
    '  token for a user: TOKEN=$(npm run --silent token -- <sub>)   then: Authorization: Bearer $TOKEN',
    // What `npm run redrive` and `npm run resend-notifications` need to reach this stack
    // (docs/webhooks.md, "Operator tools"): paste these lines into another shell.
    '  operator tools (npm run redrive, npm run resend-notifications, npm run find-payment) against this stack:',
  ];
  const env = [
    `AWS_ENDPOINT_URL_SQS=${endpoints.sqs}`,
    `AWS_ENDPOINT_URL_DYNAMODB=${endpoints.dynamodb}`,
    `AWS_REGION=${LOCAL_REGION} AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    `TABLE_NAME=${settings.tableName}`,
    `AWS_ENDPOINT_URL_SECRETS_MANAGER=${endpoints.secrets} FEEXPAY_SECRET_ARN=${stack.secretArn}`,
    ...Object.entries(stack.queues).map(
      ([id, queue]) =>
        `${queueUrlEnv(id as QueueId)}=${queue.url} ${queueUrlEnv(id as QueueId).replace('_QUEUE_URL', '_DLQ_URL')}=${queue.dlqUrl}`,
    ),
  ];
  return [...lines, ...env.map((line) => `    export ${line}`)];
}
