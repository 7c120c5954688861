/**
 * The client as a merchant gets it: `npm pack` in client/ gives a tarball that installs (offline,
 * it has no dependencies) in a fresh project outside the repository; there, the system's Node 20+
 * runs a script that lists the networks, pays against the local stack with a customer token,
 * follows the payment and verifies the notification the stack sent with `verify()`; TypeScript
 * finds real types; and a bundler (esbuild) bundles it for the browser.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/lambda.ts';
import type { LocalStack } from '../../local/stack.ts';
import { startTestStack, tokenFor } from '../support/stack.ts';

const run = promisify(execFile);
const CLIENT = join(REPO_ROOT, 'client');

/** The first `node` on PATH that is not a project's own (node_modules/.bin): the system's. */
function systemNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error('No node on PATH outside node_modules');
}
const NODE = systemNode();

/** npm as a merchant runs it: the system's Node first, no settings inherited from `npm test`. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  PATH: `${dirname(NODE)}${delimiter}${process.env.PATH}`,
};

const work = mkdtempSync(join(tmpdir(), 'feexpay-client-package-'));
const project = join(work, 'shop');
let tarball = '';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ log: () => {} });
  // npm pack runs the package's build (prepack) with the repository's TypeScript.
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: CLIENT,
    env: { ...env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${env.PATH}` },
  });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, info?.filename as string);
  packedFiles = (info?.files ?? []).map((f) => f.path);

  await run('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module' }),
  );
  await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], {
    cwd: project,
    env,
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(work, { recursive: true, force: true });
});

let packedFiles: string[] = [];

describe('the client package', () => {
  it('holds the built JavaScript and declarations, no sources, and no dependency', async () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'CHANGELOG.md',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/react.js',
        'dist/react.d.ts',
        'dist/webhooks.js',
      ]),
    );
    expect(packedFiles.filter((f) => f.startsWith('src/'))).toEqual([]);
    const { stdout } = await run(NODE, ['-p', 'JSON.stringify(require("./package.json"))'], {
      cwd: join(project, 'node_modules', '@feexpay-serverless', 'client'),
    });
    const manifest = JSON.parse(stdout) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependenciesMeta).toEqual({ react: { optional: true } });
  });

  it('runs on the system Node: pays against the local stack and verifies the notification', async () => {
    const { stdout: version } = await run(NODE, ['--version']);
    expect(Number(/^v(\d+)/.exec(version)?.[1])).toBeGreaterThanOrEqual(20);
    writeFileSync(
      join(project, 'pay.mjs'),
      `import { createPaymentsClient, formatAmount, normalizePhone, verify } from '@feexpay-serverless/client';

const client = createPaymentsClient({ baseUrl: process.env.API_URL, getToken: () => process.env.TOKEN });
const catalog = await client.providers();
const payment = await client.initiate(
  { amount: 2500, currency: 'XOF', network: 'mtn', phoneNumber: normalizePhone('+229 01 66 00 00 00') },
  { idempotencyKey: 'shop-order-1' },
);
const final = await client.waitForFinal(payment.id, { intervalMs: 200 });
let delivery;
for (let i = 0; i < 150 && !delivery; i++) {
  const { deliveries } = await (await fetch(process.env.SINK_URL)).json();
  delivery = deliveries.find((d) => d.body.includes(payment.id));
  if (!delivery) await new Promise((resolve) => setTimeout(resolve, 100));
}
const event = await verify(delivery.body, delivery.headers, process.env.SECRET);
let forged = 'refused';
try { await verify(delivery.body.replace('2500', '9999'), delivery.headers, process.env.SECRET); forged = 'accepted'; } catch (e) { forged = e.reason; }
console.log(JSON.stringify({
  countries: catalog.countries.map((c) => c.iso),
  status: final.status,
  event: event.type,
  eventPayment: event.data.id === payment.id,
  webhookId: event.webhookId,
  forged,
  amount: formatAmount(final.amount, final.currency).replace(/\\s/g, ' '),
}));
`,
    );

    const { stdout } = await run(NODE, ['pay.mjs'], {
      cwd: project,
      env: {
        ...env,
        API_URL: stack.baseUrl,
        TOKEN: await tokenFor('package-user'),
        SINK_URL: `${stack.baseUrl}/_local/merchant-webhook`,
        SECRET: stack.settings.merchantWebhookSecret,
      },
      timeout: 60_000,
    });

    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result).toMatchObject({
      status: 'SUCCESSFUL',
      event: 'payment.succeeded',
      eventPayment: true,
      forged: 'bad_signature',
      amount: '2 500 F CFA',
    });
    expect(result.countries).toContain('BJ');
    expect(result.webhookId).toMatch(/^evt_pay_/);
  }, 90_000);

  it('gives TypeScript real types (a wrong call is an error)', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['check.ts'],
      }),
    );
    writeFileSync(
      join(project, 'check.ts'),
      `import { createPaymentsClient, type MerchantEvent, type Payment, PaymentsApiError, verify } from '@feexpay-serverless/client';

const client = createPaymentsClient({ baseUrl: 'https://api.example.com' });
export async function handle(body: string, headers: Headers): Promise<string> {
  const event: MerchantEvent = await verify(body, headers, 'whsec_x');
  const payment: Payment = await client.status(event.data.id);
  // @ts-expect-error amount is a number
  await client.initiate({ amount: '2500', currency: 'XOF', network: 'mtn', phoneNumber: '2290166000000' });
  // @ts-expect-error no such method
  client.refundEverything();
  return payment.status === 'SUCCESSFUL' ? 'paid' : String(new PaymentsApiError(400, {}).code);
}
`,
    );
    const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
    await expect(run(tsc, ['-p', 'tsconfig.json'], { cwd: project })).resolves.toBeTruthy();
  }, 60_000);

  it('bundles for the browser with esbuild, React left to the app, and the bundle runs', async () => {
    writeFileSync(
      join(project, 'entry.js'),
      `import { formatAmount, formatPhone, normalizePhone } from '@feexpay-serverless/client';
export { useFeexPayment } from '@feexpay-serverless/client/react';
console.log(JSON.stringify([formatAmount(1500, 'XOF', { language: 'en' }), formatPhone(normalizePhone('0166000000', 'BJ'))]));
`,
    );
    const result = await build({
      absWorkingDir: project,
      entryPoints: ['entry.js'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      external: ['react'],
      outfile: join(project, 'out', 'bundle.js'),
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('node_modules/@feexpay-serverless/client/dist/'))).toBe(
      true,
    );
    expect(inputs.some((i) => i.startsWith('node:'))).toBe(false);

    // The same entry without the React export runs as is.
    writeFileSync(
      join(project, 'entry-plain.js'),
      `import { formatAmount, formatPhone, normalizePhone } from '@feexpay-serverless/client';
console.log(JSON.stringify([formatAmount(1500, 'XOF', { language: 'en' }).replace(/\\s/g, ' '), formatPhone(normalizePhone('0166000000', 'BJ'))]));
`,
    );
    await build({
      absWorkingDir: project,
      entryPoints: ['entry-plain.js'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(project, 'out', 'plain.mjs'),
      logLevel: 'silent',
    });
    const { stdout } = await run(NODE, [join(project, 'out', 'plain.mjs')]);
    expect(JSON.parse(stdout)).toEqual(['F CFA 1,500', '+229 01 66 00 00 00']);
  }, 60_000);
});
