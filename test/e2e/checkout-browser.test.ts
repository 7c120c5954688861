/**
 * The hosted checkout page in headless Chromium, on a 360×740 phone screen in French, against the
 * local stack: a merchant's server creates the checkout, the customer pays on the page with the
 * keyboard alone. Ending 00 reaches the paid screen; ending 01 shows the French message of its
 * failure code, then another number pays; a redirect network is opened and returned from; an OTP
 * network asks for its code, before paying (Orange BF) or once FeexPay sent it (Coris); an expired checkout shows the expired screen by itself. The demo
 * creates a checkout and opens it. Every screen is written to .local/screenshots/ for review.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it when missing).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLINE_REASON, WRONG_OTP } from '../../local/simulator/outcomes.ts';
import type { LocalStack } from '../../local/stack.ts';
import { failureCodeOf, failureMessage } from '../../shared/payments/failure-codes.ts';
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
    tokenFor('browser-shop', { claims: { scope: 'payments/merchant' } }),
  ]);
  // An entry-level Android phone, French.
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

async function createCheckout(body: Record<string, unknown> = {}) {
  const created = await api(stack, 'POST', 'checkouts', {
    token: merchantToken,
    body: {
      amount: 2500,
      currency: 'XOF',
      orderId: `browser-${randomUUID().slice(0, 8)}`,
      description: 'Commande 1042',
      returnUrl: 'https://shop.example.com/orders/1042',
      ...body,
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; url: string };
}

async function open(url: string): Promise<Page> {
  const page = await phone.newPage();
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

const screen = (page: Page, name: string) =>
  page.locator(`[data-screen-of="${name}"]:not([hidden])`).waitFor({ timeout: SETTLE_MS });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `checkout-${name}.png`), fullPage: true });

/** What has the focus: `tag#id`, `tag[name]`, `tag.class` or `tag`. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return '';
    const tag = el.tagName.toLowerCase();
    if (el.id) return `${tag}#${el.id}`;
    if (el.name) return `${tag}[${el.name}]`;
    return el.classList[0] ? `${tag}.${el.classList[0]}` : tag;
  });

/** Text with the narrow and plain no-break spaces French number formatting uses, as plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('the hosted checkout page, 360×740, in French', () => {
  it('ending 00, with the keyboard alone: the amount as read in French, the waiting screen, then the paid screen and the way back', async () => {
    const checkout = await createCheckout({ countries: ['BJ'] });
    const page = await open(checkout.url);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(plain(await page.textContent('#amount'))).toBe('2 500 F CFA');
    // Every field has a label.
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input:not([type="radio"]), select'))
        .filter((el) => !(el as HTMLInputElement).labels?.length)
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);
    await shot(page, '1-pay');

    // Focus order: the language switch, the networks, the number, the button.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a.lang');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input[network]');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#phone');
    await page.keyboard.type('+229 01 66 00 00 00');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button#pay-button');
    await page.keyboard.press('Enter');

    await screen(page, 'waiting');
    expect(plain(await page.textContent('#waiting-body'))).toContain('229******0000');
    await shot(page, '2-waiting');
    await screen(page, 'paid');
    expect(await focused(page)).toBe('h1');
    const back = new URL(String(await page.getAttribute('[data-screen-of="paid"] a.back', 'href')));
    expect(back.origin + back.pathname).toBe('https://shop.example.com/orders/1042');
    expect(back.searchParams.get('checkout')).toBe(checkout.id);
    expect(back.searchParams.get('status')).toBe('PAID');
    await shot(page, '3-paid');
    await page.close();
  });

  it('ending 01: the French message of its failure, then another number pays', async () => {
    const checkout = await createCheckout({ countries: ['BJ'] });
    const page = await open(checkout.url);
    await page.fill('#phone', '0166000001');
    await page.click('#pay-button');
    await screen(page, 'failed');
    expect(plain(await page.textContent('#failure'))).toBe(
      failureMessage(failureCodeOf(DECLINE_REASON), 'fr'),
    );
    expect(await page.textContent('#try-again')).toBe('Réessayer');
    expect(await page.textContent('#other-number')).toBe('Utiliser un autre numéro');
    await shot(page, '4-failed');
    await page.click('#other-number');
    await screen(page, 'pay');
    expect(await page.inputValue('#phone')).toBe('');
    expect(await focused(page)).toBe('input#phone');
    await page.fill('#phone', '2290166000000');
    await page.click('#pay-button');
    await screen(page, 'paid');
    await page.close();
  });

  it('a number the network cannot have is refused on the page, in French, before anything is sent', async () => {
    const checkout = await createCheckout({ countries: ['BJ'] });
    const page = await open(checkout.url);
    await page.fill('#phone', '01 66');
    await page.click('#pay-button');
    const error = page.locator('#phone-error');
    await error.waitFor({ state: 'visible' });
    expect(plain(await error.textContent())).toContain('Entrez un numéro Bénin');
    expect(await page.getAttribute('#phone', 'aria-invalid')).toBe('true');
    await shot(page, '5-invalid-number');
    const read = await api(stack, 'GET', `checkouts/${checkout.id}`, { token: merchantToken });
    expect(read.body.attempts).toEqual([]);
    await page.close();
  });

  it('a redirect network: the page opens the network’s page, and the customer comes back to the outcome', async () => {
    const checkout = await createCheckout({ countries: ['CI'] });
    const page = await open(checkout.url);
    await page.check('input[name="network"][value="wave_ci"]');
    // Ending 02: only the approval on the network's page settles it.
    await page.fill('#phone', '07 00 00 00 02');
    await page.click('#pay-button');
    await screen(page, 'waiting');
    const redirect = page.locator('#redirect');
    await redirect.waitFor({ state: 'visible' });
    expect(await redirect.textContent()).toBe('Continuer vers Wave');
    await shot(page, '6-redirect');
    await redirect.click();
    await page.waitForURL(/\/pay\/[^/]+$/);
    await page.click('text=Approve');
    // The network sends the customer back to the page, which shows the outcome.
    await page.waitForURL((url) => url.pathname.endsWith(`/pay/${checkout.id}`));
    await page.locator('body[data-ready="true"]').waitFor();
    await screen(page, 'paid');
    await shot(page, '7-redirect-paid');
    await page.close();
  });

  it('an OTP network asks for the payment code, then pays with it', async () => {
    const checkout = await createCheckout({ countries: ['BF'] });
    const page = await open(checkout.url);
    await page.check('input[name="network"][value="orange_bf"]');
    const otp = page.locator('#otp-field');
    await otp.waitFor({ state: 'visible' });
    expect(plain(await page.textContent('#otp-hint'))).toContain('*144*4*6*#');
    await page.fill('#phone', '70000000');
    await page.click('#pay-button');
    await page.locator('#otp-error').waitFor({ state: 'visible' });
    expect(await focused(page)).toBe('input#otp');
    await shot(page, '8-otp');
    await page.fill('#otp', '123456');
    await page.click('#pay-button');
    await screen(page, 'paid');
    await page.close();
  });

  it('a two-step OTP network (Coris): the page asks for the code FeexPay sent; a wrong one fails in French, a new attempt pays', async () => {
    const checkout = await createCheckout({ countries: ['BJ'] });
    const page = await open(checkout.url);
    await page.check('input[name="network"][value="coris"]');
    // No code before paying: the hint says one comes once the payment starts.
    expect(await page.locator('#otp-field').isHidden()).toBe(true);
    expect(plain(await page.textContent('#otp-hint'))).toContain('Coris Money vous envoie un code');
    await page.fill('#phone', '0166000000');
    await page.click('#pay-button');
    await screen(page, 'code');
    expect(await focused(page)).toBe('h1');
    expect(plain(await page.textContent('#code-body'))).toContain('229******0000');
    await shot(page, '8b-code');
    // The keyboard reaches the field and the button.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#code');
    await page.keyboard.type(WRONG_OTP);
    await page.keyboard.press('Enter');
    await screen(page, 'failed');
    expect(plain(await page.textContent('#failure'))).toBe(failureMessage('otp_invalid', 'fr'));
    await shot(page, '8c-code-wrong');
    // Try again: a new attempt, a new code.
    await page.click('#try-again');
    await screen(page, 'code');
    await page.fill('#code', '482913');
    await page.click('#code-button');
    await screen(page, 'paid');
    await page.close();
  });

  it('an expired checkout: the page turns to the expired screen by itself, and the way back says so', async () => {
    const checkout = await createCheckout({ countries: ['BJ'], expiresInSeconds: 5 });
    const page = await open(checkout.url);
    await screen(page, 'expired');
    const back = new URL(
      String(await page.getAttribute('[data-screen-of="expired"] a.back', 'href')),
    );
    expect(back.searchParams.get('status')).toBe('EXPIRED');
    await shot(page, '9-expired');
    await page.close();
  });
});

describe('the local demo', () => {
  it('creates a checkout and opens its page; back from it, it reads the checkout', async () => {
    const page = await phone.newPage();
    await page.goto(`${stack.baseUrl}/demo/`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.click('#open');
    await page.waitForURL(/\/pay\/chk_/);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.fill('#phone', '0166000000');
    await page.click('#pay-button');
    await screen(page, 'paid');
    await page.click('[data-screen-of="paid"] a.back');
    await page.waitForURL(/\/demo\/\?checkout=chk_/);
    await page.locator('#returned[data-status="PAID"]').waitFor();
    await page.locator('#payments li[data-status="SUCCESSFUL"]').first().waitFor();
    await shot(page, '10-demo-returned');
    await page.close();
  });
});
