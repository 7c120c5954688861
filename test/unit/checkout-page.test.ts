/**
 * The hosted page's server side (shared/checkouts/page/): which language a customer gets, how an
 * amount reads, which phone forms are one number, and that the page runs nothing its
 * Content-Security-Policy does not name.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../shared/checkouts/model.ts';
import { MESSAGES } from '../../shared/checkouts/page/messages.ts';
import {
  CONTENT_SECURITY_POLICY,
  formatAmount,
  pickLocale,
  renderCheckoutPage,
} from '../../shared/checkouts/page/render.ts';
import { findNetwork, normalizePhone } from '../../shared/providers.ts';

const benin = findNetwork('mtn')?.country;
if (!benin) throw new Error('the catalog has no MTN Benin');

const checkout: Checkout = {
  id: 'chk_abcdefghijklmnopqrstuvwxyz',
  merchantId: 'shop',
  status: 'OPEN',
  amount: 2500,
  currency: 'XOF',
  orderId: '1042',
  description: 'Commande 1042',
  networks: ['mtn', 'moov', 'orange_bf'],
  url: 'https://api.example/api/v1/payments/feexpay/pay/chk_abcdefghijklmnopqrstuvwxyz',
  expiresAt: '2026-05-04T10:45:00.000Z',
  createdAt: '2026-05-04T10:15:00.000Z',
  updatedAt: '2026-05-04T10:15:00.000Z',
  attempts: [],
  requestHash: 'h',
  events: [],
};

describe('the hosted page', () => {
  it.each([
    [undefined, undefined, undefined, 'fr'],
    [undefined, undefined, 'en-US,en;q=0.9', 'en'],
    [undefined, undefined, 'de-DE,fr;q=0.5,en;q=0.4', 'fr'],
    [undefined, undefined, 'en;q=0.2,fr;q=0.8', 'fr'],
    [undefined, 'fr', 'en-US', 'fr'],
    ['en', 'fr', undefined, 'en'],
    ['xx', undefined, 'en', 'en'],
  ] as const)(
    'lang %s, checkout locale %s, Accept-Language %s → %s',
    (lang, locale, accept, want) => {
      expect(pickLocale(lang, locale, accept)).toBe(want);
    },
  );

  it('reads amounts as people do: 2 500 F CFA in French', () => {
    expect(formatAmount(2500, 'XOF', 'fr').replace(/[\u00a0\u202f]/g, ' ')).toBe('2 500 F CFA');
    expect(formatAmount(1_000_000, 'XAF', 'fr').replace(/[\u00a0\u202f]/g, ' ')).toBe(
      '1 000 000 FCFA',
    );
  });

  it('takes a number in the forms customers type it', () => {
    for (const typed of [
      '+229 01 66 00 00 00',
      '0166000000',
      '2290166000000',
      '00229 0166000000',
    ]) {
      expect(normalizePhone(typed, benin), typed).toBe('2290166000000');
    }
    for (const typed of ['01 66', '+228 90 00 00 00', '229016600000a', '']) {
      expect(normalizePhone(typed, benin), typed).toBeUndefined();
    }
  });

  it('is one document in the customer’s language, whose only inline code is what its CSP allows', () => {
    const html = renderCheckoutPage({
      checkout,
      attempt: undefined,
      locale: 'fr',
      checkoutPath: '/api/v1/payments/feexpay/checkouts/chk_abcdefghijklmnopqrstuvwxyz',
      pagePath: '/api/v1/payments/feexpay/pay/chk_abcdefghijklmnopqrstuvwxyz',
    });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(MESSAGES.fr.phone);
    expect(html).not.toContain(MESSAGES.en.phone);
    // Two countries, so a country list; each field labelled.
    expect(html).toContain('<label for="country">Pays</label>');
    expect(html).toMatch(/<option value="BF"[^>]*>Burkina Faso<\/option>/);
    const hashes = [...html.matchAll(/<(script|style)>([\s\S]*?)<\/\1>/g)].map(
      ([, , code]) =>
        `'sha256-${createHash('sha256')
          .update(code as string)
          .digest('base64')}'`,
    );
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) expect(CONTENT_SECURITY_POLICY).toContain(hash);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    // The state cannot close its script element.
    const state = /<script type="application\/json" id="state">([\s\S]*?)<\/script>/.exec(html);
    expect(JSON.parse(state?.[1] ?? '')).toMatchObject({
      locale: 'fr',
      amount: expect.any(String),
    });
  });

  it('keeps a merchant’s text from breaking out of the page', () => {
    const html = renderCheckoutPage({
      checkout: { ...checkout, returnUrl: 'https://shop.example/?a=</script><script>alert(1)' },
      attempt: undefined,
      locale: 'en',
      checkoutPath: '/c',
      pagePath: '/p',
    });
    expect(html).not.toContain('</script><script>alert(1)');
  });
});
