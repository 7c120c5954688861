/**
 * The back office's search (and `npm run find-payment`): one box, four ways to find a payment,
 * each a key read, never a Scan (docs/back-office.md, "Search"):
 *
 * - our id (`pay_…`): 1 GetItem; a checkout id (`chk_…`): its attempts;
 * - the merchant's `orderId`: its order record, its checkouts, their attempts;
 * - FeexPay's reference: the `byReference` index;
 * - the payer's phone number, as typed (`+229 01 66 00 00 00`, `0166000000`, …): the keyed hash of
 *   each international form it can be (shared/back-office/phone.ts), on the `byPhone` index.
 *
 * Without `by`, every way the text can be is tried at once and the results are merged.
 */
import * as checkouts from '../checkouts/store.ts';
import { invalidFields } from '../errors.ts';
import { isPaymentId } from '../payments/idempotency.ts';
import * as payments from '../payments/store.ts';
import { countries, normalizePhone } from '../providers.ts';
import { getFeexPaySecret } from '../secrets.ts';
import { phoneHash } from './phone.ts';
import { type OperatorPayment, toOperatorPayment } from './view.ts';

export const SEARCH_KINDS = ['id', 'orderId', 'reference', 'phone'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** At most this many payments per way of searching (newest first for a phone number). */
export const SEARCH_LIMIT = 50;

export interface SearchResult {
  items: (OperatorPayment & { matchedBy: SearchKind[] })[];
  /** False when the deployment's secret has no phoneLookupKey: no phone search was possible. */
  phoneSearch: boolean;
}

/** The international forms a typed phone number can be, one per country it fits. */
export function phoneCandidates(text: string): string[] {
  const forms = countries.map((country) => normalizePhone(text, country));
  return [...new Set(forms.filter((form): form is string => form !== undefined))];
}

export async function searchPayments(text: string, by?: SearchKind): Promise<SearchResult> {
  const q = text.trim();
  if (!q) {
    throw invalidFields([
      {
        field: 'query.q',
        message: {
          fr: 'Tapez un identifiant, un numéro de commande, une référence ou un numéro de téléphone.',
          en: 'Type an id, an order id, a reference or a phone number.',
        },
      },
    ]);
  }
  const kinds = by ? [by] : SEARCH_KINDS.filter((kind) => plausible(kind, q));
  let phoneSearch = true;
  const found = await Promise.all(
    kinds.map(async (kind): Promise<[SearchKind, string[]]> => {
      if (kind === 'phone') {
        const ids = await idsByPhone(q);
        if (ids === undefined) phoneSearch = false;
        return [kind, ids ?? []];
      }
      return [kind, await idsBy(kind, q)];
    }),
  );
  const matched = new Map<string, SearchKind[]>();
  for (const [kind, ids] of found) {
    for (const id of ids.slice(0, SEARCH_LIMIT))
      matched.set(id, [...(matched.get(id) ?? []), kind]);
  }
  const stored = await payments.getMany([...matched.keys()]);
  const items = stored
    .map((p) => ({ ...toOperatorPayment(p), matchedBy: matched.get(p.id) ?? [] }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { items, phoneSearch };
}

/** Whether `q` can be a value of `kind` (so a search without `by` skips the hopeless reads). */
function plausible(kind: SearchKind, q: string): boolean {
  switch (kind) {
    case 'id':
      return isPaymentId(q) || q.startsWith('chk_');
    case 'phone':
      return phoneCandidates(q).length > 0;
    case 'reference':
      return /^[A-Za-z0-9_.:-]{1,128}$/.test(q);
    case 'orderId':
      return q.length <= 128;
  }
}

async function idsBy(kind: Exclude<SearchKind, 'phone'>, q: string): Promise<string[]> {
  switch (kind) {
    case 'id': {
      if (q.startsWith('chk_')) {
        const checkout = await checkouts.get(q);
        return checkout?.attempts.map((a) => a.paymentId) ?? [];
      }
      return (await payments.get(q)) ? [q] : [];
    }
    case 'reference': {
      const id = await payments.findByReference(q);
      return id ? [id] : [];
    }
    case 'orderId': {
      const held = await checkouts.getMany(await checkouts.checkoutsOfOrder(q));
      return held.flatMap((c) => c.attempts.map((a) => a.paymentId));
    }
  }
}

/** Undefined when there is no phone-lookup key to hash with. */
async function idsByPhone(q: string): Promise<string[] | undefined> {
  const { phoneLookupKey } = await getFeexPaySecret();
  if (!phoneLookupKey) return undefined;
  const lists = await Promise.all(
    phoneCandidates(q).map((form) =>
      payments.findByPhoneHash(phoneHash(form, phoneLookupKey), SEARCH_LIMIT),
    ),
  );
  return lists.flat();
}
