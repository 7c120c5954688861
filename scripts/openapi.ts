/**
 * `npm run openapi`: writes docs/openapi.json from the route table and the contracts
 * (lib/openapi.ts), from that document the typed client's types (client/src/openapi.ts, by
 * openapi-typescript), the client's copy of the payer's failure texts
 * (client/src/failure-messages.ts, from shared/payments/failure-codes.ts: the client needs nothing
 * from the server at run time), all formatted as Biome formats them so `npm run lint` stays clean,
 * and the API reference page (docs/api-reference.html, by Redocly's build-docs).
 * `npm run openapi -- --check` exits 1 when any committed file is out of date.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import openapiTS, { type OpenAPI3 } from 'openapi-typescript';
import { buildOpenApiDocument } from '../lib/openapi.ts';
import { failureMessages, LOCALES } from '../shared/payments/failure-codes.ts';
import { PAYOUT_FAILURE_MESSAGES } from '../shared/payouts/failure-codes.ts';
import { parseCommand } from './cli.ts';

const root = resolve(import.meta.dirname, '..');
const biome = join(root, 'node_modules', '.bin', 'biome');
const redocly = join(root, 'node_modules', '.bin', 'redocly');
const { values } = parseCommand({
  command: 'npm run openapi --',
  summary:
    "Writes docs/openapi.json from the routes' contracts, and from it the typed client's types and\nthe API reference page (docs/api-reference.html).",
  options: {
    check: { type: 'boolean', description: 'Write nothing; exit 1 if a committed file is stale.' },
  },
  examples: ['npm run openapi', 'npm run openapi -- --check'],
});
const check = values.check === true;

const CLIENT_TYPES_HEADER = `/**
 * The API's types, generated from docs/openapi.json by \`npm run openapi\` (openapi-typescript).
 * Do not edit: change the contracts (shared/api/) and run it again.
 */

`;

/** The client's failure texts: the server's catalogue, as data, and the same lookup. */
function failureMessagesModule(): string {
  const catalogue = Object.fromEntries(LOCALES.map((locale) => [locale, failureMessages(locale)]));
  return `/**
 * The payer's text for each failure code (\`Payment.failureCode\`), and the text for each payout
 * or refund failure code (\`Payout.failureCode\`), French first, generated from
 * shared/payments/failure-codes.ts and shared/payouts/failure-codes.ts by \`npm run openapi\`. Do
 * not edit: change those modules and run it again.
 */
import type { FailureCode, PayoutFailureCode } from './openapi.ts';

/** The languages the texts exist in, French first. */
export type Locale = ${LOCALES.map((l) => `'${l}'`).join(' | ')};

export const FAILURE_MESSAGES: Readonly<Record<Locale, Readonly<Record<FailureCode, string>>>> = ${JSON.stringify(catalogue)};

/**
 * What to tell the payer about a FAILED payment, in \`locale\` (French by default): what happened,
 * then what to do. A code this client does not know reads as \`unknown\`.
 */
export function failureMessage(code: string | undefined, locale: Locale = 'fr'): string {
  const messages: Readonly<Record<string, string>> = FAILURE_MESSAGES[locale] ?? FAILURE_MESSAGES.fr;
  return code !== undefined && Object.hasOwn(messages, code)
    ? (messages[code] as string)
    : FAILURE_MESSAGES[locale].unknown;
}

export const PAYOUT_FAILURE_MESSAGES: Readonly<Record<Locale, Readonly<Record<PayoutFailureCode, string>>>> = ${JSON.stringify(Object.fromEntries(LOCALES.map((locale) => [locale, PAYOUT_FAILURE_MESSAGES[locale]])))};

/**
 * What to tell the merchant's staff about a FAILED payout or refund, in \`locale\` (French by
 * default): what happened, then what to do. A code this client does not know reads as \`unknown\`.
 */
export function payoutFailureMessage(code: string | undefined, locale: Locale = 'fr'): string {
  const messages: Readonly<Record<string, string>> = PAYOUT_FAILURE_MESSAGES[locale] ?? PAYOUT_FAILURE_MESSAGES.fr;
  return code !== undefined && Object.hasOwn(messages, code)
    ? (messages[code] as string)
    : PAYOUT_FAILURE_MESSAGES[locale].unknown;
}
`;
}

/** The files as committed: JSON and TypeScript, formatted by Biome. */
async function generate(): Promise<{ path: string; text: string }[]> {
  const doc = buildOpenApiDocument();
  const generated = await openapiTS(doc as unknown as OpenAPI3, {
    commentHeader: CLIENT_TYPES_HEADER,
    silent: true,
  });
  const schemas = Object.keys((doc.components as { schemas: object }).schemas);
  const types = `${generated}
/** Each schema of the document under its own name. */
${schemas.map((name) => `export type ${name} = components['schemas']['${name}'];`).join('\n')}
`;
  const files = [
    { path: join('docs', 'openapi.json'), text: `${JSON.stringify(doc, null, 2)}\n` },
    { path: join('client', 'src', 'openapi.ts'), text: types },
    { path: join('client', 'src', 'failure-messages.ts'), text: failureMessagesModule() },
  ];
  const formatted = files.map(({ path, text }) => ({
    path,
    text: execFileSync(biome, ['format', `--stdin-file-path=${path}`], {
      cwd: root,
      input: text,
      encoding: 'utf8',
    }),
  }));
  const json = formatted[0]?.text ?? '';
  return [...formatted, { path: join('docs', 'api-reference.html'), text: referencePage(json) }];
}

/**
 * The API reference page (served by `GET reference/`): Redocly's build of the document with
 * Redoc's script inlined, so the page loads nothing from elsewhere; offline, with telemetry off
 * (redocly.yaml). The same document always gives the same bytes.
 */
function referencePage(documentJson: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'api-reference-'));
  try {
    const input = join(dir, 'openapi.json');
    const output = join(dir, 'api-reference.html');
    writeFileSync(input, documentJson);
    execFileSync(
      redocly,
      [
        'build-docs',
        input,
        '--inlineBundle',
        '--config',
        join(root, 'redocly.yaml'),
        '--title',
        'FeexPay Payments API reference',
        '-o',
        output,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      },
    );
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stale: string[] = [];
for (const { path, text } of await generate()) {
  const target = join(root, path);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {}
    if (committed !== text) stale.push(path);
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
}
if (check) {
  if (stale.length > 0) {
    console.error(`${stale.join(', ')} out of date: run npm run openapi`);
    process.exit(1);
  }
  console.log(
    'docs/openapi.json, client/src/openapi.ts, client/src/failure-messages.ts and docs/api-reference.html are up to date',
  );
}
