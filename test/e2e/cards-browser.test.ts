/**
 * Paying a checkout by card in headless Chromium, on a 360×740 phone screen in French, against the
 * local stack: the hosted page sends the customer to the simulator's FeexLink card page, the
 * customer types a test card, and FeexPay's redirect brings them back. An approved card ends on
 * the paid screen; a declined card shows the French decline message and the choice of another
 * method, which then pays. Every screen is written to .local/screenshots/ for review.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it when missing).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { failureMessage } from '../../shared/payments/failure-codes.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = resolve(import.meta.dirname, '../../.local/screenshots');
const SETTLE_MS = 30_000;

let stack: LocalStack;
let browser: Browser;
let phone: BrowserContext;
let merchantToken: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  [stack, browser, merchantToken] = await Promise.all([
    startTestStack({ settings: { simulatorDelayMs: 600 }, log: () => {} }),
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
    tokenFor('browser-card-shop', { claims: { scope: 'payments/merchant' } }),
  ]);
  phone = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function createCheckout() {
  const created = await api(stack, 'POST', 'checkouts', {
    token: merchantToken,
    body: {
      amount: 2500,
      currency: 'XOF',
      orderId: `card-${randomUUID().slice(0, 8)}`,
      description: 'Commande 1042',
      returnUrl: 'https://shop.example.com/orders/1042',
      countries: ['BJ'],
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; url: string };
}

const screen = (page: Page, name: string) =>
  page.locator(`[data-screen-of="${name}"]:not([hidden])`).waitFor({ timeout: SETTLE_MS });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `card-${name}.png`), fullPage: true });

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/** From the hosted page to the simulator's card page: card chosen, number typed, pay. */
async function toCardPage(checkout: { url: string }, name: string): Promise<Page> {
  const page = await phone.newPage();
  await page.goto(checkout.url);
  await page.locator('body[data-ready="true"]').waitFor();
  const card = page.locator('input[name="network"][value="card"]');
  expect(plain(await page.locator('label.option', { has: card }).textContent())).toBe(
    'Carte bancaire (Visa, Mastercard)',
  );
  await card.check();
  await page.fill('#phone', '01 66 00 00 00');
  if (name === 'approved') await shot(page, '1-pay-by-card');
  await page.click('#pay-button');
  const simulator = stack.simulator?.url as string;
  await page.waitForURL((url) => url.href.startsWith(`${simulator}/feexlink/`));
  expect(plain(await page.textContent('h1'))).toBe('Payer par carte');
  expect(plain(await page.textContent('.amount'))).toBe('2 500 F CFA');
  return page;
}

async function typeCard(page: Page, number: string) {
  await page.fill('#number', number);
  await page.fill('#expiry', '12/30');
  await page.fill('#cvc', '123');
  await page.fill('#name', 'Awa Test');
}

describe('paying a checkout by card, 360×740, in French', () => {
  it('approved card: the FeexLink page, back to the page, the checkout is PAID', async () => {
    const checkout = await createCheckout();
    const page = await toCardPage(checkout, 'approved');
    await typeCard(page, '4242 4242 4242 4242');
    await shot(page, '2-feexlink-page');
    await page.click('#card-pay');
    await page.waitForURL((url) => url.href.startsWith(checkout.url));
    await screen(page, 'paid');
    // The reference was passed on once and taken out of the address bar.
    expect(new URL(page.url()).searchParams.has('ref')).toBe(false);
    expect(plain(await page.textContent('[data-screen-of="paid"] h1'))).toBe('Paiement reçu');
    await shot(page, '3-paid');
    const read = await api(stack, 'GET', `checkouts/${checkout.id}`, { token: merchantToken });
    expect(read.body).toMatchObject({ status: 'PAID' });
    await page.close();
  });

  it('declined card: the French decline message and the choice of another method, which pays', async () => {
    const checkout = await createCheckout();
    const page = await toCardPage(checkout, 'declined');
    await typeCard(page, '4000 0000 0000 0002');
    await page.click('#card-pay');
    await page.waitForURL((url) => url.href.startsWith(checkout.url));
    await screen(page, 'failed');
    expect(plain(await page.textContent('#failure'))).toBe(
      plain(failureMessage('card_declined', 'fr')),
    );
    expect(plain(await page.textContent('#other-number'))).toBe(
      'Choisir un autre moyen de paiement',
    );
    await shot(page, '4-declined');

    await page.click('#other-number');
    await screen(page, 'pay');
    // The number stays; the choice of method has the focus.
    expect(await page.inputValue('#phone')).not.toBe('');
    expect(
      await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name),
    ).toBe('network');
    await page.locator('input[name="network"][value="mtn"]').check();
    await shot(page, '5-another-method');
    await page.click('#pay-button');
    await screen(page, 'paid');
    await page.close();
  });
});
