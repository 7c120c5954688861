/**
 * The problems payouts and refunds answer, in French and English (French first), each naming the
 * payment it is about (`paymentId`), so a caller reads the id without parsing prose. What each
 * means for a caller: shared/api/problems.docs.ts.
 */
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.ts';
import type { Localized } from '../http/language.ts';
import type { Payment } from '../payments/model.ts';

export function payoutNotFound(id: string): NotFoundError {
  return new NotFoundError({ fr: `Aucun virement ${id}.`, en: `No payout ${id}.` });
}

export function paymentNotFound(id: string): NotFoundError {
  return new NotFoundError({ fr: `Aucun paiement ${id}.`, en: `No payment ${id}.` });
}

/** Only a SUCCESSFUL payment can be refunded. */
export function paymentNotRefundable(id: string, status: string): ConflictError {
  return new ConflictError(
    {
      fr: `Le paiement ${id} est ${status} : seul un paiement SUCCESSFUL peut être remboursé (sinon, rien n’a été encaissé).`,
      en: `Payment ${id} is ${status}: only a SUCCESSFUL payment can be refunded (nothing was taken otherwise).`,
    },
    { code: 'payment_not_refundable', ids: { paymentId: id } },
  );
}

/** The refund asks for more than what remains refundable (refunds that are not FAILED count). */
export function refundExceedsRemaining(
  id: string,
  remaining: number,
  currency: string,
): UnprocessableError {
  const what: Localized =
    remaining > 0
      ? {
          fr: `Il reste au plus ${remaining} ${currency} à rembourser sur le paiement ${id}.`,
          en: `At most ${remaining} ${currency} remains refundable on payment ${id}.`,
        }
      : {
          fr: `Il ne reste rien à rembourser sur le paiement ${id} : ses remboursements (PENDING ou SUCCESSFUL) couvrent tout son montant.`,
          en: `Nothing remains refundable on payment ${id}: its refunds (PENDING or SUCCESSFUL) hold its whole amount.`,
        };
  return new UnprocessableError(what, {
    code: 'refund_exceeds_remaining',
    ids: { paymentId: id },
    fields: [
      {
        field: 'amount',
        message:
          remaining > 0
            ? { fr: `Au plus ${remaining}.`, en: `At most ${remaining}.` }
            : { fr: 'Plus rien à rembourser.', en: 'Nothing remains to refund.' },
      },
    ],
  });
}

/** A card payment (FeexLink): FeexPay's API cannot pay money back to a card. */
export function isCardPayment(payment: Pick<Payment, 'network'>): boolean {
  return payment.network === 'card';
}

/** How a card payment is refunded (docs/refunds-and-payouts.md, "Card payments"). */
export const CARD_REFUND_HOWTO: Localized = {
  fr: 'L’API de FeexPay ne peut pas rembourser un paiement par carte. Remboursez-le depuis le tableau de bord de FeexPay (app-v2.feexpay.me) : ouvrez la transaction, puis demandez au support de FeexPay de l’annuler ; le paiement reste ici SUCCESSFUL.',
  en: 'FeexPay’s API cannot refund a card payment. Refund it from the FeexPay dashboard (app-v2.feexpay.me): open the transaction, then ask FeexPay’s support to reverse it; the payment here stays SUCCESSFUL.',
};

/**
 * A payment FeexPay's API cannot pay back (a card payment through FeexLink, a network without a
 * payout path): it is refunded from FeexPay's dashboard (docs/refunds-and-payouts.md, "Card
 * payments").
 */
export function refundNotSupported(id: string, why: Localized): UnprocessableError {
  return new UnprocessableError(why, { code: 'refund_not_supported', ids: { paymentId: id } });
}

/** Refunds of one payment kept racing each other: the caller may send the same request again. */
export function refundBusy(id: string): ConflictError {
  return new ConflictError(
    {
      fr: `D’autres remboursements du paiement ${id} s’écrivent en ce moment ; renvoyez la même requête.`,
      en: `Other refunds of payment ${id} are being written at this moment; send the same request again.`,
    },
    { code: 'request_in_progress', ids: { paymentId: id }, retryAfterSeconds: 1 },
  );
}

/** The Idempotency-Key was used for another body. */
export function keyReused(what: 'payout' | 'refund'): UnprocessableError {
  const fr = what === 'payout' ? 'un nouveau virement' : 'un nouveau remboursement';
  return new UnprocessableError(
    {
      fr: `Cette Idempotency-Key a déjà servi pour une autre requête. Utilisez une nouvelle clé pour ${fr}.`,
      en: `This Idempotency-Key was already used with a different request. Use a new key for a new ${what}.`,
    },
    {
      code: 'idempotency_key_reused',
      fields: [
        {
          field: 'Idempotency-Key',
          message: {
            fr: 'Déjà utilisée avec un autre corps : utilisez une nouvelle clé.',
            en: 'Already used with another body.',
          },
        },
      ],
    },
  );
}
