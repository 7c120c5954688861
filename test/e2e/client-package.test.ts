/**
 * The client as a merchant gets it: `npm pack` in client/ gives a tarball that installs (offline,
 * it has no dependencies) in a fresh project outside the repository; there, the system's Node 20+
 * runs the merchant's own scripts against the local stack, which sends its notifications to the
 * webhook server those scripts run (MERCHANT_WEBHOOK_URL, signed with the secret the stack prints):
 * one creates a checkout with the merchant token, has it paid as the hosted page does and verifies
 * the `checkout.completed` it receives with `verify()`; one pays with a customer token and
 * verifies `payment.succeeded`. TypeScript finds real types; a bundler (esbuild) bundles it for
 * the browser.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/lambda.ts';
import { freePort } from '../../local/ports.ts';
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
/** Where the merchant's scripts listen for the stack's notifications. */
let webhookPort = 0;

beforeAll(async () => {
  webhookPort = await freePort();
  stack = await startTestStack({
    log: () => {},
    settings: { merchantWebhookUrl: `http://127.0.0.1:${webhookPort}/webhooks/feexpay` },
  });
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
  // The merchant's webhook endpoint, as a shop would write it: node:http, verify() on each POST.
  writeFileSync(
    join(project, 'webhooks.mjs'),
    `import { createServer } from 'node:http';
import { verify } from '@feexpay-serverless/client';

/** Listens on PORT; \`next(test)\` resolves with the first verified event that passes \`test\`. */
export async function webhooks(port, secret) {
  const events = [];
  const waiting = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = await verify(body, req.headers, secret);
        res.writeHead(204).end();
        events.push({ event, body, headers: req.headers });
        for (const w of [...waiting]) w();
      } catch (error) {
        res.writeHead(400).end(String(error.reason ?? error));
      }
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    async next(test, timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => test(e.event));
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no notification came');
        await new Promise((resolve) => { waiting.push(resolve); setTimeout(resolve, 500); });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
`,
  );
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
import { webhooks } from './webhooks.mjs';

const inbox = await webhooks(Number(process.env.WEBHOOK_PORT), process.env.SECRET);
const client = createPaymentsClient({ baseUrl: process.env.API_URL, getToken: () => process.env.TOKEN });
const catalog = await client.providers();
const payment = await client.initiate(
  { amount: 2500, currency: 'XOF', network: 'mtn', phoneNumber: normalizePhone('+229 01 66 00 00 00') },
  { idempotencyKey: 'shop-order-1' },
);
const final = await client.waitForFinal(payment.id, { intervalMs: 200 });
const delivery = await inbox.next((e) => e.data.id === payment.id);
await inbox.close();
const event = delivery.event;
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
        WEBHOOK_PORT: String(webhookPort),
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

  it('creates a checkout with the merchant token and verifies the checkout.completed it receives', async () => {
    writeFileSync(
      join(project, 'checkout.mjs'),
      `import { createPaymentsClient, PaymentsValidationError } from '@feexpay-serverless/client';
import { webhooks } from './webhooks.mjs';

const inbox = await webhooks(Number(process.env.WEBHOOK_PORT), process.env.SECRET);
const shop = createPaymentsClient({ baseUrl: process.env.API_URL, getToken: () => process.env.MERCHANT_TOKEN, language: 'fr' });
const checkout = await shop.createCheckout(
  { amount: 3000, currency: 'XOF', orderId: 'order-7', description: 'Commande 7', metadata: { cart: 7 } },
  { idempotencyKey: 'order-7' },
);
// The customer pays on the hosted page; it posts this (any phone form the customer types).
const paid = await fetch(\`\${process.env.API_URL}/api/v1/payments/feexpay/checkouts/\${checkout.id}/pay\`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'idempotency-key': 'pay-order-7' },
  body: JSON.stringify({ network: 'mtn', phoneNumber: '+229 01 66 00 00 00' }),
});
const received = await inbox.next((e) => e.type === 'checkout.completed' && e.data.id === checkout.id);
await inbox.close();
const state = await shop.checkout(checkout.id);
// A wrong request: the error names every field, in the language the client asked for.
let refusal;
try {
  await shop.createCheckout({ amount: 1.5, currency: 'EUR', orderId: 'order-8' });
} catch (error) {
  refusal = { kind: error instanceof PaymentsValidationError, language: error.language, fields: error.fields.map((f) => f.field) };
}
console.log(JSON.stringify({
  pay: paid.status,
  open: checkout.status,
  event: received.event.type,
  order: received.event.data.orderId,
  webhookId: received.event.webhookId,
  signed: typeof received.headers['webhook-signature'] === 'string',
  status: state.status,
  paidBy: /^pay_/.test(state.paidPaymentId) && state.paidPaymentId === received.event.data.paidPaymentId,
  refusal,
}));
`,
    );
    const { stdout } = await run(NODE, ['checkout.mjs'], {
      cwd: project,
      env: {
        ...env,
        API_URL: stack.baseUrl,
        MERCHANT_TOKEN: await tokenFor('shop-backend', {
          claims: { scope: 'payments/merchant', client_id: 'shop-backend' },
        }),
        WEBHOOK_PORT: String(webhookPort),
        SECRET: stack.settings.merchantWebhookSecret,
      },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result).toMatchObject({
      pay: 201,
      open: 'OPEN',
      event: 'checkout.completed',
      order: 'order-7',
      signed: true,
      status: 'PAID',
      paidBy: true,
      refusal: { kind: true, language: 'fr', fields: ['amount', 'currency'] },
    });
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
