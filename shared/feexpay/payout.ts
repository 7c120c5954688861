/**
 * FeexPay's payout API (docs/feexpay-api.md §4.6; our reading: docs/refunds-and-payouts.md): one
 * POST path per destination network, and a status read by reference. The POST moves money out of
 * the merchant's FeexPay balance and FeexPay has no idempotency, so like request-to-pay it is sent
 * ONCE: a timeout or a 5xx other than 503 is an unknown outcome, settled only by status reads and
 * webhooks, never by sending again.
 */
import { logger, maskPhone } from '../logger.ts';
import { type FeexPayTransaction, parseTransaction } from './answers.ts';
import { FeexPayRejectedError } from './errors.ts';
import { failureOf } from './failures.ts';
import { readStatusAt, type StatusReadSettings } from './status-read.ts';
import { type Answer, type CallOptions, exchange, type FeexPayAccount } from './transport.ts';
import { cleanDescription } from './wire.ts';

/** Where FeexPay takes a payout to one of our networks, and the `network` its body carries. */
export interface PayoutRoute {
  /** The path below `/payouts/public/`. */
  path: string;
  /** The body's `network` value, where FeexPay's table shows one (§4.6). */
  network?: string;
  /** The smallest payout FeexPay takes on it (§4.6: 50 XOF in Benin, 100 elsewhere). */
  minAmount: number;
}

/** The largest single payout FeexPay is reported to take (§4.6; one source). */
export const PAYOUT_MAX_AMOUNT = 100_000;

/** `motif`: FeexPay takes letters, digits and spaces, at most 30 characters (§4.6). */
export const MOTIF_MAX = 30;

const BENIN_MIN = 50;
const OTHER_MIN = 100;

/** Each network id of the catalog (shared/providers.ts) FeexPay can pay out to. */
export const PAYOUT_ROUTES: Readonly<Record<string, PayoutRoute>> = {
  mtn: { path: 'transfer/global', network: 'MTN', minAmount: BENIN_MIN },
  moov: { path: 'transfer/global', network: 'MOOV', minAmount: BENIN_MIN },
  celtiis_bj: { path: 'celtiis_bj', network: 'CELTIIS BJ', minAmount: BENIN_MIN },
  togocom_tg: { path: 'togo', network: 'TOGOCOM TG', minAmount: OTHER_MIN },
  moov_tg: { path: 'togo', network: 'MOOV TG', minAmount: OTHER_MIN },
  mtn_ci: { path: 'mtn_ci', minAmount: OTHER_MIN },
  orange_ci: { path: 'orange_ci', minAmount: OTHER_MIN },
  moov_ci: { path: 'moov_ci', minAmount: OTHER_MIN },
  wave_ci: { path: 'wave_ci', minAmount: OTHER_MIN },
  orange_sn: { path: 'orange_sn', minAmount: OTHER_MIN },
  free_sn: { path: 'free_sn', minAmount: OTHER_MIN },
  wave_sn: { path: 'wave_sn', minAmount: OTHER_MIN },
  mtn_cg: { path: 'mtn_cg', minAmount: OTHER_MIN },
  moov_bf: { path: 'moov_bf', minAmount: OTHER_MIN },
  orange_ml: { path: 'orange_ml', minAmount: OTHER_MIN },
  mobicash_ml: { path: 'mobicash_ml', minAmount: OTHER_MIN },
};

/**
 * Networks of the catalog FeexPay cannot pay out to through the API, and why (§4.6): Orange BF
 * and Wave BF payouts reportedly need a code from the beneficiary, Coris has no payout path.
 */
export const PAYOUT_UNSUPPORTED: Readonly<Record<string, { fr: string; en: string }>> = {
  orange_bf: {
    fr: 'Pour un virement Orange Money Burkina, FeexPay demande un code (OTP) au bénéficiaire, que son API ne peut pas recevoir.',
    en: 'FeexPay needs a code (OTP) from the beneficiary for Orange Money Burkina payouts, which its API cannot take.',
  },
  wave_bf: {
    fr: 'Pour un virement Wave Burkina, FeexPay demande un code (OTP) au bénéficiaire, que son API ne peut pas recevoir.',
    en: 'FeexPay needs a code (OTP) from the beneficiary for Wave Burkina payouts, which its API cannot take.',
  },
  coris: {
    fr: 'FeexPay n’a pas de chemin de virement pour Coris Money.',
    en: 'FeexPay has no payout path for Coris Money.',
  },
};

