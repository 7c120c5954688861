/**
 * Every string of the hosted checkout page, one catalogue per language, French first. `{name}`
 * marks a value the page fills in. Failure explanations come from shared/payments/failure-codes.ts
 * (one text per failure code). A page carries only the catalogue of its language.
 */
import type { Locale } from '../../payments/failure-codes.ts';

const fr = {
  title: 'Paiement',
  secured: 'Paiement sécurisé par FeexPay',
  amountLabel: 'Montant à payer',
  validUntil: 'À payer avant {time}',
  country: 'Pays',
  network: 'Moyen de paiement',
  phone: 'Numéro de téléphone',
  phoneHint: 'Par exemple {example}',
  otp: 'Code de paiement',
  pay: 'Payer {amount}',
  sending: 'Envoi en cours…',
  waitingTitle: 'Validez le paiement sur votre téléphone',
  waitingBody:
    'Une demande de {amount} a été envoyée au {phone}. Suivez les instructions de {network}.',
  waitingRedirect: 'Terminez le paiement sur la page de {network}, puis revenez ici.',
  openRedirect: 'Continuer vers {network}',
  waitingNote: 'Cette page se met à jour toute seule.',
  codeTitle: 'Entrez le code reçu',
  codeBody:
    '{network} vous a envoyé un code au {phone}. Saisissez-le pour confirmer le paiement de {amount}.',
  confirm: 'Confirmer le paiement',
  failedTitle: 'Le paiement n’a pas abouti',
  tryAgain: 'Réessayer',
  otherNumber: 'Utiliser un autre numéro',
  paidTitle: 'Paiement reçu',
  paidBody: 'Merci ! Votre paiement de {amount} est confirmé.',
  expiredTitle: 'Ce paiement a expiré',
  expiredBody: 'Le délai pour payer est dépassé. Retournez chez le marchand pour recommencer.',
  canceledTitle: 'Ce paiement a été annulé',
  canceledBody: 'Le marchand a annulé ce paiement. Vous n’avez pas été débité.',
  back: 'Retour au marchand',
  phoneInvalid: 'Entrez un numéro {country} : {digits} chiffres, avec ou sans +{dialCode}.',
  otpInvalid: 'Entrez le code de paiement (3 à 12 lettres ou chiffres).',
  busy: 'Un paiement est déjà en cours pour cette commande. Patientez quelques instants.',
  tooMany: 'Trop de tentatives. Réessayez dans une minute.',
  offline: 'Connexion impossible. Vérifiez votre connexion, puis réessayez.',
  error: 'Une erreur est survenue. Réessayez.',
  noscript: 'Activez JavaScript pour payer sur cette page.',
  language: 'English',
  card: 'Carte bancaire (Visa, Mastercard)',
  cardWaitingTitle: 'Paiement par carte en cours',
  cardWaitingBody:
    'Terminez le paiement de {amount} sur la page sécurisée de paiement par carte. Cette page affichera le résultat.',
  openCard: 'Continuer vers le paiement par carte',
  otherMethod: 'Choisir un autre moyen de paiement',
};

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;

export const MESSAGES: Record<Locale, Messages> = {
  fr,
  en: {
    title: 'Payment',
    secured: 'Secure payment by FeexPay',
    amountLabel: 'Amount to pay',
    validUntil: 'Pay before {time}',
    country: 'Country',
    network: 'Payment method',
    phone: 'Phone number',
    phoneHint: 'For example {example}',
    otp: 'Payment code',
    pay: 'Pay {amount}',
    sending: 'Sending…',
    waitingTitle: 'Approve the payment on your phone',
    waitingBody: 'A request for {amount} was sent to {phone}. Follow the {network} instructions.',
    waitingRedirect: 'Finish the payment on the {network} page, then come back here.',
    openRedirect: 'Continue to {network}',
    waitingNote: 'This page updates by itself.',
    codeTitle: 'Enter the code you received',
    codeBody: '{network} sent a code to {phone}. Enter it to confirm the payment of {amount}.',
    confirm: 'Confirm the payment',
    failedTitle: 'The payment did not go through',
    tryAgain: 'Try again',
    otherNumber: 'Use another number',
    paidTitle: 'Payment received',
    paidBody: 'Thank you! Your payment of {amount} is confirmed.',
    expiredTitle: 'This payment has expired',
    expiredBody: 'The time to pay is over. Go back to the merchant to start again.',
    canceledTitle: 'This payment was cancelled',
    canceledBody: 'The merchant cancelled this payment. You were not charged.',
    back: 'Back to the merchant',
    phoneInvalid: 'Enter a {country} number: {digits} digits, with or without +{dialCode}.',
    otpInvalid: 'Enter the payment code (3 to 12 letters or digits).',
    busy: 'A payment for this order is already in progress. Please wait a moment.',
    tooMany: 'Too many attempts. Try again in a minute.',
    offline: 'Cannot connect. Check your connection, then try again.',
    error: 'Something went wrong. Try again.',
    noscript: 'Turn on JavaScript to pay on this page.',
    language: 'Français',
    card: 'Bank card (Visa, Mastercard)',
    cardWaitingTitle: 'Card payment in progress',
    cardWaitingBody:
      'Finish the payment of {amount} on the secure card payment page. This page will show the result.',
    openCard: 'Continue to the card payment',
    otherMethod: 'Choose another payment method',
  },
};

/** `{name}` in `text` replaced by `values.name`. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
