/**
 * The local checkout page's script (bundled by esbuild when /demo/app.js is requested). Plain DOM
 * on top of the typed client, the way a merchant frontend would use it: catalog → form → initiate →
 * follow the status live → history. Runs in the browser only.
 */
import {
  createPaymentsClient,
  type Payment,
  PaymentsApiError,
  type ProviderCountry,
  type ProviderNetwork,
} from '../../client/src/index.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = $<HTMLFormElement>('checkout');
const countrySelect = $<HTMLSelectElement>('country');
const networkSelect = $<HTMLSelectElement>('network');
const phoneInput = $<HTMLInputElement>('phone');
const amountInput = $<HTMLInputElement>('amount');
const otpField = $<HTMLDivElement>('otp-field');
const otpInput = $<HTMLInputElement>('otp');
const payButton = $<HTMLButtonElement>('pay');
const cancelButton = $<HTMLButtonElement>('cancel');
const errorBox = $<HTMLParagraphElement>('error');

/** The demo user: kept per browser so the history survives a reload. */
function demoUser(): string {
  const stored = localStorage.getItem('feexpay-demo-user');
  if (stored) return stored;
  const user = `demo-${crypto.randomUUID().slice(0, 8)}`;
  localStorage.setItem('feexpay-demo-user', user);
  return user;
}

const user = new URLSearchParams(location.search).get('user') || demoUser();
$('user').textContent = user;

// A dev-only endpoint of the local stack mints the token; a real app gets it from its sign-in.
let token: Promise<string> | undefined;
async function getToken(): Promise<string> {
  token ??= fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: user }),
  })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`token: HTTP ${r.status}`))))
    .then((body: { token: string }) => body.token);
  return token;
}

const client = createPaymentsClient({ baseUrl: location.origin, getToken });

let countries: ProviderCountry[] = [];
let following: AbortController | undefined;

function selectedCountry(): ProviderCountry | undefined {
  return countries.find((c) => c.iso === countrySelect.value);
}

function selectedNetwork(): ProviderNetwork | undefined {
  return selectedCountry()?.networks.find((n) => n.id === networkSelect.value);
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}

function onCountryChange() {
  const country = selectedCountry();
  if (!country) return;
  networkSelect.replaceChildren(...country.networks.map((n) => option(n.id, n.name)));
  if (!phoneInput.value.startsWith(country.dialCode)) phoneInput.value = country.dialCode;
  $('phone-hint').textContent =
    `${country.dialCode} followed by ${country.nationalNumberLength} digits. Ending 00 succeeds, 01 is declined.`;
  onNetworkChange();
}

function onNetworkChange() {
  const network = selectedNetwork();
  const country = selectedCountry();
  if (!network || !country) return;
  amountInput.min = String(network.minAmount);
  amountInput.max = String(network.maxAmount);
  $('amount-hint').textContent =
    `${network.minAmount}–${network.maxAmount} ${country.currency}${network.feePercent === null ? '' : `, fee about ${network.feePercent}%`}.`;
  otpField.hidden = network.flow !== 'otp';
  $('otp-hint').textContent = network.otpHint?.en ?? '';
  $('flow-hint').textContent = {
    push: 'The customer approves a prompt on the phone.',
    redirect: 'The customer approves on a payment page.',
    otp: 'The customer gets a payment code first.',
    otp_confirm: 'The customer gets a payment code once the payment starts.',
  }[network.flow];
}

function showError(error: unknown) {
  if (error instanceof PaymentsApiError) {
    const fields = error.fields.map((f) => `${f.field}: ${f.message}`).join('\n');
    errorBox.textContent = `${error.detail || error.message}${fields ? `\n${fields}` : ''}`;
  } else {
    errorBox.textContent = error instanceof Error ? error.message : String(error);
  }
  errorBox.hidden = false;
}

function showPayment(payment: Payment) {
  $('result').hidden = false;
  $('payment-id').textContent = payment.id;
  const status = $('status');
  status.textContent = payment.status;
  status.dataset.status = payment.status;
  $('failure').hidden = !payment.failureReason;
  $('failure-reason').textContent = payment.failureReason ?? '';
  const link = $<HTMLAnchorElement>('payment-url');
  $('redirect').hidden = !(payment.paymentUrl && payment.status === 'PENDING');
  if (payment.paymentUrl) link.href = payment.paymentUrl;
}

async function refreshHistory() {
  const page = await client.history({ limit: 10 });
  $('history').replaceChildren(
    ...page.items.map((p) => {
      const item = document.createElement('li');
      item.dataset.status = p.status;
      item.textContent = `${p.createdAt.slice(0, 19).replace('T', ' ')}  ${p.network}  ${p.amount} ${p.currency}  ${p.phoneNumber}  ${p.status}${p.failureReason ? ` (${p.failureReason})` : ''}`;
      return item;
    }),
  );
}

async function pay(event: SubmitEvent) {
  event.preventDefault();
  const network = selectedNetwork();
  const country = selectedCountry();
  if (!network || !country) return;
  following?.abort();
  following = new AbortController();
  const { signal } = following;
  errorBox.hidden = true;
  payButton.disabled = true;
  try {
    const created = await client.initiate(
      {
        amount: Number(amountInput.value),
        currency: country.currency,
        network: network.id,
        phoneNumber: phoneInput.value.replace(/\D/g, ''),
        description: 'Local demo checkout',
        ...(network.flow === 'otp' && otpInput.value ? { otp: otpInput.value.trim() } : {}),
      },
      { signal },
    );
    showPayment(created);
    cancelButton.hidden = false;
    await refreshHistory();
    await client.waitForFinal(created.id, {
      signal,
      intervalMs: 500,
      maxIntervalMs: 3_000,
      onUpdate: showPayment,
    });
  } catch (error) {
    if (!signal.aborted) showError(error);
  } finally {
    cancelButton.hidden = true;
    payButton.disabled = false;
    await refreshHistory().catch(() => {});
  }
}

async function main() {
  try {
    countries = (await client.providers()).countries;
    countrySelect.replaceChildren(...countries.map((c) => option(c.iso, c.name)));
    countrySelect.addEventListener('change', onCountryChange);
    networkSelect.addEventListener('change', onNetworkChange);
    form.addEventListener('submit', pay);
    cancelButton.addEventListener('click', () => following?.abort());
    onCountryChange();
    payButton.disabled = false;
    document.body.dataset.ready = 'true';
    await refreshHistory();
  } catch (error) {
    showError(error);
  }
}

void main();
