/**
 * What the bundler does for the deployed functions, done for the local stack: a `.html` import is
 * the file's text (esbuild's `text` loader, lib/bundling.ts), so a handler that imports a page runs
 * unchanged on both. Registered once per process, before any handler loads (local/lambda.ts).
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

let registered = false;

export function registerTextModules(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:') || !url.endsWith('.html')) return nextLoad(url, context);
      const text = readFileSync(fileURLToPath(url), 'utf8');
      return {
        format: 'module',
        source: `export default ${JSON.stringify(text)};`,
        shortCircuit: true,
      };
    },
  });
}
