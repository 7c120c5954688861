/**
 * DynamoDB Local (AWS's own engine, shipped in the npm package `amplify-dynamodb-simulator`), run as
 * a child JVM on a free port, in memory or (`dbPath`) keeping its data in a folder. `createTable` builds the service's table from the same
 * definition the CDK stack deploys (`lib/table.ts`).
 *
 * Needs Java 17+ on PATH; without it `startDynamoDbLocal` throws a `PrerequisiteError` whose
 * message is one line naming what to install.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type KeyAttribute, tableDefinition } from '../lib/table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from './aws.ts';
import { freePort } from './ports.ts';

/** A missing or unsuitable tool on this machine. `bin/local.ts` prints just the message. */
export class PrerequisiteError extends Error {
  override name = 'PrerequisiteError';
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Stops the JVM and waits until it has exited. Idempotent. */
  stop(): Promise<void>;
}

const JAVA_HINT = 'install it (Debian: apt-get install openjdk-17-jre-headless) and try again.';
const JAVA_MISSING = `DynamoDB Local needs Java 17 or newer on PATH (java not found): ${JAVA_HINT}`;
const START_TIMEOUT_MS = 30_000;

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** Every JVM we started, so a process exit (even an unexpected one) takes them along. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** The first `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * How to run java so it dies with us even when we are killed outright (SIGKILL, a test runner
 * tearing down its worker): on Linux, `setpriv --pdeathsig KILL` asks the kernel to kill the JVM
 * when its parent goes. Elsewhere the 'exit' hook below is the only guard.
 */
function javaCommand(args: string[]): [string, string[]] {
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : undefined;
  return setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', 'java', ...args]] : ['java', args];
}

async function listTables(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { requestTimeout: 1_000, connectionTimeout: 500 },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

function prerequisiteFromOutput(output: string): PrerequisiteError | undefined {
  if (/UnsupportedClassVersionError|has been compiled by a more recent version/.test(output)) {
    return new PrerequisiteError(
      `DynamoDB Local needs Java 17 or newer on PATH (the java found is too old): ${JAVA_HINT}`,
    );
  }
  return undefined;
}

/**
 * Starts DynamoDB Local and resolves once it answers ListTables.
 * @param options.port fixed port; default: a free one.
 * @param options.dbPath folder (created if missing) where the data outlives the JVM; default: in
 *   memory.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const dir = emulatorDir();
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  if (!onPath('java')) {
    throw new PrerequisiteError(JAVA_MISSING);
  }
  const [command, args] = javaCommand([
    // Short-lived dev JVM: start fast, stay small.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xmx512m',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ]);
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  running.add(child);

  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    running.delete(child);
    failure =
      error.code === 'ENOENT'
        ? new PrerequisiteError(JAVA_MISSING)
        : new Error(`Could not start DynamoDB Local: ${error.message}`);
  });
  let exitedEarly = false;
  void exited.then(() => {
    exitedEarly = true;
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (failure) throw failure;
    if (exitedEarly) {
      const reason = prerequisiteFromOutput(output);
      if (reason) throw reason;
      const lastLines = output.trim().split('\n').slice(-5).join('\n');
      throw new Error(
        `DynamoDB Local exited during start (exit code ${child.exitCode}, signal ${child.signalCode}):\n${lastLines}`,
      );
    }
    if (await listTables(endpoint)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Nothing reads the JVM's output once it runs; drop it so the pipes never fill up.
  child.stdout?.removeListener('data', collect).resume();
  child.stderr?.removeListener('data', collect).resume();
  return { endpoint, port, stop };
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/**
 * Creates the service's table (on-demand, GSIs, TTL) as `lib/table.ts` defines it; a table kept
 * from an earlier run (`--persist`) is used as it is. Returns whether it was created.
 */
export async function createTable(endpoint: string, tableName: string): Promise<boolean> {
  const def = tableDefinition;
  const keys: KeyAttribute[] = [
    def.partitionKey,
    def.sortKey,
    ...def.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const attributes = new Map<string, AttributeDefinition>();
  for (const key of keys) {
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    if (await tableExists(client, tableName)) return false;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes.values()],
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: index.projection,
            ...(index.nonKeyAttributes ? { NonKeyAttributes: index.nonKeyAttributes } : {}),
          },
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
      }),
    );
    return true;
  } finally {
    client.destroy();
  }
}
