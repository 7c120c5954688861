/**
 * Every key of the one table, built and parsed here and nowhere else: each record kind's item key,
 * the index entries, and the life cycle of a payment's due-work entry. The stores
 * (shared/<kind>/store.ts) write what these functions return; lib/table.ts declares the indexes.
 * docs/data-model.md describes the same keys for readers.
 */
import { createHash } from 'node:crypto';

/** The table's global secondary indexes, named after what they serve. */
export const INDEX = {
  /** A user's payments, newest first (history): `gsi1pk`, `gsi1sk`. */
  byOwner: 'byOwner',
  /** A payment by FeexPay's reference (webhooks without a usable callback_info): `gsi2pk`, `gsi2sk`. */
  byReference: 'byReference',
  /** Work the reconciler has to do, by when it is due: `gsi3pk`, `gsi3sk` (see `DueWork`). */
  byDueWork: 'byDueWork',
  /** Every payment by creation day, sharded (the merchant's list): `gsi4pk`, `gsi4sk`. */
  byCreated: 'byCreated',
  /**
   * Payments by a keyed hash of the payer's phone number (the back office's search, never the
   * number itself): `gsi5pk`, `gsi5sk`.
   */
  byPhone: 'byPhone',
} as const;

/** True for an attribute that is a key or an index key, never part of a record. */
export function isKeyAttribute(name: string): boolean {
  return /^(?:pk|sk|gsi[12345](?:pk|sk))$/.test(name);
}

// --- payment --------------------------------------------------------------------------------

const PAYMENT_PREFIX = 'PAYMENT#';
const PAYMENT_SK = 'PAYMENT';

export function paymentKey(id: string): { pk: string; sk: string } {
  return { pk: `${PAYMENT_PREFIX}${id}`, sk: PAYMENT_SK };
}

/** The payment id in a payment item's `pk`; undefined for any other key. */
export function paymentIdOf(pk: unknown): string | undefined {
  return typeof pk === 'string' && pk.startsWith(PAYMENT_PREFIX)
    ? pk.slice(PAYMENT_PREFIX.length)
    : undefined;
}

/** True when `sk` is a payment item's sort key. */
export function isPaymentSk(sk: unknown): boolean {
  return sk === PAYMENT_SK;
}

const OWNER_PREFIX = 'OWNER#';
const REFERENCE_PREFIX = 'REF#';

/** `byOwner` partition of a user. */
export function ownerPk(userId: string): string {
  return `${OWNER_PREFIX}${userId}`;
}

/** A payment's `byOwner` entry: newest first by creation time, the id breaking ties. */
export function ownerEntry(
  userId: string,
  createdAt: string,
  id: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: ownerPk(userId), gsi1sk: `${createdAt}#${id}` };
}

/** A `byOwner` sort key → its creation time and payment id. */
export function parseOwnerSk(sk: string): { createdAt: string; id: string } {
  const at = sk.indexOf('#');
  return { createdAt: sk.slice(0, at), id: sk.slice(at + 1) };
}

/**
 * A payment's `byCreated` entry, written with it and never moved: the day of its creation (UTC)
 * and its shard, then its creation time and id, so the merchant's list reads every payment of a
 * time range newest first, merging the day's ten shards (shared/payments/list.ts).
 */
export function createdEntry(createdAt: string, id: string): { gsi4pk: string; gsi4sk: string } {
  return {
    gsi4pk: createdDayPk(createdAt.slice(0, 10), shardOf(id)),
    gsi4sk: `${createdAt}#${id}`,
  };
}

/** The `byCreated` partition of one day (`YYYY-MM-DD`) and shard. */
export function createdDayPk(day: string, shard: number): string {
  return `${CREATED_PREFIX}${day}#${shard}`;
}

const CREATED_PREFIX = 'CREATED#';

/**
 * FeexPay's reference as our keys hold it: lower case, because FeexPay writes one transaction's
 * reference in different letter cases (Moov Benin, docs/feexpay-api.md §14.4).
 */
export function referenceKey(reference: string): string {
  return reference.toLowerCase();
}

/** A payment's `byReference` entry, written once FeexPay's reference is known. */
export function referenceEntry(reference: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: `${REFERENCE_PREFIX}${referenceKey(reference)}`, gsi2sk: PAYMENT_SK };
}

/**
 * Entries to look a reference up by, in order: the lower-case one every payment written since
 * references were matched without regard to case carries, then the entries a payment written
 * before may carry (the reference in FeexPay's letter case: as given, and in upper case, Moov's
 * case). docs/data-model.md, "Upgrading a stack deployed before case-insensitive references".
 */
