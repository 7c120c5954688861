/**
 * FeexPay V2 pay-in networks: the one catalog that the providers route lists, request validation
 * checks against, and the local simulator imitates. A network is one row. Facts and how sure we
 * are: docs/feexpay-api.md §3 (segments, dial codes, lengths), §7 (flows), §9 (bounds, fees).
 */

/**
 * How the customer approves a payment (docs/feexpay-api.md §7):
 * - `push`: a prompt on the phone (USSD), confirmed with a PIN;
 * - `redirect`: FeexPay answers a `payment_url` the customer opens (Wave, Orange, …);
 * - `otp`: the customer makes a payment code first (Orange BF's USSD code), sent as `otp` with
 *   the request-to-pay;
 * - `otp_confirm`: two steps (Coris): the request-to-pay goes without a code, FeexPay sends the
 *   customer one, and a second call carries it (our `POST {id}/otp/`);
 * - `card`: a bank card (Visa, Mastercard) on FeexPay's hosted FeexLink page: we create a link for
 *   the exact amount and send the customer to it (docs/cards.md, docs/feexpay-api.md §12.1).
 */
export type Flow = 'push' | 'redirect' | 'otp' | 'otp_confirm' | 'card';

/** Customer-facing text, French first. */
export interface Text {
  fr: string;
  en: string;
}
export type Currency = 'XOF' | 'XAF';

export interface Country {
  iso: string;
  name: string;
  dialCode: string;
  currency: Currency;
  /** Digits after the dial code. */
  nationalNumberLength: number;
}

export interface Network {
  /** FeexPay's path segment, used as the network id in our API (`mtn`, `wave_ci`). */
  id: string;
  name: string;
  country: Country;
  /** Inclusive bounds, in the currency's base unit (XOF/XAF have no minor unit). */
  minAmount: number;
  maxAmount: number;
  /** How the customer approves (see `Flow`). */
  flow: Flow;
  /** How the customer gets the payment code, on OTP networks (`otp`, `otp_confirm`). */
  otpHint?: Text;
  /** Indicative fee in percent (authoritative value: FeexPay's /transactions/details), or null. */
  feePercent: number | null;
  /**
   * The countries whose customers may use it, when more than its own `country` (the card method:
   * one row, offered in several countries). Read through `countriesOf`.
   */
  offeredIn?: readonly Country[];
}

const BJ: Country = {
  iso: 'BJ',
  name: 'Benin',
  dialCode: '229',
  currency: 'XOF',
  nationalNumberLength: 10,
};
const TG: Country = {
  iso: 'TG',
  name: 'Togo',
  dialCode: '228',
  currency: 'XOF',
  nationalNumberLength: 8,
};
const CI: Country = {
  iso: 'CI',
  name: "Côte d'Ivoire",
  dialCode: '225',
  currency: 'XOF',
  nationalNumberLength: 10,
};
const SN: Country = {
  iso: 'SN',
  name: 'Senegal',
  dialCode: '221',
  currency: 'XOF',
  nationalNumberLength: 9,
};
const BF: Country = {
  iso: 'BF',
  name: 'Burkina Faso',
  dialCode: '226',
  currency: 'XOF',
  nationalNumberLength: 8,
};
// No source confirms Congo's length (docs/feexpay-api.md §3.3); 9 digits is its numbering plan.
const CG: Country = {
  iso: 'CG',
  name: 'Congo-Brazzaville',
  dialCode: '242',
  currency: 'XAF',
  nationalNumberLength: 9,
};
const ML: Country = {
  iso: 'ML',
  name: 'Mali',
  dialCode: '223',
  currency: 'XOF',
  nationalNumberLength: 8,
};

/** FeexPay V2 pay-in bounds (docs/feexpay-api.md §9.1); operators may refuse more (§6.2). */
const MIN_AMOUNT = 100;
const MAX_AMOUNT = 2_000_000;

