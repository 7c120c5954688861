/**
 * What the local stack needs to play Lambda: load a function's `handler` by its entry file (once,
 * lazily, as a cold start would) and build a Lambda-like invocation context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './aws.ts';
import { registerTextModules } from './text-modules.ts';

registerTextModules();

// biome-ignore lint/suspicious/noExplicitAny: handlers take many event shapes
export type LambdaHandler = (event: any, context: Context) => Promise<unknown> | unknown;

/** Deployed Lambda timeouts when a row sets none (defined with the route table). */
export { DEFAULT_TIMEOUT_SECONDS } from '../lib/routes.ts';

/** API Gateway gives up on an integration after this long (and answers 503). */
export const API_GATEWAY_TIMEOUT_MS = 29_000;

/** The repository root: entries in lib/routes.ts are relative to it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const modules = new Map<string, Promise<LambdaHandler>>();

/** The `handler` export of `entry` (relative to the repository root), imported once. */
export function loadHandler(entry: string): Promise<LambdaHandler> {
  let loaded = modules.get(entry);
  if (!loaded) {
    loaded = import(pathToFileURL(resolve(REPO_ROOT, entry)).href).then((module) => {
      if (typeof module.handler !== 'function') {
        throw new Error(`${entry} does not export a function named "handler"`);
      }
      return module.handler as LambdaHandler;
    });
    // A failed import is retried on the next call (the file may be fixed meanwhile).
    loaded.catch(() => modules.delete(entry));
    modules.set(entry, loaded);
  }
  return loaded;
}

/** A function the local stack invokes: by entry file, or (tests) a function given directly. */
export interface Invocable {
  id: string;
  entry?: string;
  handler?: LambdaHandler;
}

/** Which function the code running now belongs to (local log lines name it: local/log-view.ts). */
const invocation = new AsyncLocalStorage<{ functionId: string }>();

/** The id of the function whose invocation is running in this async context, if any. */
export function currentFunctionId(): string | undefined {
  return invocation.getStore()?.functionId;
}

export async function resolveHandler(target: Invocable): Promise<LambdaHandler> {
  if (!target.handler && !target.entry) {
    throw new Error(`${target.id} has neither entry nor handler`);
  }
  const handler = target.handler ?? (await loadHandler(target.entry as string));
  return (event, context) =>
    invocation.run({ functionId: target.id }, () => handler(event, context));
}

/** A context like Lambda's for one invocation of function `id` with `timeoutMs` to run. */
export function lambdaContext(id: string, timeoutMs: number): Context {
  const functionName = `feexpay-local-${id}`;
  const deadline = Date.now() + timeoutMs;
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