export function referenceLookups(reference: string): { gsi2pk: string; gsi2sk: string }[] {
  const spellings = [referenceKey(reference), reference, reference.toUpperCase()];
  return [...new Set(spellings)].map((spelling) => ({
    gsi2pk: `${REFERENCE_PREFIX}${spelling}`,
    gsi2sk: PAYMENT_SK,
  }));
}

// --- due work (byDueWork) -------------------------------------------------------------------

/**
 * A payment has at most one due-work entry (`gsi3pk`, `gsi3sk`), which moves with its life:
 *
 * | entry   | the payment is                                  | `gsi3pk`       | `gsi3sk`                          |
 * |---------|-------------------------------------------------|----------------|-----------------------------------|
 * | check   | PENDING                                         | `PENDING#<s>`  | `<next check ISO>#<createdAt ISO>` |
 * | outbox  | settled, its notification not yet taken over    | `OUTBOX#<s>`   | `<re-send due ISO>`               |
 * | recheck | EXPIRED, on the late-success watch              | `RECHECK#<s>`  | `<next re-check ISO>`             |
 *
 * Who moves it (shared/payments/store.ts): `create` writes `check`; `scheduleNextCheck` moves it
 * along; every transition replaces whatever entry there is with `outbox`; the notifier's first
 * attempt (`recordNotificationAttempt`) or a re-send (`releaseOutbox`) removes `outbox`, or
 * turns an expiry's into `recheck`; `scheduleRecheck` moves `recheck` along and finally removes it.
 * `<s>` is the payment's shard (0–9, from its id), the same for all three.
 */
export type DueWork = 'check' | 'outbox' | 'recheck' | CheckoutDueWork | PayoutDueWork;

/**
 * A checkout's due-work entry, one at a time like a payment's: `expiry` while it is OPEN (due when
 * it closes, or when the reconciler should look at its live attempt again), then `outbox` once a
 * transition wrote its notification, until the notifier takes it over. Moved only by
 * shared/checkouts/store.ts.
 */
export type CheckoutDueWork = 'checkoutExpiry' | 'checkoutOutbox';

const CHECK_PREFIX = 'PENDING';
const OUTBOX_PREFIX = 'OUTBOX';
const RECHECK_PREFIX = 'RECHECK';
const CHECKOUT_EXPIRY_PREFIX = 'CHECKOUT_EXPIRY';
const CHECKOUT_OUTBOX_PREFIX = 'CHECKOUT_OUTBOX';
const PAYOUT_CHECK_PREFIX = 'PAYOUT_CHECK';
const PAYOUT_OUTBOX_PREFIX = 'PAYOUT_OUTBOX';

const DUE_PREFIX: Record<DueWork, string> = {
  check: CHECK_PREFIX,
  outbox: OUTBOX_PREFIX,
  recheck: RECHECK_PREFIX,
  checkoutExpiry: CHECKOUT_EXPIRY_PREFIX,
  checkoutOutbox: CHECKOUT_OUTBOX_PREFIX,
  payoutCheck: PAYOUT_CHECK_PREFIX,
  payoutOutbox: PAYOUT_OUTBOX_PREFIX,
};

/** Due-work partitions per kind: ten, so no partition takes every payment's index writes. */
export const SHARDS = 10;

/** Stable shard 0–9 of a payment. */
export function shardOf(id: string): number {
  return (createHash('sha256').update(id).digest()[0] ?? 0) % SHARDS;
}

/** The partition of `kind` entries in `shard`. */
export function dueWorkPk(kind: DueWork, shard: number): string {
  return `${DUE_PREFIX[kind]}#${shard}`;
}

/** A payment's due-work entry of `kind`, due at `dueAt` (a `check` entry also carries `createdAt`). */
export function dueWorkEntry(
  kind: DueWork,
  id: string,
  dueAt: Date,
  createdAt?: string,
): { gsi3pk: string; gsi3sk: string } {
  const due = dueAt.toISOString();
  return {
    gsi3pk: dueWorkPk(kind, shardOf(id)),
    gsi3sk: (kind === 'check' || kind === 'payoutCheck') && createdAt ? `${due}#${createdAt}` : due,
  };
}

/**
 * The creation time a `check` entry's sort key carries (so the keys-only index alone tells the age
 * of every PENDING payment); undefined for a plain `<ISO>` key.
 */
export function createdAtOfCheck(sortKey: unknown): string | undefined {
  if (typeof sortKey !== 'string') return undefined;
  const at = sortKey.indexOf('#');
  return at === -1 ? undefined : sortKey.slice(at + 1);
}

/**
 * Upper bound for "due by `now`": above `<now ISO>` and any `<now ISO>#…`, below the next
 * millisecond (`~` sorts after `#` and every digit).
 */
