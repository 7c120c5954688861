/**
 * Showing money and phone numbers as people in the API's countries read them, and turning what a
 * customer types into the phone number the API accepts. Built on `Intl`, nothing to install.
 */
import { phoneOfCountry } from './phone.ts';
import type { Currency } from './types.ts';

export type Language = 'fr' | 'en';

const amountFormats = new Map<string, Intl.NumberFormat>();

/**
 * `2500, 'XOF'` → `2 500 F CFA` (French, the default) or `F CFA 2,500` (English), as `Intl`
 * writes them (the French spaces are non-breaking). XOF and XAF have no minor unit.
 */
export function formatAmount(
  amount: number,
  currency: Currency,
  options: { language?: Language } = {},
): string {
  const language = options.language ?? 'fr';
  const key = `${language}:${currency}`;
  let format = amountFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
      style: 'currency',
      currency,
      currencyDisplay: 'symbol',
      maximumFractionDigits: 0,
    });
    amountFormats.set(key, format);
  }
  return format.format(amount);
}

/** A country the API serves: its calling code and how many digits follow it. */
export interface PhoneCountry {
  iso: string;
  dialCode: string;
  nationalNumberLength: number;
}

/**
 * The countries FeexPay serves, as the API's catalog (`providers()`) lists them; a test keeps the
 * two equal. Pass the catalog's entries instead when you have them.
 */
export const PHONE_COUNTRIES: readonly PhoneCountry[] = [
  { iso: 'BJ', dialCode: '229', nationalNumberLength: 10 },
  { iso: 'TG', dialCode: '228', nationalNumberLength: 8 },
  { iso: 'CI', dialCode: '225', nationalNumberLength: 10 },
  { iso: 'SN', dialCode: '221', nationalNumberLength: 9 },
  { iso: 'BF', dialCode: '226', nationalNumberLength: 8 },
  { iso: 'CG', dialCode: '242', nationalNumberLength: 9 },
  { iso: 'ML', dialCode: '223', nationalNumberLength: 8 },
];

function countryOf(
  country: string | PhoneCountry | undefined,
  countries: readonly PhoneCountry[],
): PhoneCountry | undefined {
  if (country === undefined) return undefined;
  if (typeof country !== 'string') return country;
  return countries.find((c) => c.iso === country.toUpperCase());
}

/**
 * The phone number as the API wants it, digits only with the country code first, or undefined
 * when it cannot be one of the served countries' numbers:
 *
 * - `+229 01 66 00 00 00`, `00229-01-66-00-00-00`, `2290166000000` → `2290166000000`;
 * - a national number with its country: `normalizePhone('01 66 00 00 00', 'BJ')` →
 *   `2290166000000` (the leading 0 is part of Benin's and Côte d'Ivoire's 10-digit numbers).
 *
 * Spaces, dashes, dots and brackets are dropped; the length is checked against the country. The
 * API applies the same rule (phone.ts) to what it receives, so either form may be sent.
 */
export function normalizePhone(
  input: string,
  country?: string | PhoneCountry,
  countries: readonly PhoneCountry[] = PHONE_COUNTRIES,
): string | undefined {
  const given = countryOf(country, countries);
  if (country !== undefined && !given) return undefined;
  if (given) return phoneOfCountry(input, given);
  // Without a country: the international form of a country we serve.
  for (const c of countries) {
    const phone = phoneOfCountry(input, c, { national: false });
    if (phone) return phone;
  }
  return undefined;
}

/** `2290166000000` → `+229 01 66 00 00 00`: the country code, then pairs of digits. */
export function formatPhone(
  phone: string,
  countries: readonly PhoneCountry[] = PHONE_COUNTRIES,
): string {
  const digits = phone.replace(/\D/g, '');
  const c = countries.find(
    (entry) =>
      digits.startsWith(entry.dialCode) &&
      digits.length === entry.dialCode.length + entry.nationalNumberLength,
  );
  if (!c) return phone;
  const national = digits.slice(c.dialCode.length);
  const pairs = national.match(/.{1,2}/g) ?? [];
  return `+${c.dialCode} ${pairs.join(' ')}`;
}
