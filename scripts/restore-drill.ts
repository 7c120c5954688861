/**
 * The restore drill, on the local stack (docs/deploy.md, "Restore drill"): payments in every
 * state, the table exported, the table lost, a fresh stack started from the export, and a check
 * that every payment, its events and its pending work came back and that the service answers for
 * each. Run `npm run restore-drill -- --help` for the steps one by one.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import {
  checkTable,
  dynamoDb,
  exportTable,
  readExport,
  summarise,
  type TableCheck,
  type TableSummary,
  tableCheckPassed,
} from '../local/restore.ts';
import { type RestoreCheck, restoreAndCheck, seedPayments } from '../local/restore-drill.ts';
import { parseCommand } from './cli.ts';

const COMMANDS = ['drill', 'seed', 'export', 'restore', 'check'] as const;

const parsed = parseCommand({
  command: 'npm run restore-drill --',
  summary: `The whole drill (no command): start DynamoDB Local (or use --endpoint), create payments in every
state through a local stack, export the table, delete it, start a fresh stack on a new table
loaded from the export, and check that every item, index entry and payment came back and that the
API answers for each. Exits 1 if anything did not come back.

Commands, to run the steps one at a time against a DynamoDB Local at --endpoint:
  seed    --table NAME                 payments in every state, through a local stack
  export  --table NAME --out FILE      every item, one DynamoDB JSON line each ({"Item": …},
                                       the format of DynamoDB's export to S3)
  restore --from FILE --table NAME     a fresh stack on the new table NAME, loaded from FILE,
                                       then checked (table and API)
  check   --from FILE --table NAME     the table alone: every item of FILE, unchanged, nothing
                                       else, every index entry found by a Query`,
  arguments: [
    {
      name: 'command',
      required: false,
      description: 'seed, export, restore or check (default: the whole drill)',
    },
  ],
  options: {
    endpoint: {
      type: 'string',
      placeholder: 'URL',
      description: 'DynamoDB Local to use (the whole drill starts its own when absent)',
    },
    table: { type: 'string', placeholder: 'NAME', description: 'the table a command works on' },
    from: {
      type: 'string',
      placeholder: 'FILE',
      description: 'restore, check: the export to read',
    },
    out: {
      type: 'string',
      placeholder: 'DIR|FILE',
      description:
        'the drill, export: where the export goes (default .local/restore-drill/<time>/)',
    },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  examples: [
    'npm run restore-drill',
    'npm run restore-drill -- export --endpoint http://127.0.0.1:8000 --table feexpay-local --out export.json',
  ],
  notes: 'docs/deploy.md, "Restore drill".',
});
const { positionals, values } = parsed;
// Annotated so that TypeScript narrows after a call (`never`).
const fail: (message: string) => never = parsed.usageError;
const command = (positionals[0] ?? 'drill') as (typeof COMMANDS)[number];
if (!COMMANDS.includes(command)) fail(`unknown command "${command}"`);

function need(name: 'endpoint' | 'table' | 'from' | 'out'): string {
  const value = values[name];
  if (!value) fail(`${command} needs --${name}`);
  return value;
}

/** Runs one command of this script in a process of its own; resolves with its JSON report. */
function child(args: string[]): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [import.meta.filename, ...args, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // The handlers' EMF metrics would share stdout with the report.
      env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true' },
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      try {
        // The report is the last line (anything a handler printed comes before it).
        const report = JSON.parse(out.trim().split('\n').pop() ?? '');
        if (code === 0 || code === 1) resolvePromise(report);
        else reject(new Error(`restore-drill ${args[0]} exited with ${code}`));
      } catch {
        reject(new Error(`restore-drill ${args[0]} exited with ${code}: ${out.slice(0, 500)}`));
      }
    });
  });
}

function tableProblems(check: TableCheck): string[] {
  return [
    ...check.missing.map((key) => `missing: ${key}`),
    ...check.changed.map((key) => `changed: ${key}`),
    ...check.extra.map((key) => `not in the export: ${key}`),
    ...Object.entries(check.indexes).flatMap(([index, i]) =>
      i.unreachable.map((key) => `not found through index ${index}: ${key}`),
    ),
  ];
}

function restoreProblems(check: RestoreCheck): string[] {
  return [...tableProblems(check.table), ...check.service.problems];
}

