/**
 * What a function's code can send to DynamoDB, SQS and Secrets Manager, read from its bundle as
 * esbuild builds it for deployment (lib/bundling.ts), but unminified so module boundaries and
 * names stay readable. Tree-shaking keeps exactly the code the entry can reach, so the bundle is a
 * sound over-approximation of what the function may do: a command in it may run, a command not
 * in it cannot. test/unit/grants-from-code.test.ts holds every route-table row to it, so a change
 * cannot need a permission its row lacks (the local stack enforces no IAM), nor keep one it no
 * longer needs.
 *
 * The rules it reads by:
 * - Every DynamoDB command (`new GetCommand(…)`, `new TransactWriteCommand(…)`, …) is attributed
 *   to the record kind of the module it is written in (`STORE_MODULES` in lib/table.ts); one
 *   anywhere else is a problem (only a store talks to the table: docs/decisions.md, decision 3).
 * - A Query names its index as `IndexName: INDEX.<name>` in the command's own argument (or none:
 *   the table); a transaction's parts are read from its `Put:`, `Update:`, `Delete:` and
 *   `ConditionCheck:` entries.
 * - Secrets: the bundle constructs `GetSecretValueCommand` (Powertools' provider does).
 * - Queues: the queue URL settings the code reads (`webhookQueueUrl`, …), and whether it
 *   constructs `SendMessageCommand`.
 */
import { build } from 'esbuild';
import type { RecordKind } from '../shared/keys.ts';
import { esbuildOptions } from './bundling.ts';
import { queues as declaredQueues, type QueueId } from './routes.ts';
import { STORE_MODULES } from './table.ts';

export interface CodeAccess {
  /** DynamoDB actions by record kind (`Query:<index>` for an index Query). */
  table: Partial<Record<RecordKind, Set<string>>>;
  secret: boolean;
  /** The bundle constructs `SendMessageCommand`. */
  sendsMessages: boolean;
  /** Queues whose URL setting the code reads (sends to, or consumes and changes visibility on). */
  queueUrls: Set<QueueId>;
  /** What the reader could not attribute: each makes the code's access unknown. */
  problems: string[];
}

/** lib-dynamodb command classes (and the client's own) → the IAM action each needs. */
const DYNAMODB_COMMANDS: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  GetItem: 'GetItem',
  Put: 'PutItem',
  PutItem: 'PutItem',
  Update: 'UpdateItem',
  UpdateItem: 'UpdateItem',
  Delete: 'DeleteItem',
  DeleteItem: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchGetItem: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  BatchWriteItem: 'BatchWriteItem',
  TransactWrite: 'transaction',
  TransactWriteItems: 'transaction',
  TransactGet: 'GetItem',
  TransactGetItems: 'GetItem',
};

/** Commands of other services our own modules send (their permissions come with the queue grants). */
const OTHER_COMMANDS = new Set([
  'SendMessage',
  'SendMessageBatch',
  'ChangeMessageVisibility',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'GetQueueAttributes',
]);

/** A transaction's parts → the action each needs (there is no TransactWriteItems action). */
const TRANSACTION_PARTS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/** The bundle of `entry` (repository-relative), unminified. */
export async function bundleText(entry: string): Promise<string> {
  const result = await build({
    ...esbuildOptions(false),
    minify: false,
    entryPoints: [entry],
    write: false,
    outfile: 'out.mjs',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** The bundle's modules in order: `// path` lines mark where each begins. */
export function modulesOf(text: string): { path: string; code: string }[] {
  const marker = /^\/\/ (\S+\.(?:ts|mts|js|mjs|cjs))$/gm;
  const starts = [...text.matchAll(marker)];
  return starts.map((match, i) => ({
    path: match[1] as string,
    code: text.slice((match.index ?? 0) + match[0].length, starts[i + 1]?.index ?? text.length),
  }));
}

/** The text between the parenthesis at `open` and its match (strings and templates skipped). */
export function argumentAt(code: string, open: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return code.slice(open + 1, i);
    }
  }
  return code.slice(open + 1);
}

const KIND_OF_MODULE = new Map(
  Object.entries(STORE_MODULES).map(([kind, path]) => [path, kind as RecordKind]),
);

/** What `entry`'s code can send, read from its bundle. */
export async function codeAccess(entry: string): Promise<CodeAccess> {
  const text = await bundleText(entry);
  const access: CodeAccess = {
    table: {},
    secret: /\bnew GetSecretValueCommand\d*\(/.test(text),
    sendsMessages: /\bnew SendMessage(?:Batch)?Command\d*\(/.test(text),
    queueUrls: new Set(
      declaredQueues.filter((id) => new RegExp(`\\bvar ${id}QueueUrl\\d* =`).test(text)),
    ),
    problems: [],
  };
  for (const { path, code } of modulesOf(text)) {
    if (path.includes('node_modules/')) continue;
    for (const match of code.matchAll(/\bnew (\w+?)Command\d*\(/g)) {
      const name = match[1] as string;
      if (OTHER_COMMANDS.has(name)) continue;
      const action = DYNAMODB_COMMANDS[name];
      if (!action) {
        access.problems.push(
          `${path}: unknown command ${name}Command (add it to lib/code-access.ts)`,
        );
        continue;
      }
      const kind = KIND_OF_MODULE.get(path);
      if (!kind) {
        access.problems.push(
          `${path}: sends ${name}Command, but only a store module (STORE_MODULES in lib/table.ts) may`,
        );
        continue;
      }
      const argument = argumentAt(code, (match.index ?? 0) + match[0].length - 1);
      const actions = access.table[kind] ?? new Set<string>();
      access.table[kind] = actions;
      if (action === 'transaction') {
        const parts = [...argument.matchAll(/\b(Put|Update|Delete|ConditionCheck):\s*\{/g)];
        if (parts.length === 0)
          access.problems.push(`${path}: a transaction with no readable parts`);
        for (const part of parts) actions.add(TRANSACTION_PARTS[part[1] as string] as string);
      } else if (action === 'Query' || action === 'Scan') {
        const index = /\bIndexName:\s*(?:INDEX\.(\w+)|"(\w+)")/.exec(argument);
        if (/\bIndexName\b/.test(argument) && !index) {
          access.problems.push(`${path}: a ${action} whose IndexName is not INDEX.<name>`);
        }
        const name = index?.[1] ?? index?.[2];
        actions.add(name ? `${action}:${name}` : action);
      } else {
        actions.add(action);
      }
    }
  }
  return access;
}
