/**
 * The local demo's script (bundled by esbuild when /demo/app.js is requested): it plays a
 * merchant's server with the typed client, the way a merchant backend would use it: create a
 * checkout with the amount, send the customer to its `url` (the hosted page), and, once the page
 * sends them back (`?checkout=…&status=…`), read the checkout and list recent payments. A real
 * server keeps its merchant token to itself; this demo gets one from the local stack's dev-only
 * `POST /_local/token`. Runs in the browser only.
 */
import { createPaymentsClient, PaymentsApiError } from '../../client/src/index.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = $<HTMLFormElement>('create');
const openButton = $<HTMLButtonElement>('open');
const errorBox = $<HTMLParagraphElement>('error');

let token: Promise<string> | undefined;
async function merchantToken(): Promise<string> {
  token ??= fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'demo-shop-server', merchant: true }),
  })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`token: HTTP ${r.status}`))))
    .then((body: { token: string }) => body.token);
  return token;
}

const server = createPaymentsClient({ baseUrl: location.origin, getToken: merchantToken });

function showError(error: unknown) {
  if (error instanceof PaymentsApiError) {
    const fields = error.fields.map((f) => `${f.field}: ${f.message}`).join('\n');
    errorBox.textContent = `${error.detail || error.message}${fields ? `\n${fields}` : ''}`;
  } else {
    errorBox.textContent = error instanceof Error ? error.message : String(error);
  }
  errorBox.hidden = false;
}

async function create(event: SubmitEvent) {
  event.preventDefault();
  errorBox.hidden = true;
  openButton.disabled = true;
  try {
    const locale = $<HTMLSelectElement>('locale').value as '' | 'fr' | 'en';
    const checkout = await server.createCheckout({
      amount: Number($<HTMLInputElement>('amount').value),
      currency: $<HTMLSelectElement>('currency').value as 'XOF' | 'XAF',
      orderId: `demo-${crypto.randomUUID().slice(0, 8)}`,
      description: $<HTMLInputElement>('description').value || undefined,
      returnUrl: `${location.origin}/demo/`,
      ...(locale ? { locale } : {}),
    });
    location.assign(checkout.url);
  } catch (error) {
    showError(error);
    openButton.disabled = false;
  }
}

/** Back from the page: what the server reads before it fulfils. */
async function showReturn() {
  const id = new URLSearchParams(location.search).get('checkout');
  if (!id) return;
  const checkout = await server.checkout(id);
  $('returned').textContent =
    `Checkout ${checkout.id} for order ${checkout.orderId}: ${checkout.status}${checkout.paidPaymentId ? `, paid by ${checkout.paidPaymentId}` : ''}.`;
  $('returned').dataset.status = checkout.status;
}

async function showPayments() {
  const page = await server.payments({ limit: 10 });
  $('payments').replaceChildren(
    ...page.items.map((p) => {
      const item = document.createElement('li');
      item.dataset.status = p.status;
      item.textContent = `${p.createdAt.slice(0, 19).replace('T', ' ')}  ${p.orderId ?? '-'}  ${p.network}  ${p.amount} ${p.currency}  ${p.phoneNumber}  ${p.status}`;
      return item;
    }),
  );
}

async function main() {
  form.addEventListener('submit', create);
  openButton.disabled = false;
  document.body.dataset.ready = 'true';
  try {
    await Promise.all([showReturn(), showPayments()]);
  } catch (error) {
    showError(error);
  }
}

void main();