export function dueBound(now: Date): string {
  return `${now.toISOString()}~`;
}

// --- checkout, its order, its idempotency key -------------------------------------------------

const CHECKOUT_PREFIX = 'CHECKOUT#';
const CHECKOUT_SK = 'CHECKOUT';

export function checkoutKey(id: string): { pk: string; sk: string } {
  return { pk: `${CHECKOUT_PREFIX}${id}`, sk: CHECKOUT_SK };
}

/** The checkout id in a checkout item's `pk`; undefined for any other key. */
export function checkoutIdOf(pk: unknown): string | undefined {
  return typeof pk === 'string' && pk.startsWith(CHECKOUT_PREFIX)
    ? pk.slice(CHECKOUT_PREFIX.length)
    : undefined;
}

/**
 * The merchant's order: which checkout holds it now (at most one OPEN checkout per order), and
 * every checkout it ever had. The order id is the merchant's text, so it is hashed into the key.
 */
export function orderKey(orderId: string): { pk: string; sk: string } {
  return { pk: `${ORDER_PREFIX}${digest(orderId)}`, sk: 'ORDER' };
}

const ORDER_PREFIX = 'ORDER#';
const CHECKOUT_REQUEST_PREFIX = 'CHECKOUT_KEY#';

/** The record of one (merchant, Idempotency-Key) on POST checkouts/: the checkout it created. */
export function checkoutRequestKey(
  merchantId: string,
  idempotencyKey: string,
): { pk: string; sk: string } {
  return {
    pk: `${CHECKOUT_REQUEST_PREFIX}${digest(`${merchantId}\n${idempotencyKey}`)}`,
    sk: 'CHECKOUT_KEY',
  };
}

/** sha256, base64url: a fixed-length key part for any text. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

// --- payout (a refund is a payout with its payment) -------------------------------------------

/**
 * A payout's due-work entry, one at a time like a payment's: `payoutCheck` while it is PENDING
 * (`<next status read ISO>#<createdAt ISO>`, so the keys alone tell the age of every PENDING
 * payout), then `payoutOutbox` once a transition wrote its notification, until the notifier takes
 * it over. Moved only by shared/payouts/store.ts.
 */
export type PayoutDueWork = 'payoutCheck' | 'payoutOutbox';

const PAYOUT_PREFIX = 'PAYOUT#';
const PAYOUT_SK = 'PAYOUT';
const PAYOUT_OWNER_PREFIX = 'PAYOUTS#';
const PAYOUT_REFERENCE_PREFIX = 'PAYOUT_REF#';

export function payoutKey(id: string): { pk: string; sk: string } {
  return { pk: `${PAYOUT_PREFIX}${id}`, sk: PAYOUT_SK };
}

/** The payout id in a payout item's `pk`; undefined for any other key. */
export function payoutIdOf(pk: unknown): string | undefined {
  return typeof pk === 'string' && pk.startsWith(PAYOUT_PREFIX)
    ? pk.slice(PAYOUT_PREFIX.length)
    : undefined;
}

/** `byOwner` partition of a merchant's payouts and refunds (GET payouts/). */
export function payoutOwnerPk(merchantId: string): string {
  return `${PAYOUT_OWNER_PREFIX}${merchantId}`;
}

/** A payout's `byOwner` entry: its merchant's partition, newest first, the id breaking ties. */
export function payoutOwnerEntry(
  merchantId: string,
  createdAt: string,
  id: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: payoutOwnerPk(merchantId), gsi1sk: `${createdAt}#${id}` };
}

/** A payout's `byReference` entry (FeexPay's payout reference, lower case), once it is known. */
export function payoutReferenceEntry(reference: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: `${PAYOUT_REFERENCE_PREFIX}${referenceKey(reference)}`, gsi2sk: PAYOUT_SK };
}

// --- webhook event, rate-limit window --------------------------------------------------------

const WEBHOOK_PREFIX = 'WEBHOOK#';
const RATE_PREFIX = 'RATE#';

/**
 * One webhook event: the same transaction (its reference in any letter case) with the same
 * claimed status is the same event.
 */
export function webhookDedupeKey(reference: string, claimedStatus: string): string {
  return `${referenceKey(reference)}#${claimedStatus}`;
}

/** A FeexPay webhook event, one per dedupe key (`webhookDedupeKey`). */
export function webhookEventKey(dedupeKey: string): { pk: string; sk: string } {
  return { pk: `${WEBHOOK_PREFIX}${dedupeKey}`, sk: 'WEBHOOK' };
}

