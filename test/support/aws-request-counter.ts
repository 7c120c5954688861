/**
 * Counts the AWS requests a client sends, by operation (`GetItem`, `PutItem`, `UpdateItem`,
 * `Query`, `SendMessage`…), through a middleware on the client's own stack. Attach it to the
 * module-scope client a handler uses (e.g. `dynamoDbClient` from shared/clients/dynamodb.ts) in a
 * test that runs the handler in-process; a DocumentClient shares its client's stack, so its
 * commands are counted too. Retries of one command count once (it is one request to pay for).
 */
import type { MiddlewareStack } from '@smithy/types';

// biome-ignore lint/suspicious/noExplicitAny: works with any client's input and output types
type AnyClient = { middlewareStack: MiddlewareStack<any, any> };

export interface RequestCounter {
  /** Operation name → requests sent since the last reset. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  detach(): void;
}

let sequence = 0;

export function countRequests(client: AnyClient): RequestCounter {
  const name = `requestCounter${++sequence}`;
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name, override: true },
  );
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      counts = {};
    },
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
