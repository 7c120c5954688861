/**
 * Error reporting to Sentry, on only with `SENTRY_DSN` (stage config `sentryDsn`).
 *
 * Cold start: the SDK is about 290 KB minified even trimmed to what we use, so it never sits in a
 * handler's file. In a stage with a DSN the build puts it in a file of its own next to the
 * handler (`sentry-sdk.mjs`, built from `shared/sentry-sdk.ts`; see lib/bundling.ts), imported the
 * first time an unexpected error is reported; without a DSN it is left out entirely. Reporting
 * flushes before returning, so the first error of a cold environment is sent too, and only that
 * (failed) invocation pays for loading the SDK; successful invocations never touch it.
 *
 * Privacy: events carry no request bodies, headers, query strings, user or breadcrumbs (they would
 * copy log lines), and every string goes through the log scrubber.
 */
import * as config from './config.ts';
import { HttpError } from './errors.ts';
import { logger, scrubLogValue } from './logger.ts';

type SentrySdk = typeof import('./sentry-sdk.ts');
type SentryOptions = NonNullable<Parameters<SentrySdk['init']>[0]>;
/** The event `beforeSend` receives (an error event). */
export type ErrorEvent = Parameters<NonNullable<SentryOptions['beforeSend']>>[0];

/** Longest wait for Sentry's transport before the invocation returns anyway. */
export const SENTRY_FLUSH_TIMEOUT_MS = 2_000;

let sdk: Promise<SentrySdk | undefined> | undefined;

/** Deep copy of `value` with every key/value passed through the log scrubber. */
function scrubDeep(value: unknown, key = '', depth = 0): unknown {
  const scrubbed = scrubLogValue(key, value);
  if (depth > 12 || scrubbed === null || typeof scrubbed !== 'object') return scrubbed;
  if (Array.isArray(scrubbed)) return scrubbed.map((item) => scrubDeep(item, '', depth + 1));
  return Object.fromEntries(
    Object.entries(scrubbed).map(([k, v]) => [k, scrubDeep(v, k, depth + 1)]),
  );
}

/**
 * Sentry's `beforeSend`: drops what may carry personal data or credentials (request body,
 * headers, cookies, query string, user, breadcrumbs) and scrubs every remaining string.
 */
export function scrubSentryEvent(event: ErrorEvent): ErrorEvent {
  const { request, user: _user, breadcrumbs: _breadcrumbs, ...rest } = event;
  const kept: ErrorEvent = { ...rest };
  if (request) {
    kept.request = {
      ...(request.method ? { method: request.method } : {}),
      // The path only: the webhook URL's query string carries its token.
      ...(request.url ? { url: request.url.split('?')[0] } : {}),
    };
  }
  return scrubDeep(kept) as ErrorEvent;
}

/**
 * The SDK module. The build replaces FEEXPAY_SENTRY_SDK (lib/bundling.ts, `bundleDefine`): with
 * "none" (no DSN) both imports below are dead code and the SDK is in no file; with "file" the
 * SDK is the `sentry-sdk.mjs` next to the bundle (`SENTRY_SDK_FILE`; test/cdk/sentry-asset.test.ts
 * holds the two names equal), and the path is computed at run time so the bundler leaves it out of
 * the handler's file. Unbundled, the variable is unset: a plain import.
 */
function importSdk(): Promise<SentrySdk | undefined> {
  // One expression, so the bundler drops the branches the define makes dead (and their imports).
  return process.env.FEEXPAY_SENTRY_SDK === 'none'
    ? Promise.resolve(undefined)
    : process.env.FEEXPAY_SENTRY_SDK === 'file'
      ? (import(new URL('./sentry-sdk.mjs', import.meta.url).href) as Promise<SentrySdk>)
      : import('./sentry-sdk.ts');
}

async function load(): Promise<SentrySdk | undefined> {
  const configured = config.sentryDsn();
  if (!configured) return undefined;
  if (!sdk) {
    sdk = importSdk().then((Sentry) => {
      Sentry?.init({
        dsn: configured,
        environment: config.stage(),
        sendDefaultPii: false,
        // Errors only: tracing would add a request to Sentry on every invocation.
        tracesSampleRate: 0,
        maxBreadcrumbs: 0,
        // No automatic instrumentation of http/console/AWS SDK: only what we capture is sent.
        defaultIntegrations: false,
        integrations: [Sentry.dedupeIntegration(), Sentry.linkedErrorsIntegration()],
        beforeSend: scrubSentryEvent,
      });
      return Sentry;
    });
    // A load that failed (the file missing from the asset) is tried again by the next report.
    sdk.catch(() => {
      sdk = undefined;
    });
  }
  return sdk;
}

/** Whether an error deserves a report: anything unexpected, and typed errors that are 5xx. */
export function isReportable(error: unknown): boolean {
  return !(error instanceof HttpError) || error.status >= 500;
}

/**
 * Reports an unexpected error to Sentry and waits (bounded) for it to be sent. A no-op without
 * `SENTRY_DSN`, for expected 4xx errors, and never throws: reporting must not change the answer.
 */
export async function reportError(
  error: unknown,
  context: { correlationId?: string; function?: string } = {},
): Promise<void> {
  if (!config.sentryDsn() || !isReportable(error)) return;
  try {
    const Sentry = await load();
    if (!Sentry) return;
    Sentry.withScope((scope) => {
      if (context.correlationId) scope.setTag('correlationId', context.correlationId);
      if (context.function) scope.setTag('function', context.function);
      Sentry.captureException(error);
    });
    await Sentry.flush(SENTRY_FLUSH_TIMEOUT_MS);
  } catch (failure) {
    logger.warn('Sentry report failed', { error: failure });
  }
}

/** Test hook: forget the loaded SDK so the next report initialises it again (with the DSN then set). */
export async function resetSentryForTests(): Promise<void> {
  const loaded = await sdk?.catch(() => undefined);
  sdk = undefined;
  await loaded?.close(SENTRY_FLUSH_TIMEOUT_MS);
}
