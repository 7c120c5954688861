/**
 * FeexLink, FeexPay's hosted payment page, as the simulator plays it for cards
 * (docs/feexpay-api.md §12.1, docs/cards.md): `POST /api/feexlinks/generate` answers `urlPay`, a
 * page on the simulator's own host where the customer types a test card. What each test card
 * does (README, "Test mode"):
 *
 * - approved (4242 4242 4242 4242, 5555 5555 5555 4444): a transaction SUCCESSFUL, its webhook,
 *   and the customer sent to `callback_url?ref=<reference>`;
 * - declined (4000 0000 0000 0002): FAILED (`CARD_DECLINED`), its webhook, the customer sent to
 *   `callback_error?ref=<reference>`;
 * - abandoned (4000 0000 0000 3220): 3-D Secure never completes: the transaction stays PENDING,
 *   no webhook, no way back (the customer closed the page); "Annuler" likewise sends the customer
 *   to `callback_error` with no transaction at all.
 *
 * The transaction echoes the link's `custom_id` in status answers and webhooks, with an empty
 * `callback_info`: how FeexPay ties a FeexLink payment to the merchant's id is unverified, so the
 * simulator plays the less direct of the two ways our code reads (§12.1).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, parseJson } from '../../shared/feexpay/wire.ts';
import type { TransactionBook } from './book.ts';
import { type FaultPlan, isProcessedFault, sendFault } from './faults.ts';
import type { Settle } from './feexpay-routes.ts';
import { escapeHtml, readBody, sendJson } from './http.ts';

export const FEEXLINK_GENERATE_PATH = '/api/feexlinks/generate';
const PAGE_PATH = /^\/feexlink\/([A-Za-z0-9]+)(?:\/(pay|cancel))?\/?$/;
const MIN_AMOUNT = 100;
const MAX_AMOUNT = 2_000_000;
const DEFAULT_EXPIRY_MINUTES = 60;

/** The test cards, by what they do (digits only). */
export const TEST_CARDS = {
  approved: ['4242424242424242', '5555555555554444'],
  declined: ['4000000000000002'],
  abandoned: ['4000000000003220'],
} as const;

/** A FeexLink as the simulator keeps it. */
export interface SimulatedFeexLink {
  id: string;
  amount: number;
  description: string;
  paymentMethod: string;
  customId: string;
  callbackUrl: string | undefined;
  errorUrl: string | undefined;
  expiresAt: string;
  /** What the customer did with it. */
  state: 'open' | 'paid' | 'declined' | 'abandoned' | 'cancelled';
  /** The transaction its card payment opened. */
  reference?: string;
  /** The JSON body as received. */
  body: unknown;
}

export interface FeexLinksOptions {
  apiKey: string;
  shopId: string;
  book: TransactionBook;
  settle: Settle;
  /** The simulator's base URL, for `urlPay`. */
  baseUrl: () => string;
  /** Injected faults (target `feexLink`): answered instead of, or after, making the link. */
  faults: FaultPlan;
}

export class FeexLinks {
  readonly #options: FeexLinksOptions;
  #links = new Map<string, SimulatedFeexLink>();
  #requests = 0;

  constructor(options: FeexLinksOptions) {
    this.#options = options;
  }

  list(): SimulatedFeexLink[] {
    return [...this.#links.values()].map((link) => ({ ...link }));
  }

  /** Generate calls received, refused and faulted ones included. */
  requests(): number {
    return this.#requests;
  }

  reset(): void {
    this.#links.clear();
    this.#requests = 0;
  }

  /** Serves FeexLink's API path and its pages; false for any other path. */
  async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (method === 'POST' && path.replace(/\/$/, '') === FEEXLINK_GENERATE_PATH) {
      await this.#generate(req, res);
      return true;
    }
    const match = PAGE_PATH.exec(path);
    const link = match?.[1] ? this.#links.get(match[1]) : undefined;
    if (!match || !link) return false;
    const action = match[2];
    if (method === 'GET' && !action) {
      page(res, link);
      return true;
    }
    if (method === 'POST' && action === 'pay') {
      const form = new URLSearchParams(await readBody(req));
      this.#pay(res, link, form);
      return true;
    }
    if (method === 'POST' && action === 'cancel') {
      if (link.state === 'open') link.state = 'cancelled';
      back(res, link.errorUrl, undefined) || page(res, link);
      return true;
    }
    return false;
  }

