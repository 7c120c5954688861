/**
 * FeexPay's webhook payload (reference §7), parsed tolerantly: FeexPay documents no schema, types
 * drift between integrations (amount as number or string, phoneNumber as string or number) and
 * unknown fields appear. Only `reference` is required, because the webhook is a hint: the processor
 * re-reads everything that matters from FeexPay's status endpoint before any state change.
 */
import type { FieldIssue } from '../errors.ts';

/** Statuses as we compare them. FeexPay spells success several ways (§6). */
export type ClaimedStatus = 'SUCCESSFUL' | 'FAILED' | 'PENDING';

/** `SUCCESSFUL`, `SUCCESS`, `Successful` → SUCCESSFUL; `FAILED` → FAILED; anything else PENDING. */
export function normaliseStatus(raw: unknown): ClaimedStatus {
  const value = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (value === 'SUCCESSFUL' || value === 'SUCCESS') return 'SUCCESSFUL';
  if (value === 'FAILED') return 'FAILED';
  return 'PENDING';
}

/** A string or number as trimmed text; anything else (objects, null, "") as undefined. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A number or a numeric string; anything else is dropped (the status read decides anyway). */
function amountOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const REFERENCE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The fields we use from a webhook; the raw body is kept separately, byte for byte. */
export interface WebhookClaim {
  reference: string;
  /** What the webhook says; never trusted for a state change. */
  claimedStatus: ClaimedStatus;
  /** FeexPay's status string as sent. */
  rawStatus: string | undefined;
  amount: number | undefined;
  /** Echo of what we sent at initiation: our payment id. */
  callbackInfo: string | undefined;
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
  const reference = text(data.reference);
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
  const status = text(data.status);
  return {
    ok: true,
    claim: {
      reference,
      claimedStatus: normaliseStatus(status),
      rawStatus: status,
      amount: amountOf(data.amount),
      callbackInfo: text(data.callback_info),
      reason: text(data.reason),
      network: text(data.reseau),
    },
  };
}

/**
 * One settlement is one event: FeexPay redelivering the same reference with the same outcome is a
 * duplicate, while a different outcome for the same reference (PENDING then SUCCESSFUL, or a
 * contradicting FAILED) is a new hint worth a status check.
 */
export function dedupeKeyOf(claim: Pick<WebhookClaim, 'reference' | 'claimedStatus'>): string {
  return `${claim.reference}#${claim.claimedStatus}`;
}
