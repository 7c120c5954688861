/**
 * The page a redirect network (Wave, Orange, Moov CI) sends the customer to, as `payment_url`
 * (docs/feexpay-api.md §7.2): Approve or Decline, then back to the merchant's `return_url` with
 * `?ref=`.
 */
import type { ServerResponse } from 'node:http';
import type { SimulatedTransaction, TransactionBook } from './book.ts';
import type { Settle } from './feexpay-routes.ts';
import { escapeHtml } from './http.ts';
import { reseauOf } from './webhooks.ts';

const PAGE_PATH = /^\/pay\/([^/]+)(?:\/(approve|decline))?\/?$/;

/** Serves `GET /pay/{reference}` and `POST /pay/{reference}/{approve|decline}`; false otherwise. */
export function servePayPage(
  method: string,
  path: string,
  res: ServerResponse,
  book: TransactionBook,
  settle: Settle,
): boolean {
  const match = PAGE_PATH.exec(path);
  const tx = match?.[1] ? book.find(match[1]) : undefined;
  if (!match || !tx) return false;
  const action = match[2];
  if (method === 'GET' && !action) {
    page(res, tx);
    return true;
  }
  if (method === 'POST' && action) {
    if (action === 'approve') settle(tx, 'SUCCESSFUL');
    else settle(tx, 'FAILED', 'CANCELLED_BY_CUSTOMER');
    if (tx.returnUrl) {
      const back = new URL(tx.returnUrl);
      back.searchParams.set('ref', tx.reference);
      res.writeHead(303, { location: back.toString() });
      res.end();
    } else {
      page(res, tx);
    }
    return true;
  }
  return false;
}

function page(res: ServerResponse, tx: SimulatedTransaction) {
  const actions =
    tx.status === 'PENDING'
      ? `<form method="post" action="/pay/${tx.reference}/approve"><button>Approve</button></form>
<form method="post" action="/pay/${tx.reference}/decline"><button>Decline</button></form>`
      : `<p>This payment is ${tx.status}.</p>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>FeexPay simulator</title></head><body>
<h1>FeexPay simulator: ${escapeHtml(reseauOf(tx.segment))}</h1>
<p>${tx.amount} for ${escapeHtml(tx.description || 'a payment')} (reference ${tx.reference}).</p>
${actions}</body></html>`);
}
