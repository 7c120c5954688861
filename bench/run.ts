/**
 * `npm run bench`: the performance report, printed as Markdown tables (and saved to
 * .local/bench/results.json and .local/bench/report.md). docs/performance.md records a run.
 *
 *   npm run bench                      # everything (~2–3 minutes on 2 cores)
 *   npm run bench -- --quick           # fewer runs and a 5 s load run
 *   npm run bench -- --load-seconds=30 --connections=20
 *
 * Sections: bundle size and cold module load (vs an empty handler); warm handler overhead with I/O
 * mocked; AWS requests per operation over the real local flows; cost per 1M payments (started by
 * initiate, and taken through a checkout); a load run; the hosted checkout page on a slow 3G phone
 * in Chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { PAGE_BUDGET_KB } from '../lib/bundling.ts';
import { measureColdStart } from './cold-start.ts';
import {
  ASSUMPTIONS,
  CHECKOUT_ASSUMPTIONS,
  costPerMillionCheckoutPayments,
  costPerMillionPayments,
  costPerMillionRefunds,
  PRICES,
  REFUND_ASSUMPTIONS,
} from './cost.ts';
import { runLoad } from './load.ts';
import type { PageReport } from './page.ts';
import type { RequestsReport } from './requests.ts';
import { TARGETS } from './targets.ts';
import type { WarmRow } from './warm.ts';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [k, v] = arg.replace(/^--/, '').split('=');
    return [k as string, v ?? 'true'];
  }),
);
const quick = args.has('quick');
const OUT = resolve(import.meta.dirname, '..', '.local', 'bench');
mkdirSync(OUT, { recursive: true });

const out: string[] = [];
const print = (line = '') => {
  out.push(line);
  console.log(line);
};
const table = (header: string[], rows: (string | number)[][]) => {
  print(`| ${header.join(' | ')} |`);
  print(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) print(`| ${row.join(' | ')} |`);
  print();
};
const ms = (n: number) => n.toFixed(n < 1 ? 3 : 1);

/** Runs a bench module as its own process (handlers read the environment at load); returns its JSON. */
function child<T>(script: string, extra: string[] = []): T {
  const file = resolve(OUT, `${script.replace(/\W/g, '-')}.json`);
  const result = spawnSync(
    process.execPath,
    [resolve(import.meta.dirname, script), file, ...extra],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    },
  );
  if (result.status !== 0) throw new Error(`bench: ${script} failed (exit ${result.status})`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const started = new Date();
const machine = {
  date: started.toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: (totalmem() / 2 ** 30).toFixed(1),
  freeGb: (freemem() / 2 ** 30).toFixed(1),
};
print(`# Benchmark report`);
print();
print(
  `${machine.date} · Node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGb} GB RAM (${machine.freeGb} GB free)`,
);
print();

// 1. Bundles and cold module load.
const coldRuns = Number(args.get('cold-runs') ?? (quick ? 3 : 7));
const cold = await measureColdStart(coldRuns);
print(
  `## Bundle size and cold module load (median of ${cold.runs} fresh processes; empty handler ${ms(cold.emptyMedianMs)} ms)`,
);
print();
table(
  ['function', 'bundle KB', 'budget KB', 'import ms (median)', '× empty handler'],
  cold.rows.map((r) => [
    r.id,
    (r.bytes / 1024).toFixed(1),
    r.budgetKb,
    ms(r.importMedianMs),
    r.ratioToEmpty.toFixed(1),
  ]),
);

// 2. Warm overhead.
const iterations = Number(args.get('iterations') ?? (quick ? 500 : 2000));
const warm = child<WarmRow[]>('warm.ts', [String(iterations)]);
print(`## Warm handler overhead, I/O mocked (${iterations} invocations per route after warm-up)`);
print();
table(
  ['route', 'status', 'p50 ms', 'p99 ms', 'mean ms', `target p99 ≤ ${TARGETS.warmP99Ms} ms`],
  warm.map((r) => [
    r.route,
    r.status,
    ms(r.p50Ms),
    ms(r.p99Ms),
    ms(r.meanMs),
    r.p99Ms <= TARGETS.warmP99Ms ? 'met' : 'MISSED',
  ]),
);

// 3. AWS requests per operation.
const requests = child<RequestsReport>('requests.ts');
print('## AWS requests per operation (counted by an SDK middleware over the local flows)');
print();
table(
  [
    'operation',
    'DynamoDB reads',
    'DynamoDB writes',
    'WRU (table + indexes)',
    'RRU',
    'SQS',
    'Secrets Manager',
    'by operation',
    'target',
  ],
  requests.flows.map((f) => [
    f.flow,
    f.dynamoReads,
    f.dynamoWrites,
    f.wru,
    f.rru,
    f.sqs,
    f.secrets,
    Object.entries(f.operations)
      .map(([op, n]) => `${op} ${n}`)
      .join(', '),
    TARGETS.requests[f.flow] ?? '',
  ]),
);
print(
  `Item sizes (DynamoDB rules: names + values): payment after initiate ${requests.itemBytes.paymentInitiated} B, settled and notified ${requests.itemBytes.payment} B; webhook event ${requests.itemBytes.webhookEvent} B. WRU and RRU are what DynamoDB Local reports as consumed (a write whose condition fails is billed too but reports nothing: the replay's Put).`,
);
print();
const paymentWrites = requests.flows.flatMap((f) =>
  f.flow.startsWith('reconciler') ? [] : f.paymentWrites.map((w) => ({ flow: f.flow, ...w })),
);
print('Writes to the payment item, in order (initiate, then the webhook path):');
print();
table(
  ['flow', 'operation', 'attributes written', 'item after, B', 'WRU by table / index'],
  paymentWrites.map((w) => [
    w.flow,
    w.operation,
    w.operation === 'PutItem' ? '(new item)' : w.attributes.join(', '),
    w.itemBytes,
    Object.entries(w.units)
      .map(([target, n]) => `${target} ${n}`)
      .join(', '),
  ]),
);
print(
  `Settled payment item by attribute, bytes: ${requests.paymentAttributes.map(([name, n]) => `${name} ${n}`).join(', ')}.`,
);
print();

// 4. Cost per 1M payments.
const cost = costPerMillionPayments(requests);
print(`## Cost per 1 million payments (prices: us-east-1 list, ${PRICES.asOf})`);
print();
table(
  ['item', 'basis', 'USD'],
  [
    ...cost.lines.map((l) => [l.item, l.basis, l.usd.toFixed(2)]),
    ['**total**', `target ≤ $${TARGETS.costPerMillionUsd}`, `**${cost.total.toFixed(2)}**`],
  ],
);
const atVolume = [10_000_000, 100_000_000].map(
  (n) => `${n / 1_000_000}M a month: $${costPerMillionPayments(requests, n).total.toFixed(2)}`,
);
print(
  `Priced at ${ASSUMPTIONS.paymentsPerMonth / 1_000_000}M payments a month (fixed monthly costs shared by them; SQS batches as that traffic fills them). Per 1M payments at ${atVolume.join(', ')}.`,
);
print();

// 4b. Cost per 1M payments taken through a checkout.
const checkoutCost = costPerMillionCheckoutPayments(requests);
print(
  `## Cost per 1 million payments taken through a checkout (one attempt, ${CHECKOUT_ASSUMPTIONS.polls} polls of the page)`,
);
print();
table(
  ['item', 'basis', 'USD'],
  [
    ...checkoutCost.lines.map((l) => [l.item, l.basis, l.usd.toFixed(2)]),
    [
      '**total**',
      `vs $${cost.total.toFixed(2)} started by initiate`,
      `**${checkoutCost.total.toFixed(2)}**`,
    ],
  ],
);

// 4c. Cost per 1M refunds.
const refundCost = costPerMillionRefunds(requests);
print('## Cost per 1 million refunds (paid out at once, settled by the payout webhook)');
print();
table(
  ['item', 'basis', 'USD'],
  [
    ...refundCost.lines.map((l) => [l.item, l.basis, l.usd.toFixed(2)]),
    [
      '**total**',
      `$${(refundCost.total / 1_000_000).toFixed(6)} a refund`,
      `**${refundCost.total.toFixed(2)}**`,
    ],
  ],
);

// 5. Load run.
let load: Awaited<ReturnType<typeof runLoad>> | undefined;
if (!args.has('skip-load')) {
  const seconds = Number(args.get('load-seconds') ?? (quick ? 5 : 20));
  const connections = Number(args.get('connections') ?? 10);
  load = await runLoad(seconds, connections);
  print(
    `## Load run against the local stack (${seconds} s, ${connections} connections; providers, initiate, status, history in turn)`,
  );
  print();
  table(
    [
      'requests',
      'throughput req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'errors',
      'non-2xx',
      'timeouts',
      'status codes',
    ],
    [
      [
        load.requests,
        load.throughputRps.toFixed(0),
        load.latencyP50Ms,
        load.latencyP99Ms,
        load.latencyMaxMs,
        load.errors,
        load.non2xx,
        load.timeouts,
        Object.entries(load.statusCodes)
          .map(([c, n]) => `${c}: ${n}`)
          .join(', '),
      ],
    ],
  );
}

// 6. The hosted checkout page on a slow phone.
const pageRuns = Number(args.get('page-runs') ?? (quick ? 3 : 7));
const page = child<PageReport>('page.ts', [String(pageRuns)]);
print(
  `## The hosted checkout page on a slow 3G phone (Chromium, 400 kbit/s, 400 ms round trip, 4× CPU slowdown, 360×740; median of ${pageRuns} first loads)`,
);
print();
table(
  ['first load', 'target', 'time until the customer can type a number', 'target', 'requests'],
  [
    [
      `${(page.medianBytes / 1024).toFixed(1)} KB`,
      `≤ ${PAGE_BUDGET_KB.firstLoad} KB ${page.medianBytes <= PAGE_BUDGET_KB.firstLoad * 1024 ? 'met' : 'MISSED'}`,
      `${(page.medianReadyMs / 1000).toFixed(2)} s (runs: ${page.runs.map((r) => (r.readyMs / 1000).toFixed(2)).join(', ')})`,
      `≤ ${TARGETS.pageReadyMs / 1000} s ${page.medianReadyMs <= TARGETS.pageReadyMs ? 'met' : 'MISSED'}`,
      page.runs[0]?.requests ?? 0,
    ],
  ],
);
print(
  `The page: ${(page.htmlBytes / 1024).toFixed(1)} KB of HTML (style, script and state inline), ${(page.htmlCompressedBytes / 1024).toFixed(1)} KB as sent (${page.encoding}); its script ${(page.scriptGzipBytes / 1024).toFixed(1)} KB gzipped, minified (budget ${PAGE_BUDGET_KB.scriptGzip} KB). Local: no TLS, no DNS.`,
);
print();

// Re-created: something may have cleaned .local while the bench ran.
mkdirSync(OUT, { recursive: true });
writeFileSync(
  resolve(OUT, 'results.json'),
  JSON.stringify(
    {
      machine,
      cold,
      warm,
      requests,
      cost,
      checkoutCost,
      refundCost,
      assumptions: {
        ...ASSUMPTIONS,
        checkout: CHECKOUT_ASSUMPTIONS,
        refund: REFUND_ASSUMPTIONS,
      },
      prices: PRICES,
      load,
      page,
    },
    null,
    2,
  ),
);
writeFileSync(resolve(OUT, 'report.md'), `${out.join('\n')}\n`);
console.log(
  `Saved .local/bench/results.json and .local/bench/report.md (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s).`,
);
