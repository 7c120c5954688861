/**
 * The local stack as a separate process for the load run (so the load generator does not share
 * its event loop). Prints one JSON line `{ apiUrl, token }` on stdout when ready; stops on SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { startLocalStack } from '../local/stack.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const stack = await startLocalStack({
  settings: {
    port: 0,
    simulatorPort: 0,
    sqsPort: 0,
    dynamoDbPort: 0,
    simulatorDelayMs: 200,
    rateLimitPerMinute: 1_000_000_000,
    logLevel: 'ERROR',
    tableName: `bench-load-${randomUUID().slice(0, 8)}`,
  },
  queuePrefix: `bench-load-${randomUUID().slice(0, 6)}-`,
  log: () => {},
});
const token = await stack.issuer.sign('bench-load-user');
process.stdout.write(`${JSON.stringify({ apiUrl: stack.apiUrl, token })}\n`);
process.on('SIGTERM', () => {
  void stack.stop().then(() => process.exit(0));
});