/** A user's rate-limit counter for one window (a minute number). */
export function rateWindowKey(userId: string, window: number): { pk: string; sk: string } {
  return { pk: `${RATE_PREFIX}${userId}#${window}`, sk: 'RATE' };
}

/** The key the health check reads: never written, so a read proves reachability only. */
const HEALTH_PK = 'HEALTH';
export const HEALTH_KEY = { pk: HEALTH_PK, sk: 'HEALTH' } as const;

// --- back office: phone lookup, network health --------------------------------------------------

const PHONE_PREFIX = 'PHONE#';

/**
 * A payment's `byPhone` entry, written with it (shared/payments/store.ts `create`): the keyed
 * hash of its phone number (shared/back-office/phone.ts; never the number), then its creation
 * time and id, newest first. Payments created before the index have none (docs/back-office.md).
 */
export function phoneEntry(
  phoneHash: string,
  createdAt: string,
  id: string,
): { gsi5pk: string; gsi5sk: string } {
  return { gsi5pk: phonePk(phoneHash), gsi5sk: `${createdAt}#${id}` };
}

/** The `byPhone` partition of one phone number's keyed hash. */
export function phonePk(phoneHash: string): string {
  return `${PHONE_PREFIX}${phoneHash}`;
}

const NETWORK_HEALTH_PK = 'STATS#networks';

/**
 * The one item holding every network's recent figures (success rate, median time to success,
 * payments started per day), rewritten by the network-health schedule and read by the back
 * office and `providers/` (docs/back-office.md, "Network health").
 */
export const NETWORK_HEALTH_KEY = { pk: NETWORK_HEALTH_PK, sk: 'STATS' } as const;

// --- every kind's partitions, for IAM -------------------------------------------------------

/**
 * The partition keys each record kind's store may touch, as `dynamodb:LeadingKeys` patterns (`*`
 * ends a prefix; a pattern without one is an exact key): `items` for its items' `pk`, and one
 * entry per index it queries, for that index's partition key (IAM checks a Query on an index
 * against the index's partition key). lib/service-function.ts grants a function's row
 * (`grants.table` in lib/routes.ts) on these and nothing else, so a function cannot touch another
 * kind's keys. Built from the constants the key builders use, so the two cannot drift; a new
 * record kind is one entry here, and its store module one line in lib/table.ts (`STORE_MODULES`).
 */
// Pure, so a function's bundle (which never reads it) leaves it out.
export const KEY_PATTERNS = /* @__PURE__ */ (() =>
  ({
    payment: {
      items: [`${PAYMENT_PREFIX}*`],
      byOwner: [`${OWNER_PREFIX}*`],
      byReference: [`${REFERENCE_PREFIX}*`],
      byDueWork: [`${CHECK_PREFIX}#*`, `${OUTBOX_PREFIX}#*`, `${RECHECK_PREFIX}#*`],
      byCreated: [`${CREATED_PREFIX}*`],
      byPhone: [`${PHONE_PREFIX}*`],
    },
    // A checkout is written with its order's holder and its key's record in one transaction, by
    // one store module: the three item prefixes are one kind.
    checkout: {
      items: [`${CHECKOUT_PREFIX}*`, `${ORDER_PREFIX}*`, `${CHECKOUT_REQUEST_PREFIX}*`],
      byDueWork: [`${CHECKOUT_EXPIRY_PREFIX}#*`, `${CHECKOUT_OUTBOX_PREFIX}#*`],
    },
    // A refund reserves, then settles or frees, its amount on its payment item in the same
    // transaction that writes the payout: the payout store writes those refund fields of a
    // payment item (never its status), so its kind includes the payment items' prefix.
    payout: {
      items: [`${PAYOUT_PREFIX}*`, `${PAYMENT_PREFIX}*`],
      byOwner: [`${PAYOUT_OWNER_PREFIX}*`],
      byReference: [`${PAYOUT_REFERENCE_PREFIX}*`],
      byDueWork: [`${PAYOUT_CHECK_PREFIX}#*`, `${PAYOUT_OUTBOX_PREFIX}#*`],
    },
    webhookEvent: { items: [`${WEBHOOK_PREFIX}*`] },
    rateWindow: { items: [`${RATE_PREFIX}*`] },
    health: { items: [HEALTH_PK] },
    networkHealth: { items: [NETWORK_HEALTH_PK] },
  }) as const satisfies Record<string, { items: readonly string[] } & IndexPatterns>)();

type IndexPatterns = { readonly [index in keyof typeof INDEX]?: readonly string[] };

/** A record kind: the keys of one store module (shared/<kind>/store.ts). */
export type RecordKind = keyof typeof KEY_PATTERNS;