function network(
  id: string,
  name: string,
  country: Country,
  flow: Flow,
  feePercent: number | null,
  otpHint?: Text,
): Network {
  return {
    id,
    name,
    country,
    minAmount: MIN_AMOUNT,
    maxAmount: MAX_AMOUNT,
    flow,
    feePercent,
    ...(otpHint ? { otpHint } : {}),
  };
}

/**
 * Flows follow the evidence (docs/feexpay-api.md §7): V2 integrations list Wave, Orange CI and SN
 * and Moov CI as redirect networks; FeexPay's own (V1) React SDK adds Free SN, Orange BF and Moov
 * BF, where one V2 integration says push: we follow FeexPay's SDK (§14.2). Mali has no evidence:
 * Orange redirects as it does elsewhere, Mobicash pushes (inference).
 */
export const networks: readonly Network[] = [
  network('mtn', 'MTN Mobile Money', BJ, 'push', 1.7),
  network('moov', 'Moov Money', BJ, 'push', 1.7),
  network('celtiis_bj', 'Celtiis Cash', BJ, 'push', 1.7),
  network('coris', 'Coris Money', BJ, 'otp_confirm', 1.7, {
    fr: 'Coris Money vous envoie un code de paiement une fois le paiement lancé.',
    en: 'Coris Money sends you a payment code once the payment has started.',
  }),
  network('togocom_tg', 'T-Money (Togocom)', TG, 'push', 3.0),
  network('moov_tg', 'Flooz (Moov Togo)', TG, 'push', 3.0),
  network('mtn_ci', 'MTN Mobile Money', CI, 'push', 2.9),
  network('moov_ci', 'Moov Money', CI, 'redirect', 2.9),
  network('orange_ci', 'Orange Money', CI, 'redirect', 2.9),
  network('wave_ci', 'Wave', CI, 'redirect', 3.2),
  network('orange_sn', 'Orange Money', SN, 'redirect', 1.9),
  network('free_sn', 'Free Money', SN, 'redirect', 1.9),
  network('wave_sn', 'Wave', SN, 'redirect', 1.9),
  network('moov_bf', 'Moov Money', BF, 'redirect', 3.2),
  network('orange_bf', 'Orange Money', BF, 'otp', 3.9, {
    fr: 'Composez *144*4*6*# pour obtenir un code de paiement, puis saisissez-le ici.',
    en: 'Dial *144*4*6*# to get a payment code, then enter it here.',
  }),
  network('wave_bf', 'Wave', BF, 'redirect', null),
  network('mtn_cg', 'MTN Mobile Money', CG, 'push', 3.0),
  network('orange_ml', 'Orange Money', ML, 'redirect', null),
  network('mobicash_ml', 'Moov Africa Mobicash', ML, 'push', null),
  // Cards through FeexLink (docs/cards.md): one row, in XOF, where FeexPay serves shops with
  // mobile money and its fee table lists a card rate; Congo (XAF) and Mali are left out for lack
  // of evidence (docs/feexpay-api.md §12.2).
  { ...network('card', 'Visa / Mastercard', BJ, 'card', 4.5), offeredIn: [BJ, TG, CI, SN, BF] },
];

/** The id of the card method in the catalog (`network: "card"` in requests and payments). */
export const CARD_NETWORK_ID = 'card';

/** The countries whose customers may use `net`: its own, or those it is offered in. */
export function countriesOf(net: Pick<Network, 'country' | 'offeredIn'>): readonly Country[] {
  return net.offeredIn ?? [net.country];
}

/** True for a network whose customer types a payment code (before paying, or after the first step). */
export function needsOtp(net: Pick<Network, 'flow'>): boolean {
  return net.flow === 'otp' || net.flow === 'otp_confirm';
}

const byId = new Map(networks.map((n) => [n.id, n]));

export function findNetwork(id: string): Network | undefined {
  return byId.get(id);
}

