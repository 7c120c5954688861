/**
 * FeexLink: FeexPay's hosted payment page, the way V2 takes cards (docs/feexpay-api.md §12.1,
 * docs/cards.md). One POST creates a link for an amount; FeexPay answers the page's address
 * (`urlPay`) and no transaction reference: the reference comes later, as `?ref=` on the customer's
 * way back and in FeexPay's webhook. A link is not a charge: until the customer pays on the page
 * nobody is charged, so a call that got no answer is simply a failed start (the customer never saw
 * a link), unlike a request-to-pay.
 */
import { logger } from '../logger.ts';
import { FeexPayProtocolError, FeexPayRejectedError } from './errors.ts';
import { failureOf } from './failures.ts';
import { excerpt } from './redact.ts';
import { type Answer, type CallOptions, exchange, type FeexPayAccount } from './transport.ts';
import { cleanDescription, isRecord, parseJson, textOf } from './wire.ts';

export const FEEXLINK_PATH = '/feexlinks/generate';

export interface FeexLinkInput {
  /** The exact amount, in the shop's currency's base unit. */
  amount: number;
  description?: string | undefined;
  /** Our payment id, sent as `custom_id`. */
  customId: string;
  /** Where FeexPay sends the customer after paying (`callback_url`) or failing (`callback_error`). */
  returnUrl: string;
  /** How long the link may be used, in minutes (`expireIn`). */
  expireInMinutes: number;
}

/** The card page FeexPay made for one payment. */
export interface FeexLink {
  /** The page's address (`urlPay`): where the customer goes to pay. */
  url: string;
}

/**
 * The JSON body: the fields V2 integrations send (§12.1), with the card method only. `range` is
 * left out: its meaning is unknown.
 */
export function feexLinkBody(input: FeexLinkInput, shopId: string) {
  const description = input.description ? cleanDescription(input.description) : '';
  return {
    shop: shopId,
    amount: input.amount,
    description: description || 'Paiement',
    paymentMethod: 'CARD',
    expireIn: input.expireInMinutes,
    custom_id: input.customId,
    callback_url: input.returnUrl,
    callback_error: input.returnUrl,
  };
}

/**
 * The link in a 2xx answer: `urlPay` (some integrations also read `link` or `url`), at the top
 * level or in a `data` envelope; an http(s) URL, or the answer is unusable.
 */
export function linkOf(answer: Answer, apiKey: string): FeexLink {
  const parsed = parseJson(answer.text);
  const record = isRecord(parsed) && isRecord(parsed.data) ? parsed.data : parsed;
  const found = isRecord(record)
    ? (textOf(record.urlPay) ?? textOf(record.link) ?? textOf(record.url))
    : undefined;
  if (found && /^https?:\/\//i.test(found)) return { url: found };
  throw new FeexPayProtocolError('FeexPay answered the FeexLink request without a page address', {
    httpStatus: answer.status,
    bodyExcerpt: excerpt(answer.text, apiKey),
  });
}

/** Creates one FeexLink. Typed errors as for request-to-pay (errors.ts). */
export async function createFeexLink(
  account: FeexPayAccount,
  input: FeexLinkInput,
  { timeoutMs = 10_000, signal }: CallOptions,
): Promise<FeexLink> {
  if (!Number.isInteger(input.amount)) {
    throw new FeexPayRejectedError('amount must be an integer');
  }
  const started = Date.now();
  const logContext = { amount: input.amount, customId: input.customId };
  const answer = await exchange(
    account,
    FEEXLINK_PATH,
    feexLinkBody(input, account.shopId),
    timeoutMs,
    signal,
  );
  const durationMs = Date.now() - started;
  if (answer.status < 200 || answer.status >= 300) {
    const error = failureOf('requestToPay', answer, account.apiKey);
    logger.warn('FeexPay FeexLink refused', {
      ...logContext,
      httpStatus: answer.status,
      error: error.name,
      bodyExcerpt: error.bodyExcerpt,
      durationMs,
    });
    throw error;
  }
  const link = linkOf(answer, account.apiKey);
  logger.info('FeexPay FeexLink created', { ...logContext, httpStatus: answer.status, durationMs });
  return link;
}
