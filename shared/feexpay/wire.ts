/**
 * FeexPay's wire format, read one way everywhere: status words, amounts, free text, the
 * description rule, and the evidence a transition checks. The FeexPay client and the webhook parser
 * both use it, so the same answer means the same thing whichever way it arrived. Dependency-free,
 * so any bundle can carry it (the webhook receiver's is the tightest). What FeexPay is known to
 * send, and how sure we are: docs/feexpay-api.md.
 */
import type { FailureCode } from '../payments/failure-codes.ts';

/** FeexPay's statuses as we act on them (docs/feexpay-api.md §6.1). */
export type FeexPayStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

const SUCCESS_WORDS: ReadonlySet<string> = new Set(['SUCCESSFUL', 'SUCCESS']);
const FAILURE_WORDS: ReadonlySet<string> = new Set(['FAILED']);
/** Not final: FeexPay's PENDING spellings and the operator-level steps older SDKs show. */
const PENDING_WORDS: ReadonlySet<string> = new Set([
  'PENDING',
  'IN PENDING STATE',
  'INPROGRESS',
  'IN PROGRESS',
  'ACCEPTED',
  'INITIATED',
  'PRE_INITIATED',
]);

function statusWord(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ').toUpperCase() : '';
}

/**
 * `SUCCESSFUL`, `SUCCESS`, `Successful` → SUCCESSFUL; `FAILED` → FAILED; everything else PENDING:
 * a payment is never finalised on a word we do not know (callers log those, see `isKnownStatus`).
 */
export function normaliseStatus(raw: unknown): FeexPayStatus {
  const word = statusWord(raw);
  if (SUCCESS_WORDS.has(word)) return 'SUCCESSFUL';
  if (FAILURE_WORDS.has(word)) return 'FAILED';
  return 'PENDING';
}

/** True for every status word FeexPay is known to send (final or not). */
export function isKnownStatus(raw: unknown): boolean {
  const word = statusWord(raw);
  return SUCCESS_WORDS.has(word) || FAILURE_WORDS.has(word) || PENDING_WORDS.has(word);
}

/**
 * An amount as FeexPay sends it (§5.1): a non-negative number, or digits (`"100"`, `" 100.0 "`).
 * Anything else (`"1e3"`, `"-5"`, `""`, null) is undefined, never 0 by accident: a success
 * without an amount is not applied.
 */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A JSON object (not null, not an array): the only shape FeexPay's answers and webhooks take. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body parsed as JSON, or undefined: FeexPay's error bodies are not always JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * FeexPay accepts only letters, digits and spaces in `description` (docs/feexpay-api.md §4.1).
 * Accents are folded (`Café` → `Cafe`), other characters dropped, spaces collapsed.
 */
export function cleanDescription(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A string (trimmed, empty → undefined) or a finite number as text; anything else undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** What FeexPay said about a transaction, as the transition function checks it. */
export interface ProviderEvidence {
  reference: string;
  status: FeexPayStatus;
  amount: number | undefined;
  reason?: string;
  /** A FAILED answer's failure code (shared/payments/failure-codes.ts), read from all its fields. */
  failureCode?: FailureCode;
  /** `callback_info` as FeexPay echoed it: our payment id when the transaction is ours. */
  callbackInfo?: string;
  /** FeexPay's `order_id`, when it differs from the reference. */
  orderId?: string;
}

/** The evidence in a parsed FeexPay answer (a status read, or request-to-pay's first answer). */
export function evidenceOf(answer: {
  reference: string;
  status: FeexPayStatus;
  amount: number | undefined;
  reason?: string | undefined;
  failureCode?: FailureCode | undefined;
  callbackInfo?: string | undefined;
  orderId?: string | undefined;
}): ProviderEvidence {
  return {
    reference: answer.reference,
    status: answer.status,
    amount: answer.amount,
    ...(answer.reason ? { reason: answer.reason } : {}),
    ...(answer.failureCode ? { failureCode: answer.failureCode } : {}),
    ...(answer.callbackInfo ? { callbackInfo: answer.callbackInfo } : {}),
    ...(answer.orderId ? { orderId: answer.orderId } : {}),
  };
}

/**
 * Two FeexPay references name the same transaction when they differ at most in letter case: Moov
 * Benin answers upper-case UUIDs that its webhooks and status answers write in lower case
 * (docs/feexpay-api.md §14.4).
 */
export function sameReference(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
