/**
 * `npm run build` (and `npm pack`, through `prepack`): compiles src/ to dist/ as ES modules with
 * type declarations (tsc, client/tsconfig.build.json). The sources import each other as `./x.ts`;
 * tsc rewrites that to `./x.js` in the JavaScript, and this script does the same in the
 * declarations, so the package works in any TypeScript setup. Nothing else runs at build time.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
// The repository's TypeScript: npm puts every enclosing node_modules/.bin on a script's PATH.
execFileSync('tsc', ['-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const file of readdirSync(dist)) {
  if (!file.endsWith('.d.ts')) continue;
  const path = join(dist, file);
  const text = readFileSync(path, 'utf8').replace(/(from\s+'\.\/[\w-]+)\.ts'/g, "$1.js'");
  writeFileSync(path, text);
}
process.stdout.write(`built ${dist}\n`);
