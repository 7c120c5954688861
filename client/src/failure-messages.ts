/**
 * The payer's text for each failure code (`Payment.failureCode`), and the text for each payout
 * or refund failure code (`Payout.failureCode`), French first, generated from
 * shared/payments/failure-codes.ts and shared/payouts/failure-codes.ts by `npm run openapi`. Do
 * not edit: change those modules and run it again.
 */
import type { FailureCode, PayoutFailureCode } from './openapi.ts';

/** The languages the texts exist in, French first. */
export type Locale = 'fr' | 'en';

export const FAILURE_MESSAGES: Readonly<Record<Locale, Readonly<Record<FailureCode, string>>>> = {
  fr: {
    declined: 'Le paiement a été refusé ou annulé. Réessayez et confirmez-le sur votre téléphone.',
    insufficient_funds:
      'Solde insuffisant ou plafond atteint. Rechargez votre compte, puis réessayez.',
    timeout:
      'Le paiement n’a pas été confirmé à temps. Réessayez et validez la demande sur votre téléphone.',
    invalid_number:
      'Ce numéro n’a pas de compte mobile money sur ce réseau. Vérifiez le numéro et le réseau.',
    amount_not_allowed:
      'Votre opérateur n’accepte pas ce montant. Essayez un autre montant ou un autre moyen de paiement.',
    otp_invalid: 'Code de paiement invalide ou expiré. Obtenez un nouveau code, puis réessayez.',
    card_declined:
      'Votre carte a été refusée. Essayez une autre carte ou choisissez un autre moyen de paiement.',
    provider_unavailable:
      'Le service de paiement est indisponible pour le moment. Vous n’avez pas été débité. Réessayez dans quelques minutes.',
    provider_rejected:
      'Ce moyen de paiement ne peut pas traiter ce paiement. Choisissez-en un autre ou contactez le marchand.',
    unknown: 'Le paiement n’a pas abouti. Réessayez ou choisissez un autre moyen de paiement.',
  },
  en: {
    declined: 'The payment was declined or cancelled. Try again and confirm it on your phone.',
    insufficient_funds:
      'Your balance is too low, or a limit was reached. Top up your account, then try again.',
    timeout: 'The payment was not confirmed in time. Try again and approve it on your phone.',
    invalid_number:
      'This number has no mobile-money account on this network. Check the number and the network.',
    amount_not_allowed:
      'Your operator does not accept this amount. Try another amount or another payment method.',
    otp_invalid: 'The payment code is wrong or expired. Get a new code, then try again.',
    card_declined: 'Your card was declined. Try another card or choose another payment method.',
    provider_unavailable:
      'The payment service is unavailable right now. You were not charged. Try again in a few minutes.',
    provider_rejected:
      'This payment method cannot take this payment. Choose another one or contact the merchant.',
    unknown: 'The payment did not go through. Try again or choose another payment method.',
  },
};

/**
 * What to tell the payer about a FAILED payment, in `locale` (French by default): what happened,
 * then what to do. A code this client does not know reads as `unknown`.
 */
export function failureMessage(code: string | undefined, locale: Locale = 'fr'): string {
  const messages: Readonly<Record<string, string>> =
    FAILURE_MESSAGES[locale] ?? FAILURE_MESSAGES.fr;
  return code !== undefined && Object.hasOwn(messages, code)
    ? (messages[code] as string)
    : FAILURE_MESSAGES[locale].unknown;
}

export const PAYOUT_FAILURE_MESSAGES: Readonly<
  Record<Locale, Readonly<Record<PayoutFailureCode, string>>>
> = {
  fr: {
    insufficient_balance:
      'Solde FeexPay insuffisant pour ce virement. Rechargez le compte FeexPay, puis faites une nouvelle demande.',
    invalid_number:
      'Ce numéro n’a pas de compte mobile money sur ce réseau. Vérifiez le numéro et le réseau.',
    amount_not_allowed:
      'Ce montant n’est pas accepté pour un virement sur ce réseau. Essayez un autre montant.',
    declined: 'L’opérateur a refusé le virement. Réessayez plus tard.',
    provider_unavailable:
      'Le service de virement est indisponible pour le moment. Rien n’a été envoyé. Réessayez dans quelques minutes.',
    provider_rejected:
      'FeexPay a refusé la demande de virement. Vérifiez que les virements sont activés pour ce réseau.',
    unknown: 'Le virement n’a pas abouti. Réessayez ou contactez le support.',
  },
  en: {
    insufficient_balance:
      'The FeexPay balance is too low for this payout. Top up the FeexPay account, then make a new request.',
    invalid_number:
      'This number has no mobile-money account on this network. Check the number and the network.',
    amount_not_allowed:
      'This amount is not accepted for a payout on this network. Try another amount.',
    declined: 'The operator refused the payout. Try again later.',
    provider_unavailable:
      'The payout service is unavailable right now. Nothing was sent. Try again in a few minutes.',
    provider_rejected:
      'FeexPay refused the payout request. Check that payouts are enabled for this network.',
    unknown: 'The payout did not go through. Try again or contact support.',
  },
};

/**
 * What to tell the merchant's staff about a FAILED payout or refund, in `locale` (French by
 * default): what happened, then what to do. A code this client does not know reads as `unknown`.
 */
export function payoutFailureMessage(code: string | undefined, locale: Locale = 'fr'): string {
  const messages: Readonly<Record<string, string>> =
    PAYOUT_FAILURE_MESSAGES[locale] ?? PAYOUT_FAILURE_MESSAGES.fr;
  return code !== undefined && Object.hasOwn(messages, code)
    ? (messages[code] as string)
    : PAYOUT_FAILURE_MESSAGES[locale].unknown;
}
