/**
 * The local stack for tests: `startTestStack()` starts it in-process on free ports, with a unique
 * table on the shared DynamoDB Local, unique queue names, a short simulator delay and quiet logs.
 * One stack per test file: the stack sets the environment the handlers' settings are read from
 * (shared/config.ts), and their modules, clients and caches are process-wide; vitest runs each
 * file in its own process (pool 'forks').
 *
 * @example
 * const stack = await startTestStack();
 * afterAll(() => stack.stop());
 * const res = await api(stack, 'GET', 'health');
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalIssuer, type LocalIssuer, type SignOptions } from '../../local/jwt.ts';
import { type LocalSettings, loadSettings } from '../../local/settings.ts';
import { type LocalStack, type LocalStackOverrides, startLocalStack } from '../../local/stack.ts';
import { dynamoDbEndpoint, uniqueTableName } from './dynamodb.ts';

/** Where tests keep the JWT key (not the repository's .local). */
export const TEST_STATE_DIR = join(tmpdir(), 'feexpay-test-state');

/** Settings every test stack starts with; `overrides.settings` goes on top. */
export function testSettings(extra: Partial<LocalSettings> = {}): Partial<LocalSettings> {
  return {
    port: 0,
    host: '127.0.0.1',
    stateDir: TEST_STATE_DIR,
    simulatorPort: 0,
    sqsPort: 0,
    simulatorDelayMs: 200,
    logLevel: process.env.POWERTOOLS_LOG_LEVEL || 'ERROR',
    tableName: uniqueTableName('stack'),
    ...extra,
  };
}

export async function startTestStack(overrides: LocalStackOverrides = {}): Promise<LocalStack> {
  return startLocalStack({
    dynamoDbEndpoint: await dynamoDbEndpoint(),
    queuePrefix: `test-${Math.random().toString(36).slice(2, 8)}-`,
    ...overrides,
    settings: testSettings(overrides.settings),
  });
}

let issuer: Promise<LocalIssuer> | undefined;

/**
 * A bearer token for `sub` that every test stack accepts (same key, issuer and audience), with
 * options for the edge cases (`expiresInSeconds`, `notBeforeInSeconds`, `claims`).
 */
export async function tokenFor(sub: string, options?: SignOptions): Promise<string> {
  issuer ??= (() => {
    const settings = loadSettings(testSettings());
    return createLocalIssuer({
      stateDir: settings.stateDir,
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
    });
  })();
  return (await issuer).sign(sub, options);
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text ('' when empty). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of whatever the API answered
  body: any;
  text: string;
}

/**
 * One request to the stack's API. `path` is below the base path (`health`, `abc/status`); pass
 * `token` (or `sub` to mint one) for JWT routes and `body` (object → JSON) for writes.
 */
export async function api(
  stack: Pick<LocalStack, 'apiUrl'>,
  method: string,
  path: string,
  options: { token?: string; sub?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token ?? (options.sub ? await tokenFor(options.sub) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${stack.apiUrl}/${path.replace(/^\//, '')}`, {
    method,
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
