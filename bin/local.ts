/**
 * `npm start`: the whole system on this machine (see local/stack.ts and the README's settings
 * table). Prints its base URL when ready; stops cleanly on Ctrl-C (SIGINT) or SIGTERM, also when
 * the signal comes while it is still starting.
 */

import { type QueueId, queueUrlEnv } from '../lib/routes.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws.ts';
import { PrerequisiteError } from '../local/dynamodb-local.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';

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
  stack = await startLocalStack();
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
  console.log(`FeexPay payments API (local) ready at ${stack.apiUrl}/`);
  console.log(
    '  token for a user: npm run --silent token -- <sub>   (then: Authorization: Bearer <token>)',
  );
  console.log(`  checkout demo: ${stack.baseUrl}/demo/ · OpenAPI: ${stack.apiUrl}/openapi.json`);
  console.log(
    `  DynamoDB Local ${stack.endpoints.dynamodb} · SQS ${stack.endpoints.sqs} · FeexPay simulator ${stack.endpoints.simulator ?? '(off)'}`,
  );
  // What `npm run redrive` and `npm run resend-notifications` need to reach this stack
  // (docs/webhooks.md, "Operator tools"): paste these lines into another shell.
  console.log(
    '  operator tools (npm run redrive, npm run resend-notifications) against this stack:',
  );
  const env = [
    `AWS_ENDPOINT_URL_SQS=${stack.endpoints.sqs}`,
    `AWS_ENDPOINT_URL_DYNAMODB=${stack.endpoints.dynamodb}`,
    `AWS_REGION=${LOCAL_REGION} AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    `TABLE_NAME=${stack.settings.tableName}`,
    ...Object.entries(stack.queues).map(
      ([id, queue]) =>
        `${queueUrlEnv(id as QueueId)}=${queue.url} ${queueUrlEnv(id as QueueId).replace('_QUEUE_URL', '_DLQ_URL')}=${queue.dlqUrl}`,
    ),
  ];
  for (const line of env) console.log(`    export ${line}`);
}
