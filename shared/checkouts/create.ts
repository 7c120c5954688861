/**
 * POST checkouts/ (merchant scope): the merchant's server fixes the amount and the order; the
 * answer carries the hosted page's `url`, where the customer pays. One transaction writes the
 * checkout, its order's item and the request record of the Idempotency-Key (docs/checkout.md,
 * "Creating a checkout"), so an order never has two OPEN checkouts, and a repeated request gets
 * the checkout it created.
 */
import { UnprocessableError } from '../errors.ts';
import type { HttpResult } from '../http/contract.ts';
import { logger } from '../logger.ts';
import { REPLAYED_HEADER, requestHashOf, sameRequest } from '../payments/idempotency.ts';
import { checkoutNotFound, orderHasOpenCheckout, orderPaid } from './errors.ts';
import { type Checkout, newCheckoutId, toMerchantCheckout } from './model.ts';
import { type CreateCheckoutBody, validateCheckout } from './schemas.ts';
import { closeIfExpired } from './settle.ts';
import * as checkouts from './store.ts';

export interface CreateCheckoutInput {
  /** The merchant server's client (its token's `sub`). */
  merchantId: string;
  idempotencyKey: string;
  body: CreateCheckoutBody;
  /** The hosted page's URL for a checkout id. */
  pageUrl: (checkoutId: string) => string;
  now?: Date;
}

/**
 * Rounds of "the order is held by a closed checkout: take it over" or "another creation wrote at
 * the same moment" before giving up.
 */
const MAX_ROUNDS = 5;

export async function createCheckout(input: CreateCheckoutInput): Promise<HttpResult> {
  const { body, merchantId, idempotencyKey } = input;
  const now = input.now ?? new Date();
  const validated = validateCheckout(body);
  const requestHash = requestHashOf('checkout', body);
  const id = newCheckoutId();
  const at = now.toISOString();
  const checkout: Checkout = {
    id,
    merchantId,
    status: 'OPEN',
    amount: body.amount,
    currency: body.currency,
    orderId: body.orderId,
    ...(validated.description ? { description: validated.description } : {}),
    ...(validated.customer ? { customer: validated.customer } : {}),
    networks: validated.networks.map((n) => n.id),
    ...(body.returnUrl ? { returnUrl: body.returnUrl } : {}),
    ...(body.locale ? { locale: body.locale } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
    url: input.pageUrl(id),
    expiresAt: new Date(now.getTime() + body.expiresInSeconds * 1000).toISOString(),
    createdAt: at,
    updatedAt: at,
    attempts: [],
    requestHash,
    events: [{ at, type: 'created' }],
  };
  let previousHolder: string | undefined;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const result = await checkouts.create(checkout, { merchantId, idempotencyKey }, previousHolder);
    if (result.created) {
      logger.info('Checkout created', { checkoutId: id, orderId: body.orderId });
      return { status: 201, body: toMerchantCheckout(checkout) };
    }
    if (result.reason === 'key') return replay(result, requestHash);
    if (result.reason === 'conflict') {
      // Concurrent creations for one order: a moment's pause, then the winner's write decides.
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      continue;
    }
    previousHolder = await closedHolder(result.holder, body.orderId, now);
  }
  // Checkouts of this order keep being created under us: the caller may try again (409).
  throw orderHasOpenCheckout(body.orderId, previousHolder);
}

/** The same key again: the checkout it created, as it stands (422 for another body). */
async function replay(
  existing: { checkoutId: string; requestHash: string },
  requestHash: string,
): Promise<HttpResult> {
  if (!sameRequest(existing.requestHash, requestHash)) {
    throw new UnprocessableError(
      {
        fr: 'Cette Idempotency-Key a déjà servi pour une autre requête. Utilisez une nouvelle clé pour un nouveau paiement en ligne.',
        en: 'This Idempotency-Key was already used with a different request. Use a new key for a new checkout.',
      },
      {
        code: 'idempotency_key_reused',
        fields: [
          {
            field: 'Idempotency-Key',
            message: {
              fr: 'Déjà utilisée avec un autre corps : utilisez une nouvelle clé.',
              en: 'Already used with another body: use a new key.',
            },
          },
        ],
      },
    );
  }
  const checkout = await checkouts.get(existing.checkoutId, { consistent: true });
  if (!checkout) throw checkoutNotFound(existing.checkoutId);
  return {
    status: 201,
    body: toMerchantCheckout(checkout),
    headers: { [REPLAYED_HEADER]: 'true' },
  };
}

/**
 * The order is held by checkout `holder`: returns it when it is closed (EXPIRED or CANCELED, or
 * OPEN past its expiry with nothing live, which is expired now), so the next round takes the order
 * over from it; throws 409 naming it when it is OPEN or PAID.
 */
async function closedHolder(holder: string, orderId: string, now: Date): Promise<string> {
  const current = holder ? await checkouts.get(holder, { consistent: true }) : undefined;
  if (!current) throw new Error(`Order ${orderId} is held by a checkout that cannot be read`);
  if (current.status === 'PAID') throw orderPaid(orderId, holder);
  if (current.status === 'OPEN' && !(await closeIfExpired(current, now))) {
    throw orderHasOpenCheckout(orderId, holder);
  }
  return holder;
}
