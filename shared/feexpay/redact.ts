/**
 * FeexPay's words reach logs, error excerpts and even the payment's `failureReason`, so they are
 * masked first: our API key (FeexPay has echoed keys in error messages) and phone-length digit runs.
 */
import { maskPhone } from '../logger.ts';

/** The most of an answer kept in an error's `bodyExcerpt`. */
export const EXCERPT_LENGTH = 200;

/** Hides API keys and phone-like digit runs. */
export function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey ? text.split(apiKey).join('fp_***') : text;
  return withoutKey
    .replace(/fp_[A-Za-z0-9]{8,}/g, 'fp_***')
    .replace(/\d{8,}/g, (digits) => maskPhone(digits));
}

/** The start of an answer, redacted: what an error carries for the logs. */
export function excerpt(text: string, apiKey: string): string {
  return redact(text, apiKey).slice(0, EXCERPT_LENGTH);
}
