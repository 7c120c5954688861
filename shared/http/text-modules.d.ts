/**
 * `import page from '../docs/x.html'` gives the file's text: esbuild's `text` loader in the bundles
 * (lib/bundling.ts), a module hook in the local stack (local/text-modules.ts) and in the tests
 * (vitest.config.ts).
 */
declare module '*.html' {
  const text: string;
  export default text;
}
