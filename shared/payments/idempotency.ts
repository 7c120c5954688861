/**
 * Idempotency without a separate record (docs/decisions.md, decision 5): the payment id is derived from the
 * caller and their Idempotency-Key, so the payment item IS the idempotency record. Creating it is
 * one conditional Put; a repeat is that Put failing and handing back the stored item (ALL_OLD).
 */
import { createHash } from 'node:crypto';
import { ConflictError, UnprocessableError } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import { answerBody, type Payment, toPublicPayment } from './model.ts';

/**
 * How long a first request may still be running. Longer than the Lambda timeout (30 s behind API
 * Gateway), so an expired lease means the first invocation is gone.
 */
export const IN_FLIGHT_LEASE_SECONDS = 35;

/** `pay_` + 26 base32 characters of sha256(userId \n key): stable per (user, key), opaque. */
export function paymentIdFor(userId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest();
  return `pay_${base32(digest).slice(0, 26)}`;
}

const PAYMENT_ID = /^pay_[a-z2-7]{26}$/;

/** True when `value` has the shape of an id `paymentIdFor` makes (anything else is not ours). */
export function isPaymentId(value: string): boolean {
  return PAYMENT_ID.test(value);
}

/** RFC 4648 base32 in lower case, without padding. */
export function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** JSON with object keys sorted, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 of the route name and the validated request, its first 128 bits as base64url (22
 * characters): "same key, same body" means same hash. 128 bits are plenty to tell one caller's
 * bodies apart, and the 42 bytes saved on every payment item count towards its 1 KB write unit.
 */
export function requestHashOf(route: string, request: unknown): string {
  return createHash('sha256')
    .update(`${route}\n${canonicalJson(request)}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * Whether a stored hash is this request's. Items written before the short form hold the full
 * sha256 in hex, whose first 32 hex digits are the same 128 bits.
 */
export function sameRequest(stored: string | undefined, requestHash: string): boolean {
  if (stored === requestHash) return true;
  return (
    stored !== undefined &&
    /^[0-9a-f]{64}$/.test(stored) &&
    Buffer.from(stored.slice(0, 32), 'hex').toString('base64url') === requestHash
  );
}

export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * What to answer when the payment for this key already exists. Throws 422 for another body and
 * 409 (with Retry-After) while the first request is still within its lease.
 */
export function answerForExisting(existing: Payment, requestHash: string, now: Date): HttpResult {
  if (!sameRequest(existing.requestHash, requestHash)) {
    throw new UnprocessableError(
      {
        fr: 'Cette Idempotency-Key a déjà servi pour une autre requête. Utilisez une nouvelle clé pour un nouveau paiement.',
        en: 'This Idempotency-Key was already used with a different request. Use a new key for a new payment.',
      },
      {
        code: 'idempotency_key_reused',
        fields: [
          {
            field: 'Idempotency-Key',
            message: {
              fr: 'Déjà utilisée avec un autre corps : utilisez une nouvelle clé.',
              en: 'Already used with another body: use a new key.',
            },
          },
        ],
      },
    );
  }
  if (existing.response) {
    const stored = existing.response;
    return {
      status: stored.status,
      body: answerBody(existing, stored),
      headers: { ...('headers' in stored ? stored.headers : {}), [REPLAYED_HEADER]: 'true' },
    };
  }
  const ageSeconds = (now.getTime() - Date.parse(existing.createdAt)) / 1000;
  if (ageSeconds < IN_FLIGHT_LEASE_SECONDS) {
    throw new ConflictError(
      {
        fr: 'Une requête avec cette Idempotency-Key est encore en cours ; réessayez bientôt avec la même clé.',
        en: 'A request with this Idempotency-Key is still being processed; retry shortly.',
      },
      {
        code: 'request_in_progress',
        retryAfterSeconds: Math.max(1, Math.ceil(IN_FLIGHT_LEASE_SECONDS - ageSeconds)),
      },
    );
  }
  // The first invocation died before storing its answer. FeexPay may or may not have been called:
  // never call it again; answer the payment as it stands (webhook or expiry will settle it).
  return { status: 201, body: toPublicPayment(existing), headers: { [REPLAYED_HEADER]: 'true' } };
}
