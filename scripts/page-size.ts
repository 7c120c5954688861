/**
 * The hosted checkout page's size, for the bundle report and the bench: its script minified as the
 * Lambda bundle minifies it, gzipped; and the whole page as the function serves it for a typical
 * checkout, brotli-compressed (the script in it minified too). Budgets: `PAGE_BUDGET_KB` in
 * lib/bundling.ts.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import type { Checkout } from '../shared/checkouts/model.ts';
import { PAGE_SCRIPT, renderCheckoutPage } from '../shared/checkouts/page/render.ts';

export interface PageSizes {
  scriptBytes: number;
  scriptGzipBytes: number;
  pageBytes: number;
  pageBrotliBytes: number;
}

/** A checkout of every XOF country's networks: the largest page a checkout makes. */
const SAMPLE: Checkout = {
  id: 'chk_abcdefghijklmnopqrstuvwxyz',
  merchantId: 'shop',
  status: 'OPEN',
  amount: 2500,
  currency: 'XOF',
  orderId: '10042',
  description: 'Commande 10042 Boutique Cotonou',
  networks: [
    'mtn',
    'moov',
    'celtiis_bj',
    'coris',
    'togocom_tg',
    'moov_tg',
    'mtn_ci',
    'moov_ci',
    'orange_ci',
    'wave_ci',
    'orange_sn',
    'free_sn',
    'wave_sn',
    'moov_bf',
    'orange_bf',
    'wave_bf',
    'orange_ml',
    'mobicash_ml',
  ],
  returnUrl: 'https://shop.example.com/orders/10042',
  url: 'https://api.example.com/api/v1/payments/feexpay/pay/chk_abcdefghijklmnopqrstuvwxyz',
  expiresAt: '2026-05-04T10:45:00.000Z',
  createdAt: '2026-05-04T10:15:00.000Z',
  updatedAt: '2026-05-04T10:15:00.000Z',
  attempts: [],
  requestHash: 'h',
  events: [],
};

export async function pageSizes(): Promise<PageSizes> {
  const minified = (await transform(PAGE_SCRIPT, { minify: true, target: 'es2020' })).code.trim();
  const page = renderCheckoutPage({
    checkout: SAMPLE,
    attempt: undefined,
    locale: 'fr',
    checkoutPath: '/api/v1/payments/feexpay/checkouts/chk_abcdefghijklmnopqrstuvwxyz',
    pagePath: '/api/v1/payments/feexpay/pay/chk_abcdefghijklmnopqrstuvwxyz',
  }).replace(PAGE_SCRIPT, minified);
  return {
    scriptBytes: Buffer.byteLength(minified),
    scriptGzipBytes: gzipSync(minified, { level: 9 }).byteLength,
    pageBytes: Buffer.byteLength(page),
    pageBrotliBytes: brotliCompressSync(page).byteLength,
  };
}
