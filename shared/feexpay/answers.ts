/**
 * Reads FeexPay's 2xx answers (request-to-pay and status) into one shape. Answers vary: HTTP 200
 * with `status: FAILED`, string amounts, a `statusCode` instead of a reason, a `data` envelope now
 * and then (docs/feexpay-api.md §4.2, §5.1, §6).
 */
import { logger } from '../logger.ts';
import { type FailureCode, failureCodeOf } from '../payments/failure-codes.ts';
import { FeexPayProtocolError, FeexPayRejectedError } from './errors.ts';
import { excerpt, redact } from './redact.ts';
import type { Answer } from './transport.ts';
import {
  type FeexPayStatus,
  isKnownStatus,
  isRecord,
  normaliseStatus,
  parseAmount,
  parseJson,
  textOf,
} from './wire.ts';

export interface FeexPayTransaction {
  reference: string;
  status: FeexPayStatus;
  /** Coerced from a string when needed; undefined when absent or unparseable. */
  amount: number | undefined;
  /** Why a FAILED payment failed (`reason`, then the `statusCode` mapping, `message`, `responsemsg`). */
  reason: string | undefined;
  /** A FAILED payment's failure code, from `statusCode`, `reason` and `message` together. */
  failureCode?: FailureCode | undefined;
  /** `payment_url`, for redirect networks (Wave, Orange, Moov CI/BF, Free SN). */
  paymentUrl: string | undefined;
  /**
   * `order_id`, when it differs from the reference (redirect networks, docs/feexpay-api.md §4.2):
   * the key FeexPay may know the transaction by when it does not know the reference (§14.2).
   */
  orderId?: string | undefined;
  /** Echoed `callback_info` (our payment id). */
  callbackInfo: string | undefined;
  /** FeexPay's status string as received. */
  rawStatus: string | undefined;
  /** `phoneNumber` (or `phone_number`) as echoed by FeexPay, when present. */
  phoneNumber?: string | undefined;
}

/** The longest failure reason kept from FeexPay's answer (start-attempt.ts keeps 200 too). */
const REASON_LENGTH = 200;

/** Initiation `statusCode` values the official React SDK maps (docs/feexpay-api.md §6.2). */
const STATUS_CODE_REASONS: Record<string, string> = {
  '10': 'INSUFFICIENT_FUNDS',
  '37': 'BELOW_OPERATOR_MINIMUM',
  '92': 'CANCELLED',
};

/**
 * Reads a 2xx answer. `expected` is set when we know the transaction (status reads, the second
 * call of a two-step OTP network): its first entry is our reference, any others are names
 * FeexPay may also give it (its `order_id`). The answer may omit the reference (then it is ours)
 * but must not name another transaction; FeexPay's letter case does not matter (§14.4). The
 * result carries OUR reference. A FAILED answer without a reference (a refusal at initiation that
 * created nothing) is a `FeexPayRejectedError`; anything unusable a `FeexPayProtocolError`.
 */
export function parseTransaction(
  answer: Answer,
  apiKey: string,
  expected?: string | readonly string[],
): FeexPayTransaction {
  const known = expected === undefined ? [] : typeof expected === 'string' ? [expected] : expected;
  const expectedReference = known[0];
  const { status: httpStatus, text } = answer;
  const protocolError = (message: string) =>
    new FeexPayProtocolError(message, { httpStatus, bodyExcerpt: excerpt(text, apiKey) });
  const parsed = parseJson(text);
  if (!isRecord(parsed)) throw protocolError('FeexPay answered with something other than JSON');
  // No source shows a `data` envelope, but some integrators unwrap one; so do we.
  const record =
    !('reference' in parsed) && !('status' in parsed) && isRecord(parsed.data)
      ? parsed.data
      : parsed;
  const rawStatus = textOf(record.status);
  let reference = textOf(record.reference);
  if (rawStatus === undefined && reference === undefined) {
    throw protocolError('FeexPay answered without a reference or a status');
  }
  const status = normaliseStatus(record.status);
  if (!isKnownStatus(record.status)) {
    logger.warn('Unknown FeexPay status, treated as PENDING', {
      rawStatus: rawStatus?.slice(0, 50) ?? typeof record.status,
    });
  }
  // FeexPay's free text becomes the payment's failureReason (stored, answered, notified): masked
  // like any excerpt (phone-length digit runs, API keys) and bounded, before anyone sees it.
  const said = status === 'FAILED' ? failureReason(record) : undefined;
  const reason = said === undefined ? undefined : redact(said, apiKey).slice(0, REASON_LENGTH);
  const orderId = textOf(record.order_id);
  if (expectedReference !== undefined) {
    const names = new Set(known.map((name) => name.toLowerCase()));
    if (reference !== undefined && !names.has(reference.toLowerCase())) {
      throw protocolError(`FeexPay answered for reference ${reference}, not ${expectedReference}`);
    }
    // Ours, whatever FeexPay's letter case: callers compare it with the stored reference.
    reference = expectedReference;
  }
  if (reference === undefined) {
    // A refusal at initiation may create no transaction at all: nothing to follow up.
    if (status === 'FAILED') {
      throw new FeexPayRejectedError(reason ?? 'FAILED', {
        httpStatus,
        bodyExcerpt: excerpt(text, apiKey),
        failureCode: failureCodeOf(failureEvidence(record)),
      });
    }
    throw protocolError('FeexPay answered without a reference');
  }
  return {
    reference,
    status,
    amount: parseAmount(record.amount),
    reason,
    ...(status === 'FAILED' ? { failureCode: failureCodeOf(failureEvidence(record)) } : {}),
    paymentUrl: textOf(record.payment_url) ?? textOf(record.paymentUrl),
    ...(orderId && orderId.toLowerCase() !== reference.toLowerCase() ? { orderId } : {}),
    // A FeexLink (card) payment may echo our id as FeexLink's `custom_id` instead (§12.1).
    callbackInfo: textOf(record.callback_info) ?? textOf(record.custom_id),
    rawStatus,
    phoneNumber: textOf(record.phoneNumber) ?? textOf(record.phone_number),
  };
}

/** Why a transaction failed, in FeexPay's words: `reason`, `statusCode`, `message`, `responsemsg`. */
function failureReason(record: Record<string, unknown>): string | undefined {
  const code = textOf(record.statusCode);
  return (
    textOf(record.reason) ??
    (code !== undefined ? STATUS_CODE_REASONS[code] : undefined) ??
    textOf(record.message) ??
    textOf(record.responsemsg)
  );
}

/** A FAILED answer's fields, as `failureCodeOf` reads them (statusCode first: docs §6.2). */
function failureEvidence(record: Record<string, unknown>) {
  return {
    statusCode: record.statusCode,
    reason: record.reason,
    message: textOf(record.message) ?? textOf(record.responsemsg),
  };
}
