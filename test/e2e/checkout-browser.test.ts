/**
 * The checkout page (/demo/) in headless Chromium against the local stack: a customer picks a
 * network, pays and watches the status change live. Ending 00 shows SUCCESSFUL, ending 01 shows
 * FAILED with the reason, a redirect network shows its payment page link (approved there), and a
 * bad amount shows the API's field message. Screenshots of each final state go to test-results/.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it when missing).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { startTestStack } from '../support/stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const SETTLE_MS = 30_000;

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  await mkdir(RESULTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startTestStack({ settings: { simulatorDelayMs: 300 }, log: () => {} }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh page for a fresh demo user, once the catalog has loaded. */
async function openCheckout(user: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${stack.baseUrl}/demo/?user=${user}`);
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

async function fillAndPay(
  page: Page,
  order: { country: string; network: string; phone: string; amount: string },
) {
  await page.selectOption('#country', order.country);
  await page.selectOption('#network', order.network);
  await page.fill('#phone', order.phone);
  await page.fill('#amount', order.amount);
  await page.click('#pay');
}

const uniqueUser = (name: string) => `browser-${name}-${Math.random().toString(36).slice(2, 8)}`;

describe('checkout page in headless Chromium', () => {
  it('ending 00: the status goes from PENDING to SUCCESSFUL and the history shows it', async () => {
    const page = await openCheckout(uniqueUser('00'));
    await fillAndPay(page, {
      country: 'BJ',
      network: 'mtn',
      phone: '2290197000000',
      amount: '2500',
    });
    await page.locator('#status[data-status="PENDING"]').waitFor();
    await page.locator('#status[data-status="SUCCESSFUL"]').waitFor({ timeout: SETTLE_MS });
    expect(await page.textContent('#status')).toBe('SUCCESSFUL');
    await page.locator('#history li[data-status="SUCCESSFUL"]').waitFor();
    expect(await page.locator('#failure').isVisible()).toBe(false);
    await page.screenshot({ path: join(RESULTS, 'checkout-00-successful.png'), fullPage: true });
    await page.close();
  });

  it('ending 01: the status becomes FAILED and the reason is shown to the user', async () => {
    const page = await openCheckout(uniqueUser('01'));
    await fillAndPay(page, {
      country: 'BJ',
      network: 'mtn',
      phone: '2290197000001',
      amount: '2500',
    });
    await page.locator('#status[data-status="FAILED"]').waitFor({ timeout: SETTLE_MS });
    await page.locator('#failure-reason').waitFor({ state: 'visible' });
    expect((await page.textContent('#failure-reason'))?.trim()).not.toBe('');
    await page.screenshot({ path: join(RESULTS, 'checkout-01-failed.png'), fullPage: true });
    await page.close();
  });

  it('redirect network: the page links to the payment page, approving there settles it live', async () => {
    const page = await openCheckout(uniqueUser('wave'));
    await fillAndPay(page, {
      country: 'CI',
      network: 'wave_ci',
      // Ending 02: the customer has not acted yet, so only the click on the payment page settles
      // it (with an auto-approving ending, a slow machine could settle it before the page loads).
      phone: '2250700000002',
      amount: '1500',
    });
    const link = page.locator('#payment-url');
    await link.waitFor({ state: 'visible' });
    const href = await link.getAttribute('href');
    expect(href).toContain('/pay/');
    const approval = await browser.newPage();
    await approval.goto(String(href));
    await approval.click('text=Approve');
    await page.locator('#status[data-status="SUCCESSFUL"]').waitFor({ timeout: SETTLE_MS });
    await page.screenshot({
      path: join(RESULTS, 'checkout-redirect-successful.png'),
      fullPage: true,
    });
    await approval.close();
    await page.close();
  });

  it('an amount out of bounds shows the API’s message naming the field', async () => {
    const page = await openCheckout(uniqueUser('bad'));
    await fillAndPay(page, { country: 'BJ', network: 'mtn', phone: '2290197000000', amount: '50' });
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain('amount');
    await page.close();
  });
});
