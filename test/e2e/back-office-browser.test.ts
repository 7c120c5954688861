/**
 * The back office in headless Chromium, in French, against the local stack: on a 360×740 phone and
 * on a 1280×800 laptop, an operator signs in with a token handed over in the URL fragment, sees
 * the payments, finds one by the phone number as typed, opens its timeline, re-sends its
 * notification after confirming, refunds part of it after confirming (the refund in the
 * timeline), and looks at network health; the language switch gives English.
 * Every screen is written to .local/screenshots/ (back-office-*.png) for review.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it when missing).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from './webhooks-merchant.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = resolve(import.meta.dirname, '../../.local/screenshots');

let stack: LocalStack;
let browser: Browser;
let operator: string;
let customer: string;
let merchantToken: string;
let found: { id: string; typed: string };

function freshNumber(ending: string) {
  const national = `0166${String(randomInt(0, 10_000)).padStart(4, '0')}${ending}`;
  return { digits: `229${national}`, typed: `+229 ${national.match(/../g)?.join(' ')}` };
}

async function pay(ending: string, amount: number, network = 'mtn') {
  const phone = freshNumber(ending);
  const created = await api(stack, 'POST', 'initiate', {
    token: customer,
    body: { amount, currency: 'XOF', network, phoneNumber: phone.digits },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  const id = String(created.body.id);
  if (ending !== '02') {
    const want = ending === '01' ? 'FAILED' : 'SUCCESSFUL';
    await waitFor(`${id} ${want}`, async () => {
      const status = await api(stack, 'GET', `${id}/status`, { token: customer });
      return status.body.status === want;
    });
  }
  return { id, typed: phone.typed };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  [stack, browser, operator, customer, merchantToken] = await Promise.all([
    startTestStack({ settings: { simulatorDelayMs: 100 }, log: () => {} }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    }),
    tokenFor('awa.diallo', { claims: { scope: 'payments/admin' } }),
    tokenFor('customer-browser-bo'),
    tokenFor('shop-browser-bo', { claims: { scope: 'payments/merchant' } }),
  ]);
  // A day's worth of traffic, small: successes, a refusal, one still waiting, two networks.
  found = await pay('00', 2500);
  await pay('01', 15000);
  await pay('00', 500, 'moov');
  await pay('02', 7000, 'moov');
  await pay('00', 12500);
  const checkout = await api(stack, 'POST', 'checkouts', {
    token: merchantToken,
    body: { amount: 3000, currency: 'XOF', orderId: `cmd-${randomUUID().slice(0, 6)}` },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(checkout.status, checkout.text).toBe(201);
  await stack.runSchedule('NetworkHealthRefresh');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `back-office-${name}.png`), fullPage: true });

/** Nothing is wider than the screen (no sideways scrolling on a phone). */
async function fits(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

const sizes = [
  { name: '360', viewport: { width: 360, height: 740 }, isMobile: true },
  { name: 'laptop', viewport: { width: 1280, height: 800 }, isMobile: false },
] as const;

describe.each(sizes)('the back office in French, $name', (size) => {
  it('lists payments, finds one by phone, shows its timeline, re-sends after confirming, shows network health', async () => {
    const context = await browser.newContext({
      viewport: size.viewport,
      deviceScaleFactor: size.isMobile ? 2 : 1,
      isMobile: size.isMobile,
      hasTouch: size.isMobile,
      locale: 'fr-FR',
    });
    const page = await context.newPage();
    try {
      // A token in the fragment never reaches a server; the page keeps it and clears the address.
      await page.goto(`${stack.apiUrl}/admin#token=${operator}`);
      await page.locator('table.payments tbody tr').first().waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(page.url()).not.toContain('token=');
      await expect(page.locator('#who').textContent()).resolves.toBe('Opérateur : awa.diallo');
      expect(await page.locator('table.payments tbody tr').count()).toBeGreaterThanOrEqual(5);
      await expect(page.locator('label[for=f-q]').textContent()).resolves.toBe(
        'Rechercher un paiement',
      );
      await fits(page);
      await shot(page, `list-${size.name}`);

      await page.fill('#f-q', found.typed);
      await page.click('form[role=search] button[type=submit]');
      await page.locator('.count').waitFor();
      await expect(page.locator('.count').textContent()).resolves.toContain('1 résultat(s)');
      await expect(page.locator('.matched').textContent()).resolves.toBe('trouvé par : Téléphone');
      await shot(page, `search-${size.name}`);

      await page.click(`a[href="#/payments/${found.id}"]`);
      await page.locator('ol.timeline li').first().waitFor();
      await expect(page.locator('h2', { hasText: 'Chronologie' }).count()).resolves.toBe(1);
      const story = await page.locator('ol.timeline').textContent();
      expect(story).toContain('Paiement créé');
      expect(story).toContain('Statut : En attente → Réussi');
      await page.click('button:has-text("Renvoyer la notification")');
      await page.locator('dialog[open]').waitFor();
      await shot(page, `confirm-${size.name}`);
      await page.click('dialog button[value=yes]');
      await page.locator('.notice').waitFor();
      await expect(page.locator('.notice').textContent()).resolves.toBe(
        'Notification renvoyée (payment.succeeded).',
      );
      await expect(page.locator('ol.timeline').textContent()).resolves.toContain(
        'Action opérateur : renvoi de la notification',
      );
      await fits(page);
      await shot(page, `timeline-${size.name}`);

      // A refund: the reason is required, the confirmation names the amount, number and reason.
      await page.click('button:has-text("Rembourser…")');
      await expect(page.locator('p.hint[role=status]').textContent()).resolves.toBe(
        'Dites pourquoi vous remboursez.',
      );
      await page.fill('#f-refund-amount', '1000');
      await page.fill('#f-refund-reason', 'Client débité deux fois');
      await page.click('button:has-text("Rembourser…")');
      await page.locator('dialog[open]').waitFor();
      const question = await page.locator('dialog p').textContent();
      expect(question).toMatch(/^Rembourser 1\s000 F CFA au 229\*+\d+ \(paiement pay_/);
      expect(question).toContain('Raison : « Client débité deux fois »');
      await fits(page);
      await shot(page, `refund-confirm-${size.name}`);
      await page.click('dialog button[value=yes]');
      await page.locator('.notice', { hasText: 'Remboursement' }).waitFor();
      await expect(page.locator('.notice').textContent()).resolves.toMatch(
        /^Remboursement rf_\w+ demandé \(1\s000 F CFA\)/,
      );
      const afterRefund = await page.locator('ol.timeline').textContent();
      expect(afterRefund).toMatch(/Remboursement rf_\w+ demandé : 1\s000 F CFA/);
      expect(afterRefund).toContain('Action opérateur : remboursement');
      await fits(page);
      await shot(page, `refund-${size.name}`);

      await page.click('a[href="#/networks"]');
      await page.locator('table.health tbody tr').first().waitFor();
      await expect(page.locator('h1').textContent()).resolves.toBe('Santé des réseaux');
      expect(await page.locator('svg rect.bar').count()).toBe(14);
      await fits(page);
      await shot(page, `networks-${size.name}`);

      await page.click('#lang');
      await expect(page.locator('h1').textContent()).resolves.toBe('Network health');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.click('#lang');
    } finally {
      await context.close();
    }
  });
});

describe('the back office without an operator token', () => {
  it('asks for one, and says why a merchant token is refused', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      locale: 'fr-FR',
    });
    const page = await context.newPage();
    try {
      await page.goto(`${stack.apiUrl}/admin`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Connexion opérateur');
      await page.fill('#token', merchantToken);
      await page.click('form button[type=submit]');
      await page.locator('[role=alert]').waitFor();
      await expect(page.locator('[role=alert]').textContent()).resolves.toBe(
        'Ce jeton n’a pas la portée opérateur.',
      );
      await shot(page, 'signin-360');
    } finally {
      await context.close();
    }
  });
});