  async #generate(req: IncomingMessage, res: ServerResponse) {
    this.#requests += 1;
    const text = await readBody(req);
    if (req.headers.authorization !== `Bearer ${this.#options.apiKey}`) {
      return sendJson(res, 401, { message: 'Token API invalid' });
    }
    // Faults: plain ones answer before anything is made; processed ones make the link, then
    // answer a 500 or 502, or nothing (timeout).
    const fault = this.#options.faults.take('feexLink');
    if (fault && !isProcessedFault(fault)) return sendFault(res, fault);
    const body = parseJson(text);
    if (!isRecord(body)) {
      return sendJson(res, 400, { statusCode: 400, message: 'Body must be a JSON object' });
    }
    if (body.shop !== this.#options.shopId) {
      return sendJson(res, 404, { statusCode: 404, message: 'Shop not found' });
    }
    const errors = validate(body);
    if (errors.length > 0) {
      return sendJson(res, 400, { statusCode: 400, message: 'Validation failed', errors });
    }
    const minutes = typeof body.expireIn === 'number' ? body.expireIn : DEFAULT_EXPIRY_MINUTES;
    const link: SimulatedFeexLink = {
      id: randomBytes(12).toString('hex'),
      amount: body.amount as number,
      description: typeof body.description === 'string' ? body.description : '',
      paymentMethod: body.paymentMethod as string,
      customId: body.custom_id as string,
      callbackUrl: typeof body.callback_url === 'string' ? body.callback_url : undefined,
      errorUrl: typeof body.callback_error === 'string' ? body.callback_error : undefined,
      expiresAt: new Date(Date.now() + minutes * 60_000).toISOString(),
      state: 'open',
      body,
    };
    this.#links.set(link.id, link);
    if (fault === 'timeout') return;
    if (fault) return sendFault(res, fault === 'http500-processed' ? 'http500' : 'http502');
    sendJson(res, 200, {
      message: 'FeexLink generated',
      urlPay: `${this.#options.baseUrl()}/feexlink/${link.id}`,
    });
  }

  #pay(res: ServerResponse, link: SimulatedFeexLink, form: URLSearchParams) {
    if (link.state !== 'open' || Date.parse(link.expiresAt) < Date.now()) return page(res, link);
    const number = (form.get('number') ?? '').replace(/[\s-]/g, '');
    const kind = (Object.keys(TEST_CARDS) as (keyof typeof TEST_CARDS)[]).find((k) =>
      (TEST_CARDS[k] as readonly string[]).includes(number),
    );
    if (!kind) {
      return page(res, link, 'Carte inconnue du simulateur : utilisez une carte de test.');
    }
    const tx = this.#open(link, kind, (form.get('name') ?? '').trim());
    link.reference = tx.reference;
    if (kind === 'abandoned') {
      link.state = 'abandoned';
      return page(res, link);
    }
    if (kind === 'approved') {
      link.state = 'paid';
      this.#options.settle(tx, 'SUCCESSFUL');
      return back(res, link.callbackUrl, tx.reference) || page(res, link);
    }
    link.state = 'declined';
    this.#options.settle(tx, 'FAILED', 'CARD_DECLINED');
    return back(res, link.errorUrl, tx.reference) || page(res, link);
  }

  /** The transaction of a card payment on `link`, PENDING until settled. */
  #open(link: SimulatedFeexLink, kind: keyof typeof TEST_CARDS, name: string) {
    return this.#options.book.open({
      segment: 'card',
      scenario: kind === 'approved' ? 'approve' : kind === 'declined' ? 'decline' : 'no-answer',
      status: 'PENDING',
      amount: link.amount,
      phoneNumber: '',
      description: link.description,
      callbackInfo: null,
      customId: link.customId,
      refLink: link.id,
      firstName: name,
      lastName: '',
      email: '',
      returnUrl: link.callbackUrl,
      reason: undefined,
      statusCode: undefined,
      awaitingOtp: false,
      otpSent: undefined,
    });
  }
}

