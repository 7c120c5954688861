/**
 * Bundle-size report: bundles every function in the route table (routes, consumers, schedules and
 * the `$default` not-found function) with the same esbuild options as the CDK construct
 * (`lib/bundling.ts`), writes each metafile, and prints size against the budgets
 * (docs/performance.md, "Targets") plus the five largest inputs.
 *
 *   npm run bundle-report               # report only
 *   npm run bundle-report -- --strict   # exit 1 when a function is over budget
 *   npm run bundle-report -- --sentry   # as built for a stage with a Sentry DSN
 *   npm run bundle-report -- --load     # also time each bundle's cold module load
 *
 * With `--sentry` the Sentry SDK is its own file next to each handler that can report an error,
 * loaded on the first error only: the report shows the handler's file (what every cold start
 * parses, and what the budget applies to) and that file apart. `--load[=runs]` imports each
 * handler in a fresh `node` process (median of 5 runs by default). With `--sentry` it times each
 * handler as built for a stage with a DSN (SENTRY_DSN set) and as built without one, in the same
 * runs, and the Sentry file itself: what the first error of a cold environment adds. Module load
 * only; Lambda's Init Duration adds the runtime's own start.
 *
 * Output: .local/bundles/<id>/index.mjs and meta.json (inspect with https://esbuild.github.io/analyze/).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { importOnce, MODULE_ENV, median } from '../bench/cold-start.ts';
import {
  budgetKbFor,
  esbuildOptions,
  functionEntries,
  SENTRY_SDK_FILE,
  sentrySdkBuildOptions,
} from '../lib/bundling.ts';
import { parseCommand } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, '.local', 'bundles');

const { values, usageError } = parseCommand(
  {
    command: 'npm run bundle-report --',
    summary:
      "Bundles every function as the CDK stack does and prints each handler file's size against its\nbudget, and optionally how long each takes to load cold.",
    options: {
      strict: { type: 'boolean', description: 'Exit 1 when a handler file is over its budget.' },
      sentry: {
        type: 'boolean',
        description: 'Build as for a stage with a Sentry DSN (the SDK in its own file).',
      },
      load: {
        type: 'string',
        placeholder: '[=RUNS]',
        description:
          'Time each cold module load in a fresh node process (median of RUNS, default 5).',
      },
    },
    examples: [
      'npm run bundle-report',
      'npm run bundle-report -- --strict',
      'npm run bundle-report -- --sentry --load=9',
    ],
    notes: 'Metafiles go to .local/bundles/<function>/ (docs/performance.md).',
  },
  // A bare `--load` means 5 runs.
  process.argv.slice(2).map((arg) => (arg === '--load' ? '--load=5' : arg)),
);
const strict = values.strict === true;
const sentry = values.sentry === true;
const loadRuns = values.load === undefined ? 0 : Number(values.load);
if (values.load !== undefined && !(Number.isInteger(loadRuns) && loadRuns > 0)) {
  usageError(`--load takes a positive number of runs, got "${values.load}"`);
}

/** With a DSN no event is ever sent to: the path a stage with a DSN takes. Quiet logs. */
const DSN_ENV = {
  ...MODULE_ENV,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  SENTRY_DSN: 'https://publickey@sentry.invalid/1',
};
/** The same without a DSN. */
const PLAIN_ENV = { ...MODULE_ENV, POWERTOOLS_LOG_LEVEL: 'SILENT' };

/** Groups inputs by package (`node_modules/@scope/name`) or keeps the project file path. */
function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? input;
}

