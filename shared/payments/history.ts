/**
 * GET history/: the caller's payments, newest first, one Query per page. The cursor is the
 * DynamoDB page key as base64url JSON; it is checked for shape and owner before use, so a cursor
 * from another user (or a forged one) is a 400, never a peek into someone else's partition.
 */
import { ValidationError } from '../errors.ts';
import { isPaymentSk, ownerPk, parseOwnerSk, paymentIdOf } from '../keys.ts';
import { isPaymentId } from './idempotency.ts';
import { type PaymentStatus, type PublicPayment, toPublicPayment } from './model.ts';
import * as payments from './store.ts';

export interface HistoryPage {
  items: PublicPayment[];
  nextCursor: string | null;
}

export function encodeCursor(key: payments.OwnerPageKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function badCursor(): ValidationError {
  return new ValidationError(
    {
      fr: 'Le curseur n’est pas valide : utilisez nextCursor d’une page précédente.',
      en: 'The cursor is not valid; use nextCursor from a previous page.',
    },
    {
      fields: [
        {
          field: 'query.cursor',
          message: {
            fr: 'Ce curseur ne vous a pas été remis : envoyez nextCursor tel quel.',
            en: 'Not a cursor issued to you: send nextCursor as it came.',
          },
        },
      ],
    },
  );
}

/** `createdAt` as the item stores it (`Date.prototype.toISOString`). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** DynamoDB's limits on a partition and a sort key value, in UTF-8 bytes. */
const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;

/**
 * A cursor → the page key, only if it is well-formed and belongs to `userId`: each key has exactly
 * the shape our items' keys have (`PAYMENT#pay_…`, `PAYMENT`, `OWNER#<caller>`,
 * `<createdAt ISO>#pay_…`) and fits DynamoDB's key limits, so a forged cursor never reaches
 * DynamoDB as a key it would refuse (a 500) or as a peek into another partition.
 */
export function decodeCursor(cursor: string, userId: string): payments.OwnerPageKey {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badCursor();
  const key = parsed as Record<string, unknown>;
  const names = Object.keys(key).sort().join(',');
  if (names !== 'gsi1pk,gsi1sk,pk,sk') throw badCursor();
  const { pk, sk, gsi1pk, gsi1sk } = key;
  if (
    typeof pk !== 'string' ||
    typeof sk !== 'string' ||
    typeof gsi1pk !== 'string' ||
    typeof gsi1sk !== 'string'
  ) {
    throw badCursor();
  }
  const id = paymentIdOf(pk) ?? '';
  const entry = parseOwnerSk(gsi1sk);
  if (
    !isPaymentId(id) ||
    !isPaymentSk(sk) ||
    gsi1pk !== ownerPk(userId) ||
    Buffer.byteLength(gsi1pk, 'utf8') > MAX_PARTITION_KEY_BYTES ||
    !ISO_TIME.test(entry.createdAt) ||
    entry.id !== id ||
    Buffer.byteLength(gsi1sk, 'utf8') > MAX_SORT_KEY_BYTES
  ) {
    throw badCursor();
  }
  return { pk, sk, gsi1pk, gsi1sk };
}

export async function listHistory(
  userId: string,
  query: { limit: number; cursor?: string | undefined; status?: PaymentStatus | undefined },
): Promise<HistoryPage> {
  const startKey = query.cursor ? decodeCursor(query.cursor, userId) : undefined;
  const page = await payments.listByOwner(userId, {
    limit: query.limit,
    ...(startKey ? { startKey } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return {
    items: page.items.map(toPublicPayment),
    nextCursor: page.nextKey ? encodeCursor(page.nextKey) : null,
  };
}
