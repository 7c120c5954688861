/**
 * The local stack as the bench runs it: free ports, a table and queues of its own, metrics off,
 * errors-only logs and a rate limit no run reaches, so only the workload under measurement counts.
 */
import { randomUUID } from 'node:crypto';
import type { LocalSettings } from '../local/settings.ts';
import { startLocalStack } from '../local/stack.ts';

export function startBenchStack(name: string, settings: Partial<LocalSettings>) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  return startLocalStack({
    settings: {
      port: 0,
      simulatorPort: 0,
      sqsPort: 0,
      dynamoDbPort: 0,
      rateLimitPerMinute: 1_000_000_000,
      logLevel: 'ERROR',
      tableName: `${name}-${randomUUID().slice(0, 8)}`,
      ...settings,
    },
    queuePrefix: `${name}-${randomUUID().slice(0, 6)}-`,
    log: () => {},
  });
}
