import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

it('explore', async () => {
  const stack = await startTestStack({ settings: { simulatorDelayMs: 1500 }, log: console.error });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const token = await tokenFor('shop', { claims: { scope: 'payments/merchant' } });
  const c = await api(stack, 'POST', 'checkouts', {
    token,
    body: {
      amount: 2500,
      currency: 'XOF',
      orderId: randomUUID(),
      description: 'Commande 1042 Boutique Cotonou',
      returnUrl: 'https://shop.example.com/orders/1042',
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  console.log(c.status, c.body.url);
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'fr-FR',
  });
  const page = await context.newPage();
  page.on('console', (m) => console.log('console', m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e));
  await page.goto(c.body.url);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.screenshot({ path: '/work/wt/i13/.local/screenshots/x-pay.png', fullPage: true });
  await page.fill('#phone', '0166000001');
  await page.click('#pay-button');
  await page.locator('[data-screen-of="waiting"]:not([hidden])').waitFor();
  await page.screenshot({ path: '/work/wt/i13/.local/screenshots/x-waiting.png', fullPage: true });
  await page.locator('[data-screen-of="failed"]:not([hidden])').waitFor({ timeout: 20000 });
  await page.screenshot({ path: '/work/wt/i13/.local/screenshots/x-failed.png', fullPage: true });
  await page.click('#other-number');
  await page.fill('#phone', '+229 01 66 00 00 00');
  await page.click('#pay-button');
  await page.locator('[data-screen-of="paid"]:not([hidden])').waitFor({ timeout: 20000 });
  await page.screenshot({ path: '/work/wt/i13/.local/screenshots/x-paid.png', fullPage: true });
  await browser.close();
  await stack.stop();
}, 120000);
