/**
 * A stage with a Sentry DSN, bundled for real: the SDK travels as its own file next to each handler
 * that can report an error (loaded on the first error, test/unit/sentry.test.ts), never inside the
 * handler's file, so a cold start parses only the handler. test/cdk/app.test.ts shows a stage
 * without a DSN ships no such file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetKbFor, SENTRY_SDK_FILE } from '../../lib/bundling.ts';
import { loadStageConfig } from '../../lib/config.ts';
import { PaymentsStack } from '../../lib/payments-stack.ts';
import { defaultRoute, routes } from '../../lib/routes.ts';

const outdir = mkdtempSync(join(tmpdir(), 'cdk-sentry-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Part of every event URL the SDK builds (its DSN authentication): only the SDK's code has it. */
const SDK_MARK = 'sentry_key';

describe('a stage with a Sentry DSN', () => {
  const providers = routes.find((r) => r.id === 'ProvidersList');
  if (!providers) throw new Error('no ProvidersList route');
  const app = new App({ outdir });
  const config = loadStageConfig(
    (key) =>
      ({ stage: 'dev', sentryDsn: 'https://publickey@o1.ingest.sentry.io/1' })[key as 'stage'],
  );
  const stack = new PaymentsStack(app, 'FeexPayPayments-dev', {
    config,
    // One API route (it reports unexpected errors) and the $default function (it never does).
    routeTable: { routes: [providers], defaultRoute, queues: [], consumers: [], schedules: [] },
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  /** The asset directory of each function, by description (the route key or `$default`). */
  const assets = new Map(
    Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((fn) => {
        const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
        return [String(fn.Properties.Description), join(outdir, `asset.${key}`)];
      }),
  );

  it('puts the SDK in its own file next to a handler that reports errors, not in the handler', () => {
    const dir = assets.get('GET providers') ?? '';
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', SENTRY_SDK_FILE]);
    const handler = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(handler).toContain(`"./${SENTRY_SDK_FILE}"`);
    expect(handler).not.toContain(SDK_MARK);
    expect(statSync(join(dir, 'index.mjs')).size / 1024).toBeLessThan(budgetKbFor(providers.entry));
    expect(readFileSync(join(dir, SENTRY_SDK_FILE), 'utf8')).toContain(SDK_MARK);
  });

  it('ships no SDK with a handler that never reports', () => {
    const dir = assets.get('$default route: 404/405 problem+json') ?? '';
    expect(readdirSync(dir)).toEqual(['index.mjs']);
  });
});
