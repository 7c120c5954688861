/**
 * FeexPay's webhook payload (reference §7), parsed tolerantly: FeexPay documents no schema, types
 * drift between integrations (amount as number or string, phoneNumber as string or number) and
 * unknown fields appear. Only `reference` is required, because the webhook is a hint: the processor
 * re-reads everything that matters from FeexPay's status endpoint before any state change.
 */
import { z } from 'zod';
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

const optionalText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .optional()
  .catch(undefined);

const webhookSchema = z
  .object({
    reference: z
      .union([z.string(), z.number()])
      .transform((v) => String(v).trim())
      .pipe(
        z
          .string()
          .min(1, "FeexPay's transaction reference is required.")
          .max(128, 'At most 128 characters.')
          .regex(/^[A-Za-z0-9_.:-]+$/, 'Letters, digits, and _ . : - only.'),
      ),
    status: optionalText,
    // A number or a numeric string; anything else is dropped (the status read decides anyway).
    amount: z.coerce.number().finite().optional().catch(undefined),
    callback_info: optionalText,
    reason: optionalText,
    reseau: optionalText,
    phoneNumber: optionalText,
    date: optionalText,
  })
  .loose();

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
  const result = webhookSchema.safeParse(body);
  if (!result.success) {
    return {
      ok: false,
      fields: result.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || '(body)',
        message: issue.code === 'invalid_type' ? 'Required; a string.' : issue.message,
      })),
    };
  }
  const data = result.data;
  return {
    ok: true,
    claim: {
      reference: data.reference,
      claimedStatus: normaliseStatus(data.status),
      rawStatus: data.status,
      amount: data.amount,
      callbackInfo: data.callback_info || undefined,
      reason: data.reason || undefined,
      network: data.reseau || undefined,
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
