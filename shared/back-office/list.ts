/**
 * The back office's list of payments: the merchant list's reading (the `byCreated` index, newest
 * first, by creation time; shared/payments/list.ts) with the filters staff need, and the same
 * list as CSV. Status, network and amount apply after the read, so one request reads up to
 * `MAX_READS` pages of keys to fill a page of matches before it answers with a cursor.
 */
import type { ListQuery } from '../payments/list.ts';
import { listStoredPayments } from '../payments/list.ts';
import type { Payment, PaymentStatus } from '../payments/model.ts';
import { type OperatorPayment, toOperatorPayment } from './view.ts';

export interface OperatorListQuery extends Omit<ListQuery, 'status'> {
  status?: PaymentStatus | undefined;
  network?: string | undefined;
  minAmount?: number | undefined;
  maxAmount?: number | undefined;
}

/** Pages of keys one request reads at most to fill a page of matches. */
export const MAX_READS = 5;

export interface OperatorPage {
  items: OperatorPayment[];
  nextCursor: string | null;
}

export function matches(
  query: Omit<OperatorListQuery, 'limit' | 'cursor'>,
): (p: Payment) => boolean {
  return (p) =>
    (!query.status || p.status === query.status) &&
    (!query.network || p.network === query.network) &&
    (query.minAmount === undefined || p.amount >= query.minAmount) &&
    (query.maxAmount === undefined || p.amount <= query.maxAmount);
}

export async function listForOperator(
  query: OperatorListQuery,
  now = new Date(),
): Promise<OperatorPage> {
  const items: Payment[] = [];
  let cursor = query.cursor;
  for (let read = 0; read < MAX_READS; read++) {
    const page = await listStoredPayments(
      { ...query, cursor, limit: query.limit - items.length },
      matches(query),
      now,
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!cursor || items.length >= query.limit) break;
  }
  return { items: items.map(toOperatorPayment), nextCursor: cursor ?? null };
}

/** Rows one export holds at most (a Lambda answers within its timeout and 6 MB). */
export const EXPORT_MAX_ROWS = 5000;

/** Pages of 500 keys one export reads at most, however few of them match. */
const EXPORT_MAX_READS = 100;

const COLUMNS = [
  'id',
  'createdAt',
  'updatedAt',
  'status',
  'amount',
  'currency',
  'network',
  'phoneNumber',
  'reference',
  'orderId',
  'checkoutId',
  'failureCode',
  'failureReason',
  'retryOf',
  'amountRefunded',
] as const;

/**
 * The filtered list as CSV (RFC 4180: CRLF, quoted where needed; a cell starting with `=`, `+`,
 * `-` or `@` is prefixed with `'` so a spreadsheet never runs it as a formula). `truncated` when
 * more than `EXPORT_MAX_ROWS` matched (or more than `EXPORT_MAX_READS`
 * pages had to be read): narrow the dates.
 */
export async function exportCsv(
  query: Omit<OperatorListQuery, 'limit' | 'cursor'>,
  now = new Date(),
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const lines = [COLUMNS.join(',')];
  let cursor: string | undefined;
  let rows = 0;
  let reads = 0;
  do {
    reads++;
    const page = await listStoredPayments(
      { ...query, cursor, limit: Math.min(500, EXPORT_MAX_ROWS - rows) },
      matches(query),
      now,
    );
    for (const p of page.items.map(toOperatorPayment)) {
      const record = p as unknown as Record<string, unknown>;
      lines.push(COLUMNS.map((column) => csvCell(record[column])).join(','));
      rows++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows < EXPORT_MAX_ROWS && reads < EXPORT_MAX_READS);
  return { csv: `${lines.join('\r\n')}\r\n`, rows, truncated: cursor !== undefined };
}

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
