/**
 * The phone rule, in one place: how a number a person types becomes the digits the API stores and
 * FeexPay takes (country code first, no `+`). The API (shared/providers.ts re-exports it, and the
 * hosted checkout page runs its source text) and this client's `normalizePhone` both use this
 * function, so they cannot disagree. It must stay self-contained: no imports, nothing from outside
 * its own body (the page inlines `phoneOfCountry.toString()`).
 */

/** What the rule needs of a country: its calling code and how many digits follow it. */
export interface PhoneRuleCountry {
  dialCode: string;
  nationalNumberLength: number;
}

/**
 * `input` as a number of `country`, in international digits (`2290166000000`), or undefined when it
 * cannot be one. Spaces, dots, dashes and brackets are dropped; a leading `+` or `00` marks the
 * international form, which must carry the country's code; without either, the country's code is
 * optional (`0166000000` is a Benin number too) unless `national: false`.
 *
 * @example
 * phoneOfCountry('+229 01 66 00 00 00', { dialCode: '229', nationalNumberLength: 10 }); // '2290166000000'
 */
export function phoneOfCountry(
  input: string,
  country: PhoneRuleCountry,
  options?: { national?: boolean },
): string | undefined {
  const trimmed = input.trim();
  // A `+` leads, or follows the opening bracket of `(+229) 01 66 00 00 00`.
  if (!/^\(?\+?[\d\s().-]+$/.test(trimmed)) return undefined;
  let digits = trimmed.replace(/\D/g, '');
  let international = /^\(?\+/.test(trimmed);
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  const { dialCode, nationalNumberLength } = country;
  if (digits.length === dialCode.length + nationalNumberLength && digits.startsWith(dialCode)) {
    return digits;
  }
  const national = options?.national ?? true;
  if (national && !international && digits.length === nationalNumberLength) {
    return `${dialCode}${digits}`;
  }
  return undefined;
}
