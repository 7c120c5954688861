/**
 * FeexPay's webhook payload (docs/feexpay-api.md §8.2), parsed tolerantly: FeexPay documents no
 * schema, types drift (amount as number or string) and unknown fields appear. Only `reference` is
 * required, because the webhook is a hint (§8.4): the processor re-reads what matters from
 * FeexPay's status endpoint before any state change.
 */
import type { FieldIssue } from '../errors.ts';
import { type FeexPayStatus, normaliseStatus, parseAmount, textOf } from '../feexpay/wire.ts';
import { webhookDedupeKey } from '../keys.ts';

/** What a webhook claims; never trusted for a state change. */
export type ClaimedStatus = FeexPayStatus;

const REFERENCE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The fields we use from a webhook; the raw body is kept separately, byte for byte. */
export interface WebhookClaim {
  reference: string;
  /** What the webhook says; never trusted for a state change. */
  claimedStatus: ClaimedStatus;
  /** FeexPay's status string as sent. */
  rawStatus: string | undefined;
  amount: number | undefined;
  /** Echo of what we sent at initiation: our payment id (FeexPay sometimes sends `""`). */
  callbackInfo: string | undefined;
  /** `order_id`, when it differs from the reference: FeexPay may know the transaction by it. */
  orderId: string | undefined;
  reason: string | undefined;
  network: string | undefined;
}

export type ParseResult = { ok: true; claim: WebhookClaim } | { ok: false; fields: FieldIssue[] };

/** Validates an already JSON-parsed body. Unknown fields are accepted and ignored. */
export function parseWebhookPayload(body: unknown): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, fields: [{ field: '(body)', message: 'Expected a JSON object.' }] };
  }
  // Hand-written rather than zod: this runs in the webhook receiver, whose bundle budget is tight.
  const data = body as Record<string, unknown>;
  const reference = textOf(data.reference);
  if (!reference) {
    return {
      ok: false,
      fields: [{ field: 'reference', message: "FeexPay's transaction reference is required." }],
    };
  }
  if (!REFERENCE.test(reference)) {
    return {
      ok: false,
      fields: [
        { field: 'reference', message: 'At most 128 letters, digits, and _ . : - characters.' },
      ],
    };
  }
  const status = textOf(data.status);
  const orderId = textOf(data.order_id);
  return {
    ok: true,
    claim: {
      reference,
      claimedStatus: normaliseStatus(status),
      rawStatus: status,
      amount: parseAmount(data.amount),
      // FeexLink (card) payments may carry our id as `custom_id` (docs/feexpay-api.md §12.1).
      callbackInfo: textOf(data.callback_info) ?? textOf(data.custom_id),
      orderId:
        orderId && REFERENCE.test(orderId) && orderId.toLowerCase() !== reference.toLowerCase()
          ? orderId
          : undefined,
      reason: textOf(data.reason),
      network: textOf(data.reseau),
    },
  };
}

/**
 * One settlement is one event: FeexPay redelivering the same reference (in any letter case) with
 * the same outcome is a duplicate, while a different outcome for the same reference (PENDING then
 * SUCCESSFUL, or a contradicting FAILED) is a new hint worth a status check.
 */
export function dedupeKeyOf(claim: Pick<WebhookClaim, 'reference' | 'claimedStatus'>): string {
  return webhookDedupeKey(claim.reference, claim.claimedStatus);
}