function describeSummary(summary: TableSummary): string[] {
  const byStatus = Object.entries(summary.payments.byStatus)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const due = Object.entries(summary.dueWork)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return [
    `${summary.items} items: ${summary.payments.total} payments (${byStatus}), ${summary.webhookEvents} webhook events, ${summary.other} other`,
    `${summary.events} audit-trail events, ${summary.lateSuccesses} late success(es), ${summary.retryLinks} retry link(s)`,
    `pending work on the due-work index: ${due || 'none'}`,
  ];
}

/** Prints `report` (JSON with --json, else its lines) and sets the exit code. */
function finish(report: object, lines: string[], ok: boolean): void {
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else for (const line of lines) console.log(line);
  process.exitCode = ok ? 0 : 1;
}

if (command === 'seed') {
  const seeded = await seedPayments(need('endpoint'), need('table'));
  finish(
    { seeded },
    Object.entries(seeded).map(([what, id]) => `${what}: ${id}`),
    true,
  );
} else if (command === 'export') {
  const client = dynamoDb(need('endpoint'));
  const count = await exportTable(client, need('table'), need('out'));
  client.destroy();
  finish({ items: count, file: values.out }, [`${count} items written to ${values.out}`], true);
} else if (command === 'restore') {
  const items = await readExport(need('from'));
  const check = await restoreAndCheck(need('endpoint'), need('table'), items);
  const problems = restoreProblems(check);
  finish(
    { check, problems },
    problems.length ? problems : [`restored and checked: ${items.length} items, all back`],
    problems.length === 0,
  );
} else if (command === 'check') {
  const items = await readExport(need('from'));
  const client = dynamoDb(need('endpoint'));
  const check = await checkTable(client, need('table'), items);
  client.destroy();
  const problems = tableProblems(check);
  finish(
    { check, problems },
    problems.length ? problems : [`${items.length} items, all back`],
    tableCheckPassed(check),
  );
} else {
  await drill();
}

async function drill(): Promise<void> {
  const started = Date.now();
  const local: DynamoDbLocal | undefined = values.endpoint ? undefined : await startDynamoDbLocal();
  const endpoint = values.endpoint ?? (local as DynamoDbLocal).endpoint;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const source = `drill-source-${stamp}`.toLowerCase();
  const restored = `drill-restored-${stamp}`.toLowerCase();
  const dir = resolve(values.out ?? join('.local', 'restore-drill', stamp));
  const file = dir.endsWith('.json') ? dir : join(dir, 'export.json');
  await mkdir(resolve(file, '..'), { recursive: true });
  const client = dynamoDb(endpoint);
  const log = (line: string) => {
    if (!values.json) console.log(line);
  };
  try {
    log(`1. Payments in every state on a local stack (table ${source})…`);
    const { seeded } = (await child(['seed', '--endpoint', endpoint, '--table', source])) as {
      seeded: Record<string, string>;
    };
    log(`2. Export of every item to ${file}…`);
    await exportTable(client, source, file);
    const items = await readExport(file);
    const exported = summarise(items);
    for (const line of describeSummary(exported)) log(`   ${line}`);
    log(`3. The table is lost: ${source} deleted.`);
    await client.send(new DeleteTableCommand({ TableName: source }));
    log(`4. A fresh stack on ${restored}, loaded from the export, and checked…`);
    const { check, problems } = (await child([
      'restore',
      '--endpoint',
      endpoint,
      '--from',
      file,
      '--table',
      restored,
    ])) as { check: RestoreCheck; problems: string[] };
    const ok = problems.length === 0;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const report = { ok, seconds, file, source, restored, seeded, exported, check, problems };
    await writeFile(join(resolve(file, '..'), 'report.json'), JSON.stringify(report, null, 2));
    const indexLines = Object.entries(check.table.indexes).map(
      ([index, i]) =>
        `   index ${index}: ${i.entries - i.unreachable.length}/${i.entries} entries found`,
    );
    finish(
      report,
      [
        ...indexLines,
        `   API: ${check.service.payments} payments asked about, ${check.service.problems.length} wrong`,
        ...problems.map((p) => `   PROBLEM ${p}`),
        ok
          ? `Restore drill passed in ${seconds} s: every payment, its events and its pending work came back.`
          : `Restore drill FAILED (${problems.length} problems).`,
      ],
      ok,
    );
  } finally {
    client.destroy();
    await local?.stop();
  }
}