function topInputs(meta: Metafile, count: number): string[] {
  const output = Object.values(meta.outputs)[0];
  if (!output) return [];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  }
  return [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)}`);
}

function outputKb(meta: Metafile): number {
  return (Object.values(meta.outputs)[0]?.bytes ?? 0) / 1024;
}

/**
 * Median import time of each file over `runs` fresh processes. The files are imported in turn
 * within each run, so drift in the machine's load hits them alike.
 */
function importMs(files: { file: string; env: Record<string, string> }[], runs: number) {
  const times = files.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    for (const [i, { file, env }] of files.entries()) times[i]?.push(importOnce(file, env));
  }
  return times.map(median);
}

// The Sentry file is the same for every function: built once, copied next to each handler that
// names it (as lib/service-function.ts does for the Lambda assets).
let sdk: { file: string; kb: number; meta: Metafile } | undefined;
if (sentry) {
  const file = resolve(OUT, SENTRY_SDK_FILE);
  mkdirSync(OUT, { recursive: true });
  const result = await build({ ...sentrySdkBuildOptions(ROOT, file), metafile: true });
  sdk = { file, kb: outputKb(result.metafile), meta: result.metafile };
}

interface Row {
  id: string;
  kb: number;
  budgetKb: number;
  loadsSdk: boolean;
  /** Cold module load, ms: as built (with SENTRY_DSN set under --sentry) and, under --sentry, as built for a stage without a DSN. */
  loadMs?: number;
  loadMsWithoutDsn?: number;
  top: string[];
}

/** Bundles `entry` into `dir`/index.mjs as the stack does, with or without a DSN. */
async function bundle(entry: string, dir: string, withSentry: boolean) {
  mkdirSync(dir, { recursive: true });
  const outfile = resolve(dir, 'index.mjs');
  const result = await build({
    ...esbuildOptions(withSentry),
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  writeFileSync(resolve(dir, 'meta.json'), JSON.stringify(result.metafile));
  return { outfile, meta: result.metafile };
}

const rows: Row[] = [];
for (const { id, entry } of functionEntries()) {
  const dir = resolve(OUT, id);
  const { outfile, meta } = await bundle(entry, dir, sentry);
  const loadsSdk = sdk !== undefined && readFileSync(outfile, 'utf8').includes(SENTRY_SDK_FILE);
  if (sdk && loadsSdk) writeFileSync(resolve(dir, SENTRY_SDK_FILE), readFileSync(sdk.file));
  const row: Row = {
    id,
    kb: outputKb(meta),
    budgetKb: budgetKbFor(entry),
    loadsSdk,
    top: topInputs(meta, 5),
  };
  if (loadRuns && sentry) {
    // The same function as built for a stage without a DSN, timed in the same runs.
    const plain = await bundle(entry, resolve(dir, 'without-dsn'), false);
    const timed = [
      { file: outfile, env: DSN_ENV },
      { file: plain.outfile, env: PLAIN_ENV },
    ];
    [row.loadMs, row.loadMsWithoutDsn] = importMs(timed, loadRuns);
  } else if (loadRuns) {
    [row.loadMs] = importMs([{ file: outfile, env: PLAIN_ENV }], loadRuns);
  }
  rows.push(row);
}

const over = rows.filter((r) => r.kb > r.budgetKb).length;
const header = [
  'function',
  sentry ? 'handler KB' : 'size KB',
  'budget KB',
  'status',
  ...(sentry ? [`${SENTRY_SDK_FILE} KB (first error only)`] : []),
  ...(loadRuns && sentry ? ['load ms (DSN)', 'load ms (no DSN)'] : loadRuns ? ['load ms'] : []),
  'top inputs (KB)',
];
const cells = rows.map((r) => [
  r.id,
  r.kb.toFixed(1),
  String(r.budgetKb),
  r.kb <= r.budgetKb ? 'ok' : 'OVER',
  ...(sdk ? [r.loadsSdk ? sdk.kb.toFixed(1) : '— (never reports)'] : []),
  ...(r.loadMs !== undefined ? [r.loadMs.toFixed(1)] : []),
  ...(r.loadMsWithoutDsn !== undefined ? [r.loadMsWithoutDsn.toFixed(1)] : []),
  r.top.join(', '),
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
const line = (row: string[]) =>
  row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(header));
for (const row of cells) console.log(line(row));

console.log(
  `\n${rows.length} functions, ${over} over budget (${sentry ? 'with' : 'without'} Sentry). Metafiles: ${OUT}`,
);
if (sdk) {
  const reporting = rows.filter((r) => r.loadsSdk).length;
  const sdkMs = loadRuns ? importMs([{ file: sdk.file, env: DSN_ENV }], loadRuns)[0] : undefined;
  const sdkLoad = sdkMs !== undefined ? `, ${sdkMs.toFixed(1)} ms to load` : '';
  console.log(
    `Sentry SDK: ${SENTRY_SDK_FILE} ${sdk.kb.toFixed(1)} KB (${topInputs(sdk.meta, 3).join(', ')})${sdkLoad}, next to the ${reporting} handlers that report errors; imported on the first unexpected error only, never on a cold start.`,
  );
}
if (loadRuns) {
  console.log(
    `Load: median of ${loadRuns} imports in fresh node processes${sentry ? '; "DSN": as built for a stage with a DSN, SENTRY_DSN set; "no DSN": the same function built without one, timed in the same runs' : ''}.`,
  );
}
if (strict && over > 0) process.exitCode = 1;
