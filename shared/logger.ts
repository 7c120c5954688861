import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per execution environment. Every record carries the correlation id
 * once `withCorrelation` has run for the request. Phone numbers are masked before they reach it
 * (`maskPhone`); secrets never do.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'feexpay' });

/** `22997000001` → `229*****0001`: country code and last four digits stay, the rest is hidden. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
