/**
 * What the hosted page's script starts from, inlined in the page as JSON (so it needs no request
 * before the customer can type), and what the public route answers it later. Types only: the
 * server (render.ts) writes it, the browser (script.ts) reads it.
 */
import type { FailureCode, Locale } from '../../payments/failure-codes.ts';
import type { PublicCheckout } from '../read.ts';
import type { Messages } from './messages.ts';

export interface PageNetwork {
  id: string;
  name: string;
  flow: 'push' | 'redirect' | 'otp' | 'otp_confirm' | 'card';
  otpHint?: string;
}

export interface PageCountry {
  iso: string;
  /** In the page's language. */
  name: string;
  dialCode: string;
  nationalNumberLength: number;
  /** A number as people write it there (`01 97 00 00 00`), for the field's hint. */
  example: string;
  networks: PageNetwork[];
}

export interface PageState {
  locale: Locale;
  /** The checkout's public routes: `<base>/public`, `<base>/pay`. */
  checkoutPath: string;
  checkout: PublicCheckout;
  /** The amount as people read it (`2 500 F CFA`). */
  amount: string;
  countries: PageCountry[];
  /** The customer's number the merchant gave, as typed in the field (national digits). */
  phone?: string;
  /** The merchant's page, to which `checkout` and `status` are added. */
  returnUrl?: string;
  messages: Messages;
  failures: Record<FailureCode, string>;
}
