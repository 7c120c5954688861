/**
 * Bundle size and cold module-load time per function. Each function (routes, consumers, schedules,
 * `$default`) is bundled with the CDK construct's esbuild options (lib/bundling.ts), then imported
 * in a fresh `node` process several times; the median import time is compared with an empty
 * handler's, bundled the same way and measured in the same run (so machine speed cancels out).
 * These are relative figures: Lambda's Init Duration adds the runtime's own start (~120 ms).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { budgetKbFor, esbuildOptions, functionEntries } from '../lib/bundling.ts';

export interface ColdStartRow {
  id: string;
  entry: string;
  bytes: number;
  budgetKb: number;
  importMedianMs: number;
  importRuns: number[];
  ratioToEmpty: number;
}

export interface ColdStartReport {
  runs: number;
  emptyMedianMs: number;
  rows: ColdStartRow[];
}

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, '.local', 'bench', 'bundles');

/** Environment the handlers read at module load (values never used: nothing is called). */
export const MODULE_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'bench',
  FEEXPAY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/webhook',
  NOTIFICATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notification',
  FEEXPAY_BASE_URL: 'https://api-v2.feexpay.me/api',
  MERCHANT_WEBHOOK_URL: 'https://merchant.example/webhooks',
  PAYMENT_MAX_PENDING_SECONDS: '900',
  POWERTOOLS_SERVICE_NAME: 'feexpay-payments',
  POWERTOOLS_METRICS_NAMESPACE: 'FeexPayPayments',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function bundle(id: string, entryPath: string): Promise<{ file: string; bytes: number }> {
  const dir = resolve(OUT, id);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'index.mjs');
  await build({
    // As built for a stage without a Sentry DSN (the default); Sentry adds ~770 KB where enabled.
    ...esbuildOptions(false),
    entryPoints: [entryPath],
    outfile: file,
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size };
}

/** Milliseconds a fresh Node process spends importing `file` (module evaluation included). */
export function importOnce(file: string, env: Record<string, string> = MODULE_ENV): number {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t0));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

export async function measureColdStart(runs = 7): Promise<ColdStartReport> {
  const emptyEntry = resolve(OUT, 'empty-handler.ts');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    emptyEntry,
    'export const handler = async () => ({ statusCode: 200, body: "" });\n',
  );
  const empty = await bundle('EmptyHandler', emptyEntry);

  const entries = functionEntries();
  const bundles = [];
  for (const e of entries) bundles.push({ ...e, ...(await bundle(e.id, resolve(ROOT, e.entry))) });

  // Interleave the runs (empty, f1, f2, …, empty, f1, …) so drift in machine load hits all alike.
  const times = new Map<string, number[]>([['EmptyHandler', []]]);
  for (const b of bundles) times.set(b.id, []);
  for (let run = 0; run < runs; run++) {
    times.get('EmptyHandler')?.push(importOnce(empty.file));
    for (const b of bundles) times.get(b.id)?.push(importOnce(b.file));
  }
  const emptyMedianMs = median(times.get('EmptyHandler') ?? []);
  return {
    runs,
    emptyMedianMs,
    rows: bundles.map((b) => {
      const importRuns = times.get(b.id) ?? [];
      const importMedianMs = median(importRuns);
      return {
        id: b.id,
        entry: b.entry,
        bytes: b.bytes,
        budgetKb: budgetKbFor(b.entry),
        importMedianMs,
        importRuns,
        ratioToEmpty: importMedianMs / emptyMedianMs,
      };
    }),
  };
}
