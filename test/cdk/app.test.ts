/**
 * The real CDK app (bin/app.ts), as `cdk synth` runs it: real esbuild bundling, cdk-nag packs
 * registered as validation plugins (an unacknowledged finding makes the process exit non-zero).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consumers, routes, schedules } from '../../lib/routes.ts';
import { PROD_EXAMPLE_CONFIG } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const outdirs: string[] = [];

function synth(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  outdirs.push(outdir);
  const result = spawnSync(process.execPath, ['bin/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  return { ...result, outdir };
}

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('bin/app.ts', () => {
  // Bundles every function (esbuild, minified): minutes on a loaded machine.
  it('synthesizes prod offline with real bundles and no cdk-nag findings', {
    timeout: 240_000,
  }, () => {
    const { status, stderr, outdir } = synth({ stage: 'prod', config: PROD_EXAMPLE_CONFIG });
    expect(stderr).not.toMatch(/ERROR|WARN/);
    expect(status).toBe(0);

    const template = JSON.parse(
      readFileSync(join(outdir, 'FeexPayPayments-prod.template.json'), 'utf8'),
    ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const functions = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(routes.length + consumers.length + schedules.length + 1);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }

    // Each asset is one minified ESM file that brings its own `require` for CJS dependencies.
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(readdirSync(join(outdir, asset))).toEqual(['index.mjs']);
      const code = readFileSync(join(outdir, asset, 'index.mjs'), 'utf8');
      expect(
        code.startsWith("import { createRequire as __createRequire } from 'node:module';"),
      ).toBe(true);
      expect(code).not.toContain('sourceMappingURL');
    }
  });

  it('fails with a message naming the bad setting', () => {
    const { status, stderr } = synth({
      stage: 'prod',
      config: PROD_EXAMPLE_CONFIG,
      jwtIssuer: 'http://issuer.my-shop.bj',
    });
    expect(status).toBe(1);
    expect(stderr).toContain('Invalid stage config "prod": jwtIssuer: must be an https URL');
  });
});
