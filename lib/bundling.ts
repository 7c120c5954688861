/**
 * esbuild options every function bundle uses, as plain data (no CDK import) so the CDK
 * construct (`lib/service-function.ts`) and the bundle report (`scripts/bundle-report.ts`)
 * build exactly the same bundles.
 */

/**
 * Credential providers the SDK loads lazily (`await import(...)`) only when no credentials are in
 * the environment. Lambda always sets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,
 * so `fromEnv` answers first and these are never reached: leaving them out saves ~95 KB and
 * ~30 ms of cold start (reference/targets.md). They are only ever imported dynamically, so an
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
} as const;

/**
 * Build-time switch for Sentry: `@sentry/aws-serverless` adds about 700 KB to a bundle even though
 * `shared/sentry.ts` only imports it lazily. When the stage has no DSN, this define makes the
 * import dead code, so esbuild leaves the SDK out of every bundle.
 */
export const SENTRY_BUNDLED_DEFINE = 'process.env.FEEXPAY_SENTRY_BUNDLED';

/** esbuild `define` for a stage with (true) or without (false) a Sentry DSN. */
export function bundleDefine(sentry: boolean): Record<string, string> {
  return { [SENTRY_BUNDLED_DEFINE]: JSON.stringify(String(sentry)) };
}

/** Bundle-size budgets from DESIGN.md (minified, unzipped). */
export const BUNDLE_BUDGET_KB = { webhookReceiver: 400, default: 650 } as const;
