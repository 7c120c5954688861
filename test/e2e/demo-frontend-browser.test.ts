/**
 * The frontend demo (/demo/frontend/: a merchant's frontend calling initiate for a signed-in
 * customer) in headless Chromium at 360 px wide (an entry-level phone) against
 * the local stack: a customer picks a network, pays and watches the status change live. Ending 00
 * shows SUCCESSFUL, ending 01 shows FAILED with the payer's text for its failure code in French,
 * then English; FeexPay down (ending 05) shows its text too; Coris asks for the code FeexPay sent
 * after the payment starts, Orange BF takes the code before; a redirect network shows its payment
 * page link (approved there), and a bad amount shows the API's field message. Screenshots of each
 * final state go to test-results/.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it when missing).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureMessage } from '../../client/src/index.ts';
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

/** A fresh page at a small phone's width for a fresh demo user, once the catalog has loaded. */
async function openCheckout(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${stack.baseUrl}/demo/frontend/?user=${user}`);
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

async function fillAndPay(
  page: Page,
  order: { country: string; network: string; phone: string; amount: string; otp?: string },
) {
  await page.selectOption('#country', order.country);
  await page.selectOption('#network', order.network);
  await page.fill('#phone', order.phone);
  await page.fill('#amount', order.amount);
  if (order.otp) await page.fill('#otp', order.otp);
  await page.click('#pay');
}

/** The page fits the phone: nothing wider than the viewport (no sideways scrolling). */
async function expectNoHorizontalScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
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
    expect(await page.textContent('#status')).toBe('Réussi');
    await page.locator('#history li[data-status="SUCCESSFUL"]').waitFor();
    expect(await page.locator('#failure').isVisible()).toBe(false);
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS, 'checkout-00-successful.png'), fullPage: true });
    await page.close();
  });

  it('ending 01: FAILED, with the payer’s text for its failure code in French, then English', async () => {
    const page = await openCheckout(uniqueUser('01'));
    await fillAndPay(page, {
      country: 'BJ',
      network: 'mtn',
      phone: '2290197000001',
      amount: '2500',
    });
    await page.locator('#status[data-status="FAILED"]').waitFor({ timeout: SETTLE_MS });
    await page.locator('#failure-message').waitFor({ state: 'visible' });
    expect(await page.textContent('#failure-code')).toBe('declined');
    expect(await page.textContent('#failure-message')).toBe(failureMessage('declined', 'fr'));
    expect(await page.textContent('#failure-reason')).toBe('APPROVAL_REJECTED');
    expect(await page.textContent('#status')).toBe('Échoué');
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS, 'checkout-01-failed-fr.png'), fullPage: true });

    await page.selectOption('#lang', 'en');
    expect(await page.textContent('#failure-message')).toBe(failureMessage('declined', 'en'));
    expect(await page.textContent('#status')).toBe('Failed');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: join(RESULTS, 'checkout-01-failed-en.png'), fullPage: true });
    await page.close();
  });

  it('ending 05: FeexPay down; the page says so in the payer’s words, with the failure code', async () => {
    const page = await openCheckout(uniqueUser('05'));
    await fillAndPay(page, {
      country: 'BJ',
      network: 'mtn',
      phone: '2290197000005',
      amount: '2500',
    });
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain(failureMessage('provider_unavailable', 'fr'));
    await page.screenshot({ path: join(RESULTS, 'checkout-05-unavailable.png'), fullPage: true });
    await page.close();
  });

  it('Coris: the page asks for the code FeexPay sent once the payment started, then settles', async () => {
    const page = await openCheckout(uniqueUser('coris'));
    await fillAndPay(page, {
      country: 'BJ',
      network: 'coris',
      phone: '2290197000000',
      amount: '2500',
    });
    // No code field before paying: Coris sends it after the first step.
    expect(await page.locator('#otp-field').isVisible()).toBe(false);
    await page.locator('#otp-step').waitFor({ state: 'visible' });
    expect(await page.textContent('#otp-step-label')).toContain('Coris Money');
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS, 'checkout-coris-code.png'), fullPage: true });
    await page.fill('#otp-code', '482913');
    await page.click('#otp-confirm');
    await page.locator('#status[data-status="SUCCESSFUL"]').waitFor({ timeout: SETTLE_MS });
    expect(await page.locator('#otp-step').isVisible()).toBe(false);
    await page.screenshot({ path: join(RESULTS, 'checkout-coris-successful.png'), fullPage: true });
    await page.close();
  });

  it('Coris with a wrong code: FAILED with the otp_invalid text', async () => {
    const page = await openCheckout(uniqueUser('coris-wrong'));
    await fillAndPay(page, {
      country: 'BJ',
      network: 'coris',
      phone: '2290197000000',
      amount: '2500',
    });
    await page.locator('#otp-step').waitFor({ state: 'visible' });
    await page.fill('#otp-code', '000000');
    await page.click('#otp-confirm');
    await page.locator('#status[data-status="FAILED"]').waitFor({ timeout: SETTLE_MS });
    expect(await page.textContent('#failure-message')).toBe(failureMessage('otp_invalid', 'fr'));
    await page.screenshot({ path: join(RESULTS, 'checkout-coris-wrong-code.png'), fullPage: true });
    await page.close();
  });

  it('Orange Burkina: the code the customer made first goes with the payment', async () => {
    const page = await openCheckout(uniqueUser('orange-bf'));
    await page.selectOption('#country', 'BF');
    await page.selectOption('#network', 'orange_bf');
    await page.locator('#otp-field').waitFor({ state: 'visible' });
    expect(await page.textContent('#otp-hint')).toContain('*144*4*6*#');
    await fillAndPay(page, {
      country: 'BF',
      network: 'orange_bf',
      phone: '22670000000',
      amount: '2500',
      otp: '123456',
    });
    await page.locator('#status[data-status="SUCCESSFUL"]').waitFor({ timeout: SETTLE_MS });
    await page.screenshot({ path: join(RESULTS, 'checkout-orange-bf.png'), fullPage: true });
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
