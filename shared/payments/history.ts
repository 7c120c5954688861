/**
 * GET history/: the caller's payments, newest first, one Query per page. The cursor is the
 * DynamoDB page key as base64url JSON; it is checked for shape and owner before use, so a cursor
 * from another user (or a forged one) is a 400, never a peek into someone else's partition.
 */
import { ValidationError } from '../errors.ts';
import { ownerPk, type PaymentStatus, type PublicPayment, toPublicPayment } from './model.ts';
import { listPaymentsByOwner, type OwnerPageKey } from './repository.ts';

export interface HistoryPage {
  items: PublicPayment[];
  nextCursor: string | null;
}

export function encodeCursor(key: OwnerPageKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function badCursor(): ValidationError {
  return new ValidationError('The cursor is not valid; use nextCursor from a previous page.', {
    fields: [{ field: 'query.cursor', message: 'Not a cursor issued to you.' }],
  });
}

/** A cursor → the page key, only if it is well-formed and belongs to `userId`. */
export function decodeCursor(cursor: string, userId: string): OwnerPageKey {
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
    typeof gsi1sk !== 'string' ||
    gsi1pk !== ownerPk(userId) ||
    sk !== 'PAYMENT' ||
    !pk.startsWith('PAYMENT#') ||
    !gsi1sk.endsWith(`#${pk.slice('PAYMENT#'.length)}`)
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
  const page = await listPaymentsByOwner(userId, {
    limit: query.limit,
    ...(startKey ? { startKey } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return {
    items: page.items.map(toPublicPayment),
    nextCursor: page.nextKey ? encodeCursor(page.nextKey) : null,
  };
}
