/**
 * Why a payout (or a refund) FAILED, as a stable code, and the text for each in French (first) and
 * English. A payout's failures are not a payer's: FeexPay pays out of the merchant's FeexPay
 * balance, so a balance too low is `insufficient_balance`, the merchant's to fix (top the balance
 * up, then ask for a new payout or refund). FeexPay's words stay in `failureReason`.
 * docs/refunds-and-payouts.md, "Failure codes". Dependency-free.
 */
import { type FailureEvidence, failureCodeOf } from '../payments/failure-codes.ts';

export const PAYOUT_FAILURE_CODES = [
  'insufficient_balance',
  'invalid_number',
  'amount_not_allowed',
  'declined',
  'provider_unavailable',
  'provider_rejected',
  'unknown',
] as const;

export type PayoutFailureCode = (typeof PAYOUT_FAILURE_CODES)[number];

/** What each code means, for developers (docs and the OpenAPI description). */
export const PAYOUT_FAILURE_CODE_MEANINGS: Record<PayoutFailureCode, string> = {
  insufficient_balance:
    'The merchant’s FeexPay balance was too low for this payout: top it up, then make a new payout (or refund) with a new Idempotency-Key.',
  invalid_number: 'The number has no wallet on this network, or is not a valid number.',
  amount_not_allowed:
    'FeexPay or the operator refused the amount (below a minimum, above a limit).',
  declined: 'The operator refused or cancelled the transfer.',
  provider_unavailable:
    'FeexPay or the operator was unavailable; nothing was sent, nothing was paid out.',
  provider_rejected:
    'FeexPay refused the request itself (network not enabled for payouts, our credentials or IP, invalid fields).',
  unknown: 'Any other reason; `failureReason` has FeexPay’s words.',
};

/** The beneficiary's or merchant's text for each code, French first (the client gets a copy). */
export const PAYOUT_FAILURE_MESSAGES: Record<'fr' | 'en', Record<PayoutFailureCode, string>> = {
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

/** The text for a code, French unless `en`; an unknown code reads as `unknown`. */
export function payoutFailureMessage(code: string | undefined, locale: 'fr' | 'en' = 'fr'): string {
  const messages = PAYOUT_FAILURE_MESSAGES[locale] ?? PAYOUT_FAILURE_MESSAGES.fr;
  return (PAYOUT_FAILURE_CODES as readonly string[]).includes(code ?? '')
    ? messages[code as PayoutFailureCode]
    : messages.unknown;
}

/** Balance words: FeexPay's payout refusals for a merchant balance too low (our reading, §4.6). */
const BALANCE = /insufficient|insuffisant|low balance|not enough|solde|balance/;
/** A beneficiary without a wallet: MTN's `PAYEE_NOT_FOUND` (the pay-in side's PAYER_NOT_FOUND). */
const NO_PAYEE = /payee not found|beneficiary not found|beneficiaire (introuvable|inconnu)/;

/**
 * The code for what FeexPay said about a payout. A payout draws on the merchant's balance, so
 * every "not enough money" is `insufficient_balance`; the rest follows the payments' mapping.
 */
export function payoutFailureCodeOf(
  evidence: FailureEvidence | string | undefined,
): PayoutFailureCode {
  const given: FailureEvidence =
    typeof evidence === 'string' ? { reason: evidence } : (evidence ?? {});
  for (const field of [given.reason, given.message]) {
    if (typeof field !== 'string') continue;
    const words = field
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[_\s]+/g, ' ');
    if (NO_PAYEE.test(words)) return 'invalid_number';
    if (BALANCE.test(words)) return 'insufficient_balance';
  }
  const code = failureCodeOf(given);
  switch (code) {
    case 'insufficient_funds':
      return 'insufficient_balance';
    case 'invalid_number':
    case 'amount_not_allowed':
    case 'declined':
    case 'provider_unavailable':
    case 'provider_rejected':
    case 'unknown':
      return code;
    case 'otp_invalid':
      return 'provider_rejected';
    default:
      return 'unknown';
  }
}
