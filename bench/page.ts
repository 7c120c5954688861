/**
 * The hosted checkout page on a slow phone: headless Chromium against the local stack, with the
 * network emulated as slow 3G (400 kbit/s down and up, 400 ms round trip) and the CPU slowed 4×
 * (Chrome DevTools Protocol: Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate), at
 * 360×740. For each run, a fresh browser context (an empty cache) opens a fresh checkout's `url` and
 * records:
 *
 * - the bytes transferred on first load: every response's encoded length (headers included) until
 *   the page is ready;
 * - the time until the customer can type a number: from navigation start to the moment the phone
 *   field is there and the page's script has run (`body[data-ready]`), read in the page's own clock.
 *
 * Run as its own process (`node bench/page.ts <out.json> [runs]`): the stack sets the handlers'
 * environment. The local stack has no TLS and no DNS: a deployed first load adds their round trips
 * (docs/performance.md §8 says how many).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startBenchStack } from './local-stack.ts';

const CHROMIUM = '/usr/bin/chromium';

/** Slow 3G as the targets define it (docs/performance.md, "Targets"). */
export const SLOW_PHONE = {
  downloadKbps: 400,
  uploadKbps: 400,
  roundTripMs: 400,
  cpuSlowdown: 4,
  viewport: { width: 360, height: 740 },
} as const;

export interface PageRun {
  bytes: number;
  requests: number;
  readyMs: number;
}

export interface PageReport {
  runs: PageRun[];
  medianBytes: number;
  medianReadyMs: number;
  /** The page's HTML as served: uncompressed, and compressed as the browser received it. */
  htmlBytes: number;
  htmlCompressedBytes: number;
  encoding: string;
  /** The page's script, minified as deployed, gzipped. */
  scriptGzipBytes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function measurePage(runs: number): Promise<PageReport> {
  if (!existsSync(CHROMIUM))
    throw new Error(`bench: ${CHROMIUM} is missing (apt-get install chromium)`);
  const stack = await startBenchStack('bench-page', { simulatorDelayMs: 200 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  try {
    const merchant = await stack.issuer.sign('bench-page-shop', {
      claims: { scope: stack.settings.merchantScope },
    });
    const newCheckout = async () => {
      const res = await fetch(`${stack.apiUrl}/checkouts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${merchant}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({
          amount: 2500,
          currency: 'XOF',
          orderId: `bench-${randomUUID().slice(0, 8)}`,
          description: 'Commande 10042 Boutique Cotonou',
          returnUrl: 'https://shop.example.com/orders/10042',
        }),
      });
      if (res.status !== 201) throw new Error(`bench: checkout creation answered ${res.status}`);
      return ((await res.json()) as { url: string }).url;
    };
    // Warm-up (not counted): the page's function loaded and its limiter leased.
    await (await fetch(await newCheckout())).text();

    const results: PageRun[] = [];
    let html = { bytes: 0, compressed: 0, encoding: '' };
    for (let run = 0; run < runs; run++) {
      const url = await newCheckout();
      const context = await browser.newContext({
        viewport: SLOW_PHONE.viewport,
        isMobile: true,
        hasTouch: true,
        locale: 'fr-FR',
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: SLOW_PHONE.roundTripMs,
        downloadThroughput: (SLOW_PHONE.downloadKbps * 1000) / 8,
        uploadThroughput: (SLOW_PHONE.uploadKbps * 1000) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpuSlowdown });
      let bytes = 0;
      let requests = 0;
      cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
        bytes += event.encodedDataLength;
        requests++;
      });
      cdp.on(
        'Network.responseReceived',
        (event: { type: string; response: { headers: Record<string, string> } }) => {
          if (event.type === 'Document') {
            html.encoding = event.response.headers['content-encoding'] ?? 'identity';
          }
        },
      );
      // The page's own clock: when the phone field is there and the script has run.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.body?.dataset.ready === 'true' && document.getElementById('phone')) {
            (window as unknown as { readyAt: number }).readyAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { subtree: true, childList: true, attributes: true });
      });
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
      const readyMs = await page.evaluate(() => (window as unknown as { readyAt: number }).readyAt);
      // Let any late response finish before reading the byte count.
      await page.waitForLoadState('networkidle');
      results.push({ bytes, requests, readyMs: Math.round(readyMs) });
      if (run === 0) {
        // fetch() decodes the body; the length on the wire is its content-length.
        const served = await fetch(url, { headers: { 'accept-encoding': 'br, gzip' } });
        const raw = await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).text();
        html = {
          ...html,
          bytes: Buffer.byteLength(raw),
          compressed: Number(served.headers.get('content-length')),
        };
      }
      await context.close();
    }
    return {
      runs: results,
      medianBytes: median(results.map((r) => r.bytes)),
      medianReadyMs: median(results.map((r) => r.readyMs)),
      htmlBytes: html.bytes,
      htmlCompressedBytes: html.compressed,
      encoding: html.encoding,
      // Loaded only now: it loads the handlers' modules, which read the environment the stack set.
      scriptGzipBytes: (await (await import('../scripts/page-size.ts')).pageSizes())
        .scriptGzipBytes,
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

if (import.meta.main) {
  const report = await measurePage(Number(process.argv[3] ?? 5));
  const out = process.argv[2];
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  else console.error(JSON.stringify(report, null, 2));
  process.exit(0);
}
