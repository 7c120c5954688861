/**
 * GET payments/ (merchant scope): any payment of the deployment, newest first, filtered by order,
 * status and creation time, cursor-paged. Two ways in (docs/data-model.md, access patterns):
 *
 * - with `orderId`: the order's checkouts (its item lists them), their attempts (each checkout
 *   lists them), then those payments: a handful of key reads, whatever the table's size;
 * - without: the `byCreated` index, one partition per day and shard, read newest first; a page
 *   merges the ten shards of a day (each read once, `limit` keys at most), then the day before,
 *   until it has `limit` payments or reaches `from` (at most `MAX_DAYS_PER_PAGE` days a page).
 *
 * The cursor is the position of the last payment of the page (`<createdAt>#<id>`, base64url): the
 * next page starts strictly before it. A status filter applies after the read, so a page may hold
 * fewer than `limit` payments while `nextCursor` continues (as history does).
 */
import { checkoutsOfOrder, getMany as getCheckouts } from '../checkouts/store.ts';
import { invalidFields, type ValidationError } from '../errors.ts';
import type { Localized } from '../http/language.ts';
import { SHARDS } from '../keys.ts';
import { type Payment, type PaymentStatus, type PublicPayment, toPublicPayment } from './model.ts';
import * as payments from './store.ts';

/** Without `from`, a list reaches this far back from `to`. */
export const DEFAULT_RANGE_DAYS = 30;
/** The widest `from`–`to` range a list accepts. */
export const MAX_RANGE_DAYS = 92;
/** Days one page reads at most; past them it ends with a cursor at the day it stopped. */
export const MAX_DAYS_PER_PAGE = 31;

const DAY_MS = 86_400_000;

export interface ListQuery {
  orderId?: string | undefined;
  status?: PaymentStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface PaymentsPage {
  items: PublicPayment[];
  nextCursor: string | null;
}

/** `<createdAt ISO>#<payment id>`, or `<day start ISO>#` where a page stopped between days. */
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#(?:pay_[a-z2-7]{26})?$/;

function badQuery(field: string, message: string | Localized): ValidationError {
  return invalidFields([{ field, message }]);
}

function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const position = /^[A-Za-z0-9_-]+$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  if (!POSITION.test(position)) {
    throw badQuery('query.cursor', {
      fr: 'Ce curseur ne vient pas de cette liste : envoyez nextCursor tel quel.',
      en: 'Not a cursor issued by this list; use nextCursor.',
    });
  }
  return position;
}

export async function listPayments(query: ListQuery, now = new Date()): Promise<PaymentsPage> {
  const page = await listStoredPayments(
    query,
    (p) => !query.status || p.status === query.status,
    now,
  );
  return { items: page.items.map(toPublicPayment), nextCursor: page.nextCursor };
}

/**
 * One page of stored payments as `listPayments` reads them, kept when `keep` says so (the filters
 * that apply after the read: the merchant's status, the back office's network and amount).
 */
export async function listStoredPayments(
  query: Omit<ListQuery, 'status'>,
  keep: (payment: Payment) => boolean,
  now = new Date(),
): Promise<{ items: Payment[]; nextCursor: string | null }> {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from > to) {
    throw badQuery('query.from', { fr: 'Doit précéder `to`.', en: 'Must be before `to`.' });
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw badQuery('query.from', {
      fr: `Au plus ${MAX_RANGE_DAYS} jours avant \`to\`.`,
      en: `At most ${MAX_RANGE_DAYS} days before \`to\`.`,
    });
  }
  const range = {
    lower: from.toISOString(),
    // Above every key created at `to` (`~` sorts after `#`), or the cursor's own position.
    upper: query.cursor ? decodeCursor(query.cursor) : `${to.toISOString()}~`,
  };
  const positions = query.orderId
    ? await positionsOfOrder(query.orderId, range, query.limit)
    : await positionsByDay(range, query.limit);
  const found = new Map(
    (await payments.getMany(positions.ids.map(idOf))).map((p) => [p.id, p] as const),
  );
  const items = positions.ids
    .map((position) => found.get(idOf(position)))
    .filter((p): p is Payment => p !== undefined && keep(p));
  return { items, nextCursor: positions.next ? encodeCursor(positions.next) : null };
}

/** A position's payment id. */
function idOf(position: string): string {
  return position.slice(position.indexOf('#') + 1);
}

interface Positions {
  /** `<createdAt>#<id>` of the page's payments, newest first. */
  ids: string[];
  /** Where the next page starts (exclusive), when there may be more. */
  next?: string;
}

/** Keys strictly below `upper` (a cursor is the last key of the page before) and from `lower`. */
function inRange(key: string, range: { lower: string; upper: string }): boolean {
  return key >= range.lower && key < range.upper;
}

async function positionsByDay(
  range: { lower: string; upper: string },
  limit: number,
): Promise<Positions> {
  const ids: string[] = [];
  const firstDay = range.lower.slice(0, 10);
  let day = range.upper.slice(0, 10);
  for (let read = 0; day >= firstDay; read++) {
    if (read === MAX_DAYS_PER_PAGE) return { ids, next: `${day}T23:59:59.999Z#` };
    const need = limit - ids.length;
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) =>
        payments.listCreated(day, shard, { ...range, limit: need + 1 }),
      ),
    );
    const merged = shards
      .flat()
      .filter((key) => inRange(key, range))
      .sort()
      .reverse();
    ids.push(...merged.slice(0, need));
    if (ids.length === limit) {
      const more = merged.length > need || day > firstDay;
      return { ids, ...(more ? { next: ids.at(-1) as string } : {}) };
    }
    day = new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
  }
  return { ids };
}

async function positionsOfOrder(
  orderId: string,
  range: { lower: string; upper: string },
  limit: number,
): Promise<Positions> {
  const checkoutIds = await checkoutsOfOrder(orderId);
  const attempts = (await getCheckouts(checkoutIds)).flatMap((c) =>
    c.attempts.map((a) => `${a.createdAt}#${a.paymentId}`),
  );
  // The claim time on the checkout precedes the payment's own createdAt by milliseconds; the
  // payment's own time is what the list shows and pages by.
  const created = (await payments.getMany(attempts.map(idOf)))
    .map((p) => `${p.createdAt}#${p.id}`)
    .filter((key) => inRange(key, range))
    .sort()
    .reverse();
  const page = created.slice(0, limit);
  return { ids: page, ...(created.length > limit ? { next: page.at(-1) as string } : {}) };
}
