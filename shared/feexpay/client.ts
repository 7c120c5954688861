/**
 * Our client for FeexPay's V2 pay-in API: request-to-pay (request-to-pay.ts, also the second call
 * of a two-step OTP network) and status reads (status-read.ts). `createFeexPayClient` builds one for a shop, `feexPayClient()` is the
 * production one. Errors are typed by what they mean for the money (errors.ts).
 */
import * as config from '../config.ts';
import { getFeexPaySecret } from '../secrets.ts';
import type { FeexPayTransaction } from './answers.ts';
import { FeexPayAuthError } from './errors.ts';
import { createFeexLink, type FeexLink, type FeexLinkInput } from './feexlink.ts';
import { type PayoutInput, type PayoutSettings, readPayoutStatus, sendPayout } from './payout.ts';
import {
  type RequestToPayInput,
  type RequestToPaySettings,
  requestToPay,
} from './request-to-pay.ts';
import { readStatus, type StatusOptions, type StatusReadSettings } from './status-read.ts';
import type { CallOptions, FeexPayAccount } from './transport.ts';

export type { FeexPayTransaction } from './answers.ts';
export type { FeexLink, FeexLinkInput } from './feexlink.ts';
export type { PayoutInput } from './payout.ts';
export type { RequestToPayInput } from './request-to-pay.ts';
export type { StatusOptions } from './status-read.ts';
export type { CallOptions } from './transport.ts';
export { cleanDescription, type FeexPayStatus } from './wire.ts';

export interface FeexPayClient {
  /**
   * One POST, never retried. A `FeexPayOutcomeUnknownError` (timeout, 504, dropped connection,
   * 500/502-style answer) means the outcome is unknown.
   */
  requestToPay(input: RequestToPayInput, options?: CallOptions): Promise<FeexPayTransaction>;
  /**
   * GET status; retried (bounded, with backoff) on network errors, timeouts and 5xx/429. A 404 is
   * a `FeexPayNotFoundError`, after a read by `options.orderId` when there is one.
   */
  getStatus(reference: string, options?: StatusOptions): Promise<FeexPayTransaction>;
  /**
   * One payout POST (payout.ts), never retried: a `FeexPayOutcomeUnknownError` means FeexPay may
   * have paid out; only status reads and webhooks settle it.
   */
  payout(input: PayoutInput, options?: CallOptions): Promise<FeexPayTransaction>;
  /** A payout's status by reference; retried like `getStatus`. */
  getPayoutStatus(reference: string, options?: CallOptions): Promise<FeexPayTransaction>;
  /**
   * One POST creating a FeexLink card page (feexlink.ts); never retried. Any error means the
   * customer got no page, so nobody can be charged through it.
   */
  createFeexLink(input: FeexLinkInput, options?: CallOptions): Promise<FeexLink>;
}

/** The shop (`baseUrl`, e.g. `${simulator.url}/api`, `apiKey`, `shopId`) and the timeouts. */
export type FeexPayClientSettings = FeexPayAccount &
  RequestToPaySettings &
  StatusReadSettings &
  PayoutSettings;

/** FeexPay's production API root (V2, docs/feexpay-api.md §1.1). */
export const DEFAULT_FEEXPAY_BASE_URL = 'https://api-v2.feexpay.me/api';

/** Builds a client for one FeexPay shop. */
export function createFeexPayClient(settings: FeexPayClientSettings): FeexPayClient {
  const account = { ...settings, baseUrl: settings.baseUrl.replace(/\/+$/, '') };
  return {
    requestToPay: (input, options = {}) => requestToPay(account, input, options),
    getStatus: (reference, options = {}) => readStatus(account, reference, options),
    payout: (input, options = {}) => sendPayout(account, input, options),
    getPayoutStatus: (reference, options = {}) => readPayoutStatus(account, reference, options),
    createFeexLink: (input, options = {}) => createFeexLink(account, input, options),
  };
}

let memo: { key: string; client: FeexPayClient; rotating: FeexPayClient } | undefined;

/**
 * The memo for the secret as cached now, or (`refresh`) as Secrets Manager holds it now: the
 * plain client, and the one `feexPayClient()` hands out.
 */
async function current(refresh = false): Promise<NonNullable<typeof memo>> {
  const secret = await getFeexPaySecret({ refresh });
  const baseUrl = config.feexPayBaseUrl() ?? DEFAULT_FEEXPAY_BASE_URL;
  const key = `${baseUrl}\n${secret.apiKey}\n${secret.shopId}`;
  if (memo?.key !== key) {
    const client = createFeexPayClient({ baseUrl, apiKey: secret.apiKey, shopId: secret.shopId });
    memo = { key, client, rotating: withRotatedKey(client) };
  }
  return memo;
}

/**
 * `client`, except that a call FeexPay refuses for its key (401/403) reads the secret again and,
 * if the key was rotated meanwhile, runs once more with the new one. A refused call created
 * nothing at FeexPay, so this second request-to-pay is not a duplicate; it spares the payments
 * of the up-to-5-minute cache after a key rotation (docs/runbooks.md, "Rotating secrets").
 */
function withRotatedKey(client: FeexPayClient): FeexPayClient {
  const retried = async <T>(call: (client: FeexPayClient) => Promise<T>): Promise<T> => {
    try {
      return await call(client);
    } catch (error) {
      if (!(error instanceof FeexPayAuthError)) throw error;
      const fresh = await current(true);
      if (fresh.client === client) throw error;
      return call(fresh.client);
    }
  };
  return {
    requestToPay: (input, options) => retried((c) => c.requestToPay(input, options)),
    getStatus: (reference, options) => retried((c) => c.getStatus(reference, options)),
    payout: (input, options) => retried((c) => c.payout(input, options)),
    getPayoutStatus: (reference, options) => retried((c) => c.getPayoutStatus(reference, options)),
    createFeexLink: (input, options) => retried((c) => c.createFeexLink(input, options)),
  };
}

/**
 * Production wiring: `FEEXPAY_BASE_URL` (default: FeexPay's V2 root) and the cached FeexPay
 * secret. Memoised per secret value, so a rotated key gets a fresh client, and a call refused for
 * a key rotated since it was cached is tried again with the new one.
 */
export async function feexPayClient(): Promise<FeexPayClient> {
  return (await current()).rotating;
}
