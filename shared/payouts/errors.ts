/**
 * The problems payouts and refunds answer, each naming the payment it is about (`paymentId`), so
 * a caller reads the id without parsing prose. What each means for a caller:
 * shared/api/problems.docs.ts.
 */
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.ts';

export function payoutNotFound(id: string): NotFoundError {
  return new NotFoundError(`No payout ${id}.`);
}

export function paymentNotFound(id: string): NotFoundError {
  return new NotFoundError(`No payment ${id}.`);
}

/** Only a SUCCESSFUL payment can be refunded. */
export function paymentNotRefundable(id: string, status: string): ConflictError {
  return new ConflictError(
    `Payment ${id} is ${status}: only a SUCCESSFUL payment can be refunded (nothing was taken otherwise).`,
    { code: 'payment_not_refundable', ids: { paymentId: id } },
  );
}

/** The refund asks for more than what remains refundable (refunds that are not FAILED count). */
export function refundExceedsRemaining(
  id: string,
  remaining: number,
  currency: string,
): UnprocessableError {
  const what =
    remaining > 0
      ? `At most ${remaining} ${currency} remains refundable on payment ${id}.`
      : `Nothing remains refundable on payment ${id}: its refunds (PENDING or SUCCESSFUL) hold its whole amount.`;
  return new UnprocessableError(what, {
    code: 'refund_exceeds_remaining',
    ids: { paymentId: id },
    fields: [{ field: 'amount', message: `At most ${remaining}.` }],
  });
}

/**
 * A card payment (FeexLink): FeexPay's API has no refund or payout to a card, so a card payment is
 * refunded from FeexPay's dashboard (docs/refunds-and-payouts.md, "Card payments").
 */
export function refundNotSupported(id: string, why: string): UnprocessableError {
  return new UnprocessableError(why, { code: 'refund_not_supported', ids: { paymentId: id } });
}

/** Refunds of one payment kept racing each other: the caller may send the same request again. */
export function refundBusy(id: string): ConflictError {
  return new ConflictError(
    `Other refunds of payment ${id} are being written at this moment; send the same request again.`,
    { code: 'request_in_progress', ids: { paymentId: id }, retryAfterSeconds: 1 },
  );
}

/** The Idempotency-Key was used for another body. */
export function keyReused(what: string): UnprocessableError {
  return new UnprocessableError(
    `This Idempotency-Key was already used with a different request. Use a new key for a new ${what}.`,
    {
      code: 'idempotency_key_reused',
      fields: [{ field: 'Idempotency-Key', message: 'Already used with another body.' }],
    },
  );
}
