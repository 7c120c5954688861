/**
 * The keyed hash the back office finds payments by phone number with (docs/back-office.md, "Search
 * by phone number"): HMAC-SHA256 of the number's international digits under `phoneLookupKey`
 * from the FeexPay settings secret. The table holds the hash, never the number in clear, and
 * without the key nobody can test guesses against it (a plain hash of a 12-digit number is
 * reversed by trying them all). Loaded by payment creation, so it stays small: no catalog here.
 */
import { createHmac } from 'node:crypto';
import { logger } from '../logger.ts';
import { getFeexPaySecret } from '../secrets.ts';

/** The hash of `phoneNumber` (international digits, as stored) under `key`: 43 characters. */
export function phoneHash(phoneNumber: string, key: string): string {
  return createHmac('sha256', key).update(phoneNumber.replace(/\D/g, '')).digest('base64url');
}

let warned = false;

/**
 * The hash of `phoneNumber` under the deployment's key (from the cached secret), or undefined when
 * the secret has no `phoneLookupKey` (the payment is then not findable by phone; said once per
 * execution environment in the logs).
 */
export async function phoneHashOf(phoneNumber: string): Promise<string | undefined> {
  const { phoneLookupKey } = await getFeexPaySecret();
  if (!phoneLookupKey) {
    if (!warned) {
      warned = true;
      logger.warn('The FeexPay secret has no phoneLookupKey: payments are not findable by phone');
    }
    return undefined;
  }
  return phoneHash(phoneNumber, phoneLookupKey);
}
