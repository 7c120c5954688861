import { Logger } from '@aws-lambda-powertools/logger';

/** `22997000001` → `229*****0001`: country code and last four digits stay, the rest is hidden. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Keys whose values are credentials, whatever they hold (`apiKey`, `webhookToken`, `Authorization`…). */
const SECRET_KEY = /(token|api[_-]?key|secret|authorization|password|passwd|cookie|otp|dsn)$/i;
/** Keys whose values may be phone numbers even when they are JSON numbers (FeexPay echoes them so). */
const PHONE_KEY = /phone/i;
/**
 * Identifiers that may hold long digit runs and are no personal data: left as they are so that a
 * log search by reference or id still works (an ARN holds the 12-digit account id).
 */
const ID_KEY =
  /^(reference|paymentId|correlationId|dedupeKey|callbackInfo|requestId|xray_trace_id|function_arn|function_request_id|webhookId|idempotencyKey)$/;

/** A run of 9–15 digits (optionally after `+`) that is not part of a longer word: a phone number. */
const PHONE_RUN = /(?<![\w.])\+?\d{9,15}(?![\w])/g;

/**
 * Masks what must never reach a log line inside free text: phone numbers, FeexPay keys (`fp_…`),
 * Standard Webhooks secrets (`whsec_…`), bearer tokens and `token=`/`key=`/`secret=` parameters.
 */
export function scrubText(text: string): string {
  return text
    .replace(/\bfp_[A-Za-z0-9_-]+/g, 'fp_***')
    .replace(/\bwhsec_[A-Za-z0-9+/=_-]+/g, 'whsec_***')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
    .replace(/((?:token|key|secret|password)=)[^&\s"')]+/gi, '$1***')
    .replace(PHONE_RUN, (run) => maskPhone(run));
}

/**
 * The Logger's JSON replacer: the safety net under the rule that code masks phones itself and
 * never logs secrets. It runs on every key and value of every record (error messages and stacks
 * included), redacts values of credential-named keys and masks phone numbers and key-shaped
 * strings anywhere else.
 */
export function scrubLogValue(key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== null && typeof value !== 'boolean') {
    return value === undefined ? value : '***';
  }
  if (typeof value === 'string') return ID_KEY.test(key) ? value : scrubText(value);
  if (typeof value === 'number' && PHONE_KEY.test(key)) return maskPhone(String(value));
  return value;
}

/**
 * One structured JSON logger per execution environment. Every record carries the correlation id
 * once the route handler wrapper (or a consumer) has appended it, then the payment id and FeexPay reference as
 * they become known. Phone numbers are masked before they reach it (`maskPhone`) and secrets never
 * do; `scrubLogValue` catches what slips through anyway.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'feexpay-payments',
  jsonReplacerFn: scrubLogValue,
});
