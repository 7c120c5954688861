/**
 * The merchant's reads: one payout (its own only), its payouts and refunds page by page, and a
 * payment's refunds. Contracts: shared/api/payouts.ts.
 */
import { invalidFields } from '../errors.ts';
import * as payments from '../payments/store.ts';
import { paymentNotFound, payoutNotFound } from './errors.ts';
import { type PublicPayout, toPublicPayout } from './model.ts';
import type { ListPayoutsQuery } from './schemas.ts';
import * as payouts from './store.ts';

/** A payout of this merchant (404 for another merchant's: it does not exist for them). */
export async function merchantPayout(merchantId: string, id: string): Promise<PublicPayout> {
  const payout = await payouts.get(id);
  if (!payout || payout.merchantId !== merchantId) throw payoutNotFound(id);
  return toPublicPayout(payout);
}

const POSITION = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)#((?:po|rf)_[a-z2-7]{26})$/;

function encodeCursor(position: { createdAt: string; id: string }): string {
  return Buffer.from(`${position.createdAt}#${position.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = POSITION.exec(text);
  if (!match) {
    throw invalidFields([
      {
        field: 'query.cursor',
        message: {
          fr: 'Ce curseur ne vient pas de cette liste : envoyez nextCursor tel quel.',
          en: 'Not a cursor issued by this list; use nextCursor.',
        },
      },
    ]);
  }
  return { createdAt: match[1] as string, id: match[2] as string };
}

/** One page of the merchant's payouts and refunds, newest first. */
export async function listMerchantPayouts(
  merchantId: string,
  query: ListPayoutsQuery,
): Promise<{ items: PublicPayout[]; nextCursor: string | null }> {
  const page = await payouts.listByMerchant(merchantId, {
    limit: query.limit,
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
  });
  return {
    items: page.items.map(toPublicPayout),
    nextCursor: page.next ? encodeCursor(page.next) : null,
  };
}

/** Every refund of a payment, oldest first. */
export async function refundsOfPayment(paymentId: string): Promise<{ items: PublicPayout[] }> {
  const payment = await payments.get(paymentId, { consistent: true });
  if (!payment) throw paymentNotFound(paymentId);
  const refunds = await payouts.getMany(payment.refunds ?? []);
  return { items: refunds.map(toPublicPayout) };
}
