/**
 * `npm run openapi`: writes docs/openapi.json from the route table and the zod schemas
 * (lib/openapi.ts), formatted as Biome formats JSON so `npm run lint` stays clean.
 * `npm run openapi -- --check` exits 1 when the committed file is out of date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildOpenApiDocument } from '../lib/openapi.ts';

const root = resolve(import.meta.dirname, '..');
const target = join(root, 'docs', 'openapi.json');
const check = process.argv.includes('--check');

const text = `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
if (check) {
  const committed = JSON.parse(readFileSync(target, 'utf8'));
  if (JSON.stringify(committed) !== JSON.stringify(JSON.parse(text))) {
    console.error('docs/openapi.json is out of date: run npm run openapi');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date');
} else {
  writeFileSync(target, text);
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', target], {
    stdio: 'ignore',
  });
  console.log(`wrote ${target}`);
}