/** Countries in catalog order, each with its networks: the shape the providers route serves. */
export function catalogByCountry() {
  const countries = new Map<string, Country & { networks: Omit<Network, 'country'>[] }>();
  for (const net of networks) {
    const { country: _country, offeredIn: _offeredIn, ...rest } = net;
    for (const country of countriesOf(net)) {
      const entry = countries.get(country.iso) ?? { ...country, networks: [] };
      entry.networks.push(rest);
      countries.set(country.iso, entry);
    }
  }
  return [...countries.values()];
}

/**
 * Checks a full phone number (digits with the country's dial code) against a network's country.
 * Returns a message to show the caller, or undefined when it fits.
 */
export function phoneProblem(phoneNumber: string, net: Network): string | undefined {
  if (!/^\d+$/.test(phoneNumber)) return 'Use digits only, country code first, no "+" or spaces.';
  if (net.offeredIn) {
    // The card method: the payer's number, of any country it is offered in.
    const home = net.offeredIn.find((c) => phoneNumber.startsWith(c.dialCode));
    if (home && phoneNumber.length === home.dialCode.length + home.nationalNumberLength) {
      return undefined;
    }
    return `The payer's number, of ${net.offeredIn.map((c) => `${c.name} (${c.dialCode})`).join(', ')}: country code first.`;
  }
  const { dialCode, nationalNumberLength, name } = net.country;
  if (!phoneNumber.startsWith(dialCode)) {
    return `A ${net.name} number in ${name} starts with country code ${dialCode}.`;
  }
  if (phoneNumber.length !== dialCode.length + nationalNumberLength) {
    return `A ${name} number is ${dialCode} followed by ${nationalNumberLength} digits.`;
  }
  return undefined;
}

/** French names of the countries, bare and with “de” (`du Bénin`, `de Côte d’Ivoire`). */
const COUNTRIES_FR: Record<string, { name: string; of: string }> = {
  BJ: { name: 'Bénin', of: 'du Bénin' },
  TG: { name: 'Togo', of: 'du Togo' },
  CI: { name: 'Côte d’Ivoire', of: 'de Côte d’Ivoire' },
  SN: { name: 'Sénégal', of: 'du Sénégal' },
  BF: { name: 'Burkina Faso', of: 'du Burkina Faso' },
  CG: { name: 'Congo-Brazzaville', of: 'du Congo-Brazzaville' },
  ML: { name: 'Mali', of: 'du Mali' },
};

/** A country's name in both languages, for messages (the catalog's `name` is the English one). */
export function countryName(country: Pick<Country, 'iso' | 'name'>): Text {
  return { fr: COUNTRIES_FR[country.iso]?.name ?? country.name, en: country.name };
}

/**
 * What to tell a caller whose phone number is not one of `country`'s, in both languages: the
 * forms it may send (the rule: client/src/phone.ts).
 */
export function phoneNumberHint(country: Country): Text {
  const { dialCode, nationalNumberLength: n } = country;
  const of = COUNTRIES_FR[country.iso]?.of ?? `de ${country.name}`;
  return {
    fr: `Envoyez un numéro ${of} : +${dialCode} puis ${n} chiffres (espaces, tirets, points et parenthèses permis), ou les ${n} chiffres seuls.`,
    en: `Send a ${country.name} number: +${dialCode} then ${n} digits (spaces, dashes, dots and brackets allowed), or the ${n} digits alone.`,
  };
}

/** Countries in catalog order. */
export const countries: readonly Country[] = [
  ...new Map(networks.map((n) => [n.country.iso, n.country])).values(),
];

/**
 * A phone number as a customer types it, in the international digits FeexPay takes: with or
 * without `+` (or `00`) and the dial code, with spaces, dots, dashes or brackets. For Benin,
 * `+229 01 66 00 00 00`, `0166000000` and `2290166000000` are all `2290166000000`. Undefined when
 * it cannot be a number of `country`. The rule is the client package's (client/src/phone.ts), so
 * the API, the hosted page and the client read a number alike (docs/payments.md, "Phone numbers").
 */
export { phoneOfCountry as normalizePhone } from '../client/src/phone.ts';