/** The paths the simulator serves (every distinct `path`). */
export const PAYOUT_PATHS: readonly string[] = [
  ...new Set(Object.values(PAYOUT_ROUTES).map((r) => r.path)),
];

export interface PayoutInput {
  /** Our network id (shared/providers.ts); must have a `PAYOUT_ROUTES` entry. */
  network: string;
  amount: number;
  phoneNumber: string;
  /** Letters, digits and spaces (cleaned again here), at most 30 characters. */
  motif: string;
  /** Our payout id, sent as `callback_info`: FeexPay echoes it in status answers and webhooks. */
  callbackInfo: string;
}

/** The JSON body of a payout: the fields the evidence lists (§4.6), nothing else. */
export function payoutBody(input: PayoutInput, route: PayoutRoute, shopId: string) {
  return {
    phoneNumber: input.phoneNumber,
    amount: input.amount,
    shop: shopId,
    motif: cleanDescription(input.motif).slice(0, MOTIF_MAX),
    ...(route.network ? { network: route.network } : {}),
    callback_info: input.callbackInfo,
  };
}

export interface PayoutSettings {
  /** @default 25_000, like request-to-pay: the create route must still answer within 29 s. */
  payoutTimeoutMs?: number;
}

/** Sends one payout and reads FeexPay's answer; never retried. */
export async function sendPayout(
  account: FeexPayAccount & PayoutSettings,
  input: PayoutInput,
  { timeoutMs = account.payoutTimeoutMs ?? 25_000, signal }: CallOptions = {},
): Promise<FeexPayTransaction> {
  const route = PAYOUT_ROUTES[input.network];
  if (!route) throw new FeexPayRejectedError(`no payout path for network ${input.network}`);
  if (!Number.isInteger(input.amount)) throw new FeexPayRejectedError('amount must be an integer');
  const path = `/payouts/public/${route.path}`;
  const logContext = {
    network: input.network,
    phone: maskPhone(input.phoneNumber),
    amount: input.amount,
    callbackInfo: input.callbackInfo,
  };
  const started = Date.now();
  let answer: Answer;
  try {
    answer = await exchange(
      account,
      path,
      payoutBody(input, route, account.shopId),
      timeoutMs,
      signal,
    );
  } catch (error) {
    logger.warn('FeexPay payout got no answer', {
      ...logContext,
      error: error instanceof Error ? error.name : String(error),
      durationMs: Date.now() - started,
    });
    throw error;
  }
  const durationMs = Date.now() - started;
  if (answer.status < 200 || answer.status >= 300) {
    // The same reading as request-to-pay's: only 503/429 prove nothing was done.
    const error = failureOf('requestToPay', answer, account.apiKey);
    logger.warn('FeexPay payout refused', {
      ...logContext,
      httpStatus: answer.status,
      error: error.name,
      bodyExcerpt: error.bodyExcerpt,
      durationMs,
    });
    throw error;
  }
  const transaction = parseTransaction(answer, account.apiKey);
  logger.info('FeexPay payout answered', {
    ...logContext,
    httpStatus: answer.status,
    reference: transaction.reference,
    status: transaction.status,
    durationMs,
  });
  return transaction;
}

/** A payout's status, by FeexPay's reference (retried like any read, §4.6). */
export function readPayoutStatus(
  account: FeexPayAccount & StatusReadSettings,
  reference: string,
  options: CallOptions = {},
): Promise<FeexPayTransaction> {
  if (!reference) throw new FeexPayRejectedError('a reference is required');
  return readStatusAt(
    account,
    `/payouts/status/public/${encodeURIComponent(reference)}`,
    [reference],
    options,
  );
}
