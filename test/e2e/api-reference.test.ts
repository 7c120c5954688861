/**
 * The API reference page (`GET reference/`, docs/api-reference.html built by `npm run openapi`):
 * small enough to serve from a function, served with a strong ETag and gzip like the OpenAPI
 * route, and readable in headless Chromium with nothing loaded from elsewhere (the page runs
 * offline and under its Content-Security-Policy). Screenshots go to test-results/.
 *
 * Whether the committed page is current is checked with the document, by `npm run openapi --
 * --check` (test/unit/openapi.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { get, type IncomingHttpHeaders } from 'node:http';
import { resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { startTestStack } from '../support/stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const PAGE = readFileSync(resolve(import.meta.dirname, '../../docs/api-reference.html'));
const DOC = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'),
) as { paths: Record<string, Record<string, { summary: string; tags: string[] }>> };
const SUMMARIES = Object.values(DOC.paths).flatMap((ops) =>
  Object.values(ops).map((op) => op.summary),
);
/** Lambda's limit on a synchronous response (the payload, body base64-encoded). */
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  await mkdir(RESULTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startTestStack({ log: () => {} }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the built page', () => {
  it('fits a function response with room to spare: under 3 MiB, under 1 MiB gzipped', () => {
    expect(PAGE.length).toBeLessThan(3 * 1024 * 1024);
    const gzipped = gzipSync(PAGE, { level: 9 });
    expect(gzipped.length).toBeLessThan(1024 * 1024);
    // Either form, base64-encoded as Lambda returns it, is far below the limit.
    expect(Math.ceil(PAGE.length / 3) * 4).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
  });

  it('loads nothing from elsewhere: Redoc is inlined, no script, style or font URL', () => {
    const html = PAGE.toString('utf8');
    // Plain booleans: a failure must not print the 2.5 MB page.
    expect(/<script[^>]+src=/.test(html), 'a script loaded by URL').toBe(false);
    expect(/<link[^>]+href="https?:/.test(html), 'a stylesheet or font by URL').toBe(false);
    expect(html.includes('"disableTelemetry":true'), 'telemetry off').toBe(true);
  });
});

describe('GET reference/', () => {
  it('answers the page with a strong ETag and the OpenAPI route’s caching; 304 on a match', async () => {
    const res = await fetch(`${stack.apiUrl}/reference/`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await res.arrayBuffer()).equals(PAGE)).toBe(true);
    const openapi = await fetch(`${stack.apiUrl}/openapi.json`);
    expect(res.headers.get('cache-control')).toBe(openapi.headers.get('cache-control'));
    const etag = res.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(res.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; script-src 'sha256-/,
    );

    const again = await fetch(`${stack.apiUrl}/reference`, {
      headers: { 'if-none-match': etag, 'accept-encoding': 'identity' },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('gzips for a client that accepts it, under that representation’s own ETag', async () => {
    // node:http, not fetch: the bytes as sent (fetch would decode them).
    const { headers, body } = await new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        get(`${stack.apiUrl}/reference/`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      },
    );
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers.vary).toBe('accept-encoding');
    expect(body.length).toBeLessThan(PAGE.length / 3);
    expect(gunzipSync(body).equals(PAGE)).toBe(true);
    expect(headers.etag).toMatch(/-gz"$/);
  });
});

describe('the page in headless Chromium', () => {
  /** A page that may load nothing but the stack's own URLs; what it tried and what failed. */
  async function open(width: number) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const elsewhere: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(stack.baseUrl) || /^(blob|data):/.test(url)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${stack.apiUrl}/reference/`);
    // Hydrated: the Copy buttons exist only once Redoc's script ran (under the CSP).
    await page.getByRole('button', { name: 'Copy' }).first().waitFor();
    return { page, elsewhere, errors };
  }

  /** What is left once Redoc's badge, which hides itself when its image cannot load, is set aside. */
  const real = (list: string[]) => list.filter((entry) => !entry.includes('redoc.ly/redoc/logo'));

  it('lists every operation by its title, offline, with no error (1280 px wide)', async () => {
    const { page, elsewhere, errors } = await open(1280);
    try {
      // A tag of the sidebar unfolds (or folds) its operations: read the text after each click,
      // twice per tag.
      const tags = new Set(
        Object.values(DOC.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags)),
      );
      let seen = '';
      for (const tag of [...tags, ...tags]) {
        await page.getByRole('link', { name: tag, exact: true }).first().click();
        // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText: the visible text, what a reader sees
        seen += await page.locator('body').innerText();
      }
      for (const summary of SUMMARIES) expect(seen, summary).toContain(summary);
      await page.screenshot({ path: `${RESULTS}/api-reference-1280.png` });
      expect(real(elsewhere)).toEqual([]);
      expect(real(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('reads on a phone (360 px wide)', async () => {
    const { page, elsewhere, errors } = await open(360);
    try {
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toMatch(
        /FeexPay Payments API/,
      );
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${RESULTS}/api-reference-360.png` });
      expect(real(elsewhere)).toEqual([]);
      expect(real(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
