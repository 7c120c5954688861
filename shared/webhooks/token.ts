/**
 * The webhook URL registered at FeexPay carries our own secret token (`…/webhook/?token=`), since
 * FeexPay signs nothing (docs/feexpay-api.md §8.3). Compared in constant time: both sides are
 * hashed first, so `timingSafeEqual` always compares two digests of the same length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when `given` equals `expected`, without leaking where they differ or their lengths. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given === '' || expected === '') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
