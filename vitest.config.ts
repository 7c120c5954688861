import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `import page from '…/x.html'` is the file's text, as esbuild's text loader makes it in the
  // bundles (lib/bundling.ts) and local/text-modules.ts in the local stack.
  plugins: [
    {
      name: 'html-as-text',
      enforce: 'pre',
      load(id) {
        if (!id.endsWith('.html')) return null;
        return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    restoreMocks: true,
    // One DynamoDB Local for the whole run; test/support/dynamodb.ts gives each file its own table.
    globalSetup: ['test/support/global-setup.ts'],
    // The service's settings for tests: local defaults; `overrideConfig` changes one (shared/config.ts).
    setupFiles: ['test/support/config.ts'],
    // Handlers log JSON on every request; tests that assert on log output raise the level themselves.
    // Metrics are watched through the Metrics object, never read from stdout.
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_DEV: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
