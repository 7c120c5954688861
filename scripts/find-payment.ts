/**
 * Finds payments the way the back office's search does (shared/back-office/search.ts): by our id
 * (`pay_…`, or a checkout's `chk_…`), the merchant's orderId, FeexPay's reference, or the payer's
 * phone number as typed. Prints one line per payment, newest first (phone masked), or with
 * `--json` the payments as JSON; with `--timeline`, each one's timeline too.
 *
 *   npm run find-payment -- <text> [--by id|orderId|reference|phone] [--json] [--timeline]   (`--help`: all)
 *
 * TABLE_NAME (or --table) says which table; a phone search also reads the phone-lookup key from
 * the FeexPay settings secret (FEEXPAY_SECRET_ARN). AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_SECRETS_MANAGER point it at the local stack (what `npm start` prints).
 */
import { SEARCH_KINDS, type SearchKind, searchPayments } from '../shared/back-office/search.ts';
import { paymentTimeline } from '../shared/back-office/timeline.ts';
import * as config from '../shared/config.ts';
import { parseCommand, runMain } from './cli.ts';

const spec = {
  command: 'npm run find-payment --',
  summary:
    "Finds payments by our id (pay_… or a checkout's chk_…), the merchant's orderId, FeexPay's\nreference or the payer's phone number as typed (+229 01 66 00 00 00, 0166000000): every way the\ntext can be, or only --by. The same search as the back office.",
  arguments: [{ name: 'text', description: 'an id, an order id, a reference or a phone number' }],
  options: {
    by: {
      type: 'string',
      placeholder: 'KIND',
      description: `Only this way of searching: ${SEARCH_KINDS.join(', ')}.`,
    },
    json: { type: 'boolean', description: 'Print the payments found as JSON.' },
    timeline: { type: 'boolean', description: "Print each payment's timeline too." },
    table: { type: 'string', placeholder: 'NAME', description: 'The table (default: TABLE_NAME).' },
  },
  environment: [
    { name: 'TABLE_NAME', description: 'default of --table' },
    {
      name: 'FEEXPAY_SECRET_ARN',
      description: 'the FeexPay settings secret (its phoneLookupKey: phone searches only)',
    },
    {
      name: 'AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SECRETS_MANAGER',
      description: 'the local stack (what `npm start` prints)',
    },
  ],
  examples: [
    "npm run find-payment -- '+229 01 66 00 00 00'",
    'npm run find-payment -- pay_7h3k9m2q4r6t8v1x3z5b7d9f2h --timeline',
    'npm run find-payment -- 1042 --by orderId --json',
    'npm run find-payment -- 4e52e191-cca8-4f33-a70b-c125d1eee4f2 --by reference',
  ],
  notes:
    'No match prints nothing and exits 1. Runbook: docs/runbooks.md, "A customer says they paid".',
} as const;

/** Settings, or undefined when unset (the usage then says what is missing). */
function setting<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values, positionals, ...parsed } = parseCommand(spec);
  const usageError: (message: string) => never = parsed.usageError;
  const by = values.by as SearchKind | undefined;
  if (by && !SEARCH_KINDS.includes(by))
    usageError(`--by must be one of ${SEARCH_KINDS.join(', ')}`);
  if (values.table) config.overrideConfig({ tableName: values.table });
  if (!setting(() => config.tableName())) usageError('need --table or TABLE_NAME');
  const found = await searchPayments(positionals[0] as string, by);
  if (!found.phoneSearch) {
    process.stderr.write('note: no phoneLookupKey in the FeexPay secret: phone search skipped\n');
  }
  if (found.items.length === 0) {
    process.stderr.write('No payment found.\n');
    process.exitCode = 1;
    return;
  }
  const timelines = values.timeline
    ? await Promise.all(found.items.map((p) => paymentTimeline(p.id)))
    : [];
  if (values.json) {
    const out = values.timeline ? timelines : found.items;
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const [index, p] of found.items.entries()) {
    const cells = [
      p.id,
      p.createdAt,
      p.status.padEnd(10),
      `${p.amount} ${p.currency}`,
      p.network,
      p.phoneNumber,
      p.reference ? `ref ${p.reference}` : '',
      p.orderId ? `order ${p.orderId}` : '',
      `(found by ${p.matchedBy.join(', ')})`,
    ];
    process.stdout.write(`${cells.filter(Boolean).join('  ')}\n`);
    for (const e of timelines[index]?.timeline ?? []) {
      const what = [e.kind, e.type, e.from && e.to ? `${e.from}→${e.to}` : e.to, e.source]
        .filter(Boolean)
        .join(' ');
      const extra = [
        e.reference,
        e.reason,
        e.operator && `by ${e.operator}`,
        e.count && `×${e.count}`,
      ]
        .filter(Boolean)
        .join(' ');
      process.stdout.write(`    ${e.at}  ${what}${extra ? `  ${extra}` : ''}\n`);
    }
  }
}

runMain(import.meta, main);
