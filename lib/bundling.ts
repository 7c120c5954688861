/**
 * esbuild options every function bundle uses, as plain data (no CDK import) so the CDK
 * construct (`lib/service-function.ts`), the bundle report (`scripts/bundle-report.ts`) and the
 * bench (`bench/cold-start.ts`) build exactly the same bundles (docs/decisions.md, decisions 1
 * and 37). What each option saves is measured in docs/performance.md §1.
 */
import { consumers, defaultRoute, routes, schedules } from './routes.ts';

/**
 * Credential providers the SDK loads lazily (`await import(...)`) only when no credentials are in
 * the environment. Lambda always sets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,
 * so `fromEnv` answers first and these are never reached: leaving them out saves ~130 KB of every
 * bundle with an AWS client, and its load time. They are only ever imported dynamically, so an
 * external that is never reached costs nothing at load time.
 */
export const UNUSED_AT_RUNTIME: readonly string[] = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * ESM output calls `require` for Node built-ins inside CommonJS dependencies; `createRequire`
 * gives the bundle one. The alias avoids clashing with names esbuild generates.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** The shared esbuild settings, in esbuild's own option names. */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  // Source maps cost 35–60 ms of import time when enabled at runtime; keep them out of the bundle.
  sourcemap: false,
  // Prefer ESM builds of dependencies so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK too: loading it from the runtime costs ~300 ms of cold start.
  external: UNUSED_AT_RUNTIME,
  banner: ESM_REQUIRE_BANNER,
  // `import page from '…/x.html'` is the file's text (the API reference page).
  loader: { '.html': 'text' },
} as const;

/**
 * Build-time switch for Sentry (`shared/sentry.ts`, `importSdk`): the SDK is about 770 KB
 * minified, more than a whole API handler, so it is never part of a handler's file. Without a DSN
 * ("none") the import is dead code and the SDK is in no file. With one ("file") the SDK is its own
 * file next to the handler in the same asset ({@link SENTRY_SDK_FILE}, built from
 * {@link SENTRY_SDK_ENTRY} with {@link sentrySdkBuildOptions}), imported on the first error.
 */
export const SENTRY_SDK_DEFINE = 'process.env.FEEXPAY_SENTRY_SDK';

/** The lazily loaded Sentry file, in the handler's directory (the name `shared/sentry.ts` imports). */
export const SENTRY_SDK_FILE = 'sentry-sdk.mjs';

/** Its entry point, relative to the repository root: the SDK functions `shared/sentry.ts` uses. */
export const SENTRY_SDK_ENTRY = 'shared/sentry-sdk.ts';

/** esbuild `define` for a stage with (true) or without (false) a Sentry DSN. */
export function bundleDefine(sentry: boolean): Record<string, string> {
  return { [SENTRY_SDK_DEFINE]: JSON.stringify(sentry ? 'file' : 'none') };
}

/** Options for esbuild's own `build` API, as the CDK construct passes them (tools and bench). */
export function esbuildOptions(sentry: boolean) {
  return {
    ...bundleOptions,
    mainFields: [...bundleOptions.mainFields],
    external: [...bundleOptions.external],
    banner: { js: bundleOptions.banner },
    loader: { ...bundleOptions.loader },
    define: bundleDefine(sentry),
  };
}

/**
 * esbuild options for the Sentry file (stages with a DSN): the same settings as a handler, one
 * entry, written to `outfile` (a handler's directory joined with {@link SENTRY_SDK_FILE}).
 * @param root the repository root
 */
export function sentrySdkBuildOptions(root: string, outfile: string) {
  return {
    ...esbuildOptions(true),
    entryPoints: [`${root}/${SENTRY_SDK_ENTRY}`],
    outfile,
    logLevel: 'error' as const,
  };
}

/**
 * Bundle-size budgets, minified and unzipped (docs/performance.md, "Targets"). The API reference
 * page is the exception: a 2.5 MB string (Redoc's script inlined), read by people, never on a
 * payment's path; its cold start (about 0.3 s) delays only the first reader.
 */
export const BUNDLE_BUDGET_KB = { webhookReceiver: 400, apiReference: 2800, default: 650 } as const;

/** The webhook receiver gets the tighter budget: FeexPay waits on it, it must start fast. */
export function budgetKbFor(entry: string): number {
  if (entry === 'functions/webhook-receive.ts') return BUNDLE_BUDGET_KB.webhookReceiver;
  if (entry === 'functions/api-reference.ts') return BUNDLE_BUDGET_KB.apiReference;
  return BUNDLE_BUDGET_KB.default;
}

/** Every function the stack bundles (route-table rows and the `$default` route), by id. */
export function functionEntries(): { id: string; entry: string }[] {
  return [
    ...routes.map((r) => ({ id: r.id, entry: r.entry })),
    ...consumers.map((c) => ({ id: c.id, entry: c.entry })),
    ...schedules.map((s) => ({ id: s.id, entry: s.entry })),
    { id: defaultRoute.id, entry: defaultRoute.entry },
  ];
}
