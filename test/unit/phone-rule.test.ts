/**
 * One phone rule (client/src/phone.ts) for the API, the hosted page and the client: the forms
 * people write are read alike everywhere, and stored as digits, country code first.
 */
import { describe, expect, it } from 'vitest';
import {
  normalizePhone as clientNormalizePhone,
  PHONE_COUNTRIES,
} from '../../client/src/format.ts';
import { phoneOfCountry } from '../../client/src/phone.ts';
import { PAGE_SCRIPT } from '../../shared/checkouts/page/render.ts';
import { countries, normalizePhone } from '../../shared/providers.ts';

const benin = countries.find((c) => c.iso === 'BJ');
if (!benin) throw new Error('no Benin in the catalog');

describe('the phone rule', () => {
  it('is one function: the API’s normalizePhone is the client’s, and the page inlines its source', () => {
    expect(normalizePhone).toBe(phoneOfCountry);
    expect(PAGE_SCRIPT).toContain(phoneOfCountry.toString());
  });

  it('reads +, spaces, dashes, dots, brackets and 00 as people write them', () => {
    for (const typed of [
      '+229 01 66 00 00 00',
      '+229-01-66-00-00-00',
      '+229.01.66.00.00.00',
      '(+229) 01 66 00 00 00',
      '+229 (01) 66-00-00-00',
      '00229 01 66 00 00 00',
      '0022901660000 00',
      ' 2290166000000 ',
      '01 66 00 00 00',
    ]) {
      expect(normalizePhone(typed, benin), typed).toBe('2290166000000');
      expect(clientNormalizePhone(typed, 'BJ'), typed).toBe('2290166000000');
    }
  });

  it('refuses what cannot be a number of the country', () => {
    for (const typed of [
      '+0166000000', // a national number after +
      '+228 90 00 00 01', // Togo's
      '+229 01 66 00 00', // too short
      '01 66 ab 00 00',
      '229 01 66 00 00 00 00',
      '',
      '+',
    ]) {
      expect(normalizePhone(typed, benin), typed).toBeUndefined();
      expect(clientNormalizePhone(typed, 'BJ'), typed).toBeUndefined();
    }
  });

  it('the client’s country list is the catalog’s', () => {
    expect(PHONE_COUNTRIES).toEqual(
      countries.map(({ iso, dialCode, nationalNumberLength }) => ({
        iso,
        dialCode,
        nationalNumberLength,
      })),
    );
  });
});