/** class-validator style errors for a generate body (§12.1). */
function validate(body: Record<string, unknown>) {
  const errors: { property: string; constraints: Record<string, string> }[] = [];
  const { amount } = body;
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    errors.push({ property: 'amount', constraints: { isInt: 'amount must be an integer number' } });
  } else if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) {
    errors.push({
      property: 'amount',
      constraints: { range: `amount must be between ${MIN_AMOUNT} and ${MAX_AMOUNT}` },
    });
  }
  if (!['ALL', 'CARD', 'MOBILE'].includes(String(body.paymentMethod))) {
    errors.push({
      property: 'paymentMethod',
      constraints: { isIn: 'paymentMethod must be one of: ALL, CARD, MOBILE' },
    });
  }
  if (typeof body.custom_id !== 'string' || body.custom_id === '') {
    errors.push({ property: 'custom_id', constraints: { isString: 'custom_id must be a string' } });
  }
  for (const field of ['callback_url', 'callback_error']) {
    const value = body[field];
    if (value !== undefined && (typeof value !== 'string' || !URL.canParse(value))) {
      errors.push({ property: field, constraints: { isUrl: `${field} must be a URL address` } });
    }
  }
  if (
    body.expireIn !== undefined &&
    (typeof body.expireIn !== 'number' || !Number.isInteger(body.expireIn) || body.expireIn < 1)
  ) {
    errors.push({
      property: 'expireIn',
      constraints: { min: 'expireIn must be a positive whole number of minutes' },
    });
  }
  return errors;
}

/** Sends the customer to `url` with `?ref=` (when there is a transaction); false without a URL. */
function back(res: ServerResponse, url: string | undefined, reference: string | undefined) {
  if (!url) return false;
  const target = new URL(url);
  if (reference) target.searchParams.set('ref', reference);
  res.writeHead(303, { location: target.toString() });
  res.end();
  return true;
}

const STYLE =
  'body{font:16px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}main{max-width:420px;margin:0 auto;padding:16px}h1{font-size:1.25rem}.card{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 3px #0002}label{display:block;margin:12px 0 4px;font-weight:600}input{box-sizing:border-box;width:100%;min-height:48px;font-size:1rem;padding:8px;border:1px solid #6b7280;border-radius:8px}.row{display:flex;gap:8px}.row>div{flex:1}button{width:100%;min-height:48px;margin-top:16px;font-size:1rem;border:0;border-radius:8px;background:#0b5fff;color:#fff}button.secondary{background:#fff;color:#0b5fff;border:1px solid #0b5fff}.amount{font-size:1.5rem;font-weight:700}.error{color:#b00020}.test{font-size:.85rem;color:#4b5563}';

function formatAmount(amount: number): string {
  return `${new Intl.NumberFormat('fr-FR').format(amount).replace(/\u202f/g, ' ')} F CFA`;
}

function page(res: ServerResponse, link: SimulatedFeexLink, error?: string) {
  const expired = link.state === 'open' && Date.parse(link.expiresAt) < Date.now();
  const e = escapeHtml;
  let content: string;
  if (expired) {
    content = '<h1>Ce lien de paiement a expiré</h1><p>Retournez chez le marchand.</p>';
  } else if (link.state === 'abandoned') {
    content =
      '<h1>Authentification 3-D Secure</h1><p id="waiting">En attente de la confirmation de votre banque…</p>';
  } else if (link.state !== 'open') {
    content = `<h1>Paiement ${link.state === 'paid' ? 'effectué' : link.state === 'declined' ? 'refusé' : 'annulé'}</h1>`;
  } else {
    content = `<h1>Payer par carte</h1>
<p class="amount">${e(formatAmount(link.amount))}</p>
${link.description ? `<p>${e(link.description)}</p>` : ''}
<form class="card" method="post" action="/feexlink/${link.id}/pay">
${error ? `<p class="error" role="alert" id="card-error">${e(error)}</p>` : ''}
<label for="number">Numéro de carte</label>
<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required placeholder="4242 4242 4242 4242">
<div class="row"><div><label for="expiry">Expiration</label><input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM/AA" required></div>
<div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required></div></div>
<label for="name">Nom sur la carte</label>
<input id="name" name="name" autocomplete="cc-name">
<button id="card-pay" type="submit">Payer ${e(formatAmount(link.amount))}</button>
</form>
<form method="post" action="/feexlink/${link.id}/cancel"><button id="card-cancel" class="secondary" type="submit">Annuler</button></form>
<p class="test">Mode test (simulateur FeexPay) : 4242 4242 4242 4242 acceptée, 4000 0000 0000 0002 refusée, 4000 0000 0000 3220 jamais confirmée.</p>`;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>FeexPay · Paiement par carte</title><style>${STYLE}</style></head><body><main><p class="test">FeexPay · simulateur</p>${content}</main></body></html>`,
  );
}
