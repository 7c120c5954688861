/**
 * Bundle-size report: bundles every function in the route table (routes, consumers, schedules and
 * the `$default` not-found function) with the same esbuild options as the CDK construct
 * (`lib/bundling.ts`), writes each metafile, and prints size against the budgets
 * (docs/performance.md, "Targets") plus the five largest inputs.
 *
 *   npm run bundle-report               # report only
 *   npm run bundle-report -- --strict   # exit 1 when a function is over budget
 *   npm run bundle-report -- --sentry   # as built for a stage with a Sentry DSN
 *
 * Output: .local/bundles/<id>/index.mjs and meta.json (inspect with https://esbuild.github.io/analyze/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { budgetKbFor, esbuildOptions, functionEntries } from '../lib/bundling.ts';
import { parseCommand } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, '.local', 'bundles');
const { values } = parseCommand({
  command: 'npm run bundle-report --',
  summary:
    "Bundles every function as the CDK stack does and prints each bundle's size against its budget.",
  options: {
    strict: { type: 'boolean', description: 'Exit 1 when a function is over its budget.' },
    sentry: { type: 'boolean', description: 'Build as for a stage with a Sentry DSN.' },
  },
  examples: ['npm run bundle-report', 'npm run bundle-report -- --strict --sentry'],
  notes: 'Metafiles go to .local/bundles/<function>/ (docs/performance.md).',
});
const strict = values.strict === true;
const sentry = values.sentry === true;

const entries = functionEntries().map((e) => ({ ...e, budgetKb: budgetKbFor(e.entry) }));

/** Groups inputs by package (`node_modules/@scope/name`) or keeps the project file path. */
function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? input;
}

function topInputs(meta: Metafile, outputFile: string, count: number): string[] {
  const output = meta.outputs[outputFile];
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

const rows: string[][] = [];
let over = 0;
for (const { id, entry, budgetKb } of entries) {
  const dir = resolve(OUT, id);
  mkdirSync(dir, { recursive: true });
  const outfile = resolve(dir, 'index.mjs');
  const result = await build({
    ...esbuildOptions(sentry),
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  writeFileSync(resolve(dir, 'meta.json'), JSON.stringify(result.metafile));
  const outputKey = Object.keys(result.metafile.outputs)[0] ?? '';
  const bytes = result.metafile.outputs[outputKey]?.bytes ?? 0;
  const kb = bytes / 1024;
  const ok = kb <= budgetKb;
  if (!ok) over++;
  rows.push([
    id,
    kb.toFixed(1),
    String(budgetKb),
    ok ? 'ok' : 'OVER',
    topInputs(result.metafile, outputKey, 5).join(', '),
  ]);
}

const header = ['function', 'size KB', 'budget KB', 'status', 'top inputs (KB)'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `\n${entries.length} functions, ${over} over budget (${sentry ? 'with' : 'without'} Sentry). Metafiles: ${OUT}`,
);
if (strict && over > 0) process.exitCode = 1;
