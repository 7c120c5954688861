/**
 * The local frontend demo's script (bundled by esbuild when /demo/frontend.js is requested): a
 * merchant's frontend that starts payments for a signed-in customer (`initiate`). Plain DOM
 * on top of the typed client, the way a merchant frontend would use it: catalog → form → initiate →
 * the code of a two-step OTP network (Coris) → follow the status live → history. The payer's text
 * is French first, English on request; a FAILED payment shows the client's `failureMessage` for
 * its `failureCode`. Runs in the browser only.
 */
import {
  createPaymentsClient,
  failureMessage,
  type Locale,
  type Payment,
  PaymentsApiError,
  type ProviderCountry,
  type ProviderNetwork,
} from '../../client/src/index.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = $<HTMLFormElement>('checkout');
const langSelect = $<HTMLSelectElement>('lang');
const countrySelect = $<HTMLSelectElement>('country');
const networkSelect = $<HTMLSelectElement>('network');
const phoneInput = $<HTMLInputElement>('phone');
const amountInput = $<HTMLInputElement>('amount');
const otpField = $<HTMLDivElement>('otp-field');
const otpInput = $<HTMLInputElement>('otp');
const otpStep = $<HTMLFormElement>('otp-step');
const otpCode = $<HTMLInputElement>('otp-code');
const otpConfirm = $<HTMLButtonElement>('otp-confirm');
const payButton = $<HTMLButtonElement>('pay');
const cancelButton = $<HTMLButtonElement>('cancel');
const errorBox = $<HTMLParagraphElement>('error');

/** The page's own words, French first (the failure texts come from the client). */
const TEXT = {
  fr: {
    title: 'Paiement FeexPay',
    country: 'Pays',
    network: 'Réseau',
    phone: 'Numéro de téléphone',
    amount: 'Montant',
    otpLabel: 'Code de paiement',
    pay: 'Payer',
    payment: 'Paiement',
    confirm: 'Confirmer',
    failureCode: 'Code',
    openPage: 'Ouvrir la page de paiement pour valider ; cette page suit le paiement en direct.',
    stop: 'Arrêter le suivi',
    history: 'Vos paiements',
    push: 'Validez la demande qui s’affiche sur votre téléphone.',
    redirect: 'Vous validez le paiement sur une page de paiement.',
    otp: 'Obtenez d’abord un code de paiement.',
    otp_confirm: 'Vous recevrez un code de paiement une fois le paiement lancé.',
    card: 'Vous payez par carte sur la page de FeexPay (test : 4242 4242 4242 4242).',
    otpSent: (network: string) => `Saisissez le code de paiement que ${network} vous a envoyé.`,
    otpMissing: 'Saisissez le code reçu.',
    expired: 'Le paiement a expiré sans confirmation. Vous pouvez le relancer.',
    status: { PENDING: 'En attente', SUCCESSFUL: 'Réussi', FAILED: 'Échoué', EXPIRED: 'Expiré' },
  },
  en: {
    title: 'FeexPay checkout',
    country: 'Country',
    network: 'Network',
    phone: 'Phone number',
    amount: 'Amount',
    otpLabel: 'Payment code',
    pay: 'Pay',
    payment: 'Payment',
    confirm: 'Confirm',
    failureCode: 'Code',
    openPage: 'Open the payment page to approve it; this page follows the payment live.',
    stop: 'Stop following',
    history: 'Your payments',
    push: 'Approve the request that appears on your phone.',
    redirect: 'You approve the payment on a payment page.',
    otp: 'Get a payment code first.',
    otp_confirm: 'You will get a payment code once the payment has started.',
    card: 'You pay by card on FeexPay’s page (test: 4242 4242 4242 4242).',
    otpSent: (network: string) => `Enter the payment code ${network} sent you.`,
    otpMissing: 'Enter the code you received.',
    expired: 'The payment expired without a confirmation. You can start it again.',
    status: { PENDING: 'Pending', SUCCESSFUL: 'Successful', FAILED: 'Failed', EXPIRED: 'Expired' },
  },
} as const;

type Words = (typeof TEXT)[Locale];
type WordKey = { [K in keyof Words]: Words[K] extends string ? K : never }[keyof Words];

const params = new URLSearchParams(location.search);
let lang: Locale =
  (params.get('lang') ?? localStorage.getItem('feexpay-demo-lang')) === 'en' ? 'en' : 'fr';
const words = (): Words => TEXT[lang];

/** The demo user: kept per browser so the history survives a reload. */
function demoUser(): string {
  const stored = localStorage.getItem('feexpay-demo-user');
  if (stored) return stored;
  const user = `demo-${crypto.randomUUID().slice(0, 8)}`;
  localStorage.setItem('feexpay-demo-user', user);
  return user;
}

const user = params.get('user') || demoUser();
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
/** The payment on screen, re-drawn when the language changes. */
let shown: Payment | undefined;

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

/** Every fixed text in the page's language. */
function applyLanguage() {
  document.documentElement.lang = lang;
  langSelect.value = lang;
  for (const element of document.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = element.dataset.text as WordKey;
    element.textContent = words()[key];
  }
  onNetworkChange();
  if (shown) showPayment(shown);
}

function onCountryChange() {
  const country = selectedCountry();
  if (!country) return;
  networkSelect.replaceChildren(...country.networks.map((n) => option(n.id, n.name)));
  if (!phoneInput.value.startsWith(country.dialCode)) phoneInput.value = country.dialCode;
  $('phone-hint').textContent =
    `${country.dialCode} + ${country.nationalNumberLength} digits. Test mode: ending 00 succeeds, 01 fails.`;
  onNetworkChange();
}

function onNetworkChange() {
  const network = selectedNetwork();
  const country = selectedCountry();
  if (!network || !country) return;
  amountInput.min = String(network.minAmount);
  amountInput.max = String(network.maxAmount);
  $('amount-hint').textContent =
    `${network.minAmount}–${network.maxAmount} ${country.currency}${network.feePercent === null ? '' : ` (≈ ${network.feePercent} %)`}.`;
  otpField.hidden = network.flow !== 'otp';
  $('otp-hint').textContent = network.otpHint?.[lang] ?? '';
  $('flow-hint').textContent = words()[network.flow];
}

function showError(error: unknown) {
  if (error instanceof PaymentsApiError) {
    const fields = error.fields.map((f) => `${f.field}: ${f.message}`).join('\n');
    // FeexPay refused or was unavailable: the payer's text first, the developer's detail after.
    const forPayer = error.failureCode ? `${failureMessage(error.failureCode, lang)}\n` : '';
    errorBox.textContent = `${forPayer}${error.detail || error.message}${fields ? `\n${fields}` : ''}`;
  } else {
    errorBox.textContent = error instanceof Error ? error.message : String(error);
  }
  errorBox.hidden = false;
}

function showPayment(payment: Payment) {
  shown = payment;
  $('result').hidden = false;
  $('payment-id').textContent = payment.id;
  const status = $('status');
  status.textContent = words().status[payment.status];
  status.dataset.status = payment.status;
  const failed = payment.status === 'FAILED' || payment.status === 'EXPIRED';
  $('failure').hidden = !failed;
  $('failure-message').textContent =
    payment.status === 'EXPIRED' ? words().expired : failureMessage(payment.failureCode, lang);
  $('failure-code').textContent = payment.failureCode ?? payment.status;
  $('failure-reason').textContent = payment.failureReason ?? '—';
  const link = $<HTMLAnchorElement>('payment-url');
  $('redirect').hidden = !(payment.paymentUrl && payment.status === 'PENDING');
  if (payment.paymentUrl) link.href = payment.paymentUrl;
  otpStep.hidden = !(payment.awaitingOtp && payment.status === 'PENDING');
  const network = countries.flatMap((c) => c.networks).find((n) => n.id === payment.network);
  $('otp-step-label').textContent = words().otpSent(network?.name ?? payment.network);
}

async function refreshHistory() {
  const page = await client.history({ limit: 10 });
  $('history').replaceChildren(
    ...page.items.map((p) => {
      const item = document.createElement('li');
      item.dataset.status = p.status;
      item.textContent = `${p.createdAt.slice(0, 19).replace('T', ' ')}  ${p.network}  ${p.amount} ${p.currency}  ${p.phoneNumber}  ${p.status}${p.failureCode ? ` (${p.failureCode})` : ''}`;
      return item;
    }),
  );
}

/**
 * Two-step OTP networks: waits for the payer's code and sends it (again, if FeexPay was
 * unavailable) until FeexPay has answered it. Resolves with the payment after that answer.
 */
function confirmCode(payment: Payment, signal: AbortSignal): Promise<Payment> {
  otpCode.value = '';
  return new Promise((resolve, reject) => {
    const stop = () => {
      otpStep.removeEventListener('submit', onSubmit);
      otpConfirm.disabled = false;
    };
    const onSubmit = async (event: SubmitEvent) => {
      event.preventDefault();
      const otp = otpCode.value.trim();
      if (!otp) return showError(new Error(words().otpMissing));
      errorBox.hidden = true;
      otpConfirm.disabled = true;
      try {
        const answered = await client.confirmOtp(payment.id, { otp }, { signal });
        stop();
        resolve(answered);
      } catch (error) {
        otpConfirm.disabled = false;
        if (signal.aborted) {
          stop();
          reject(error);
        } else {
          showError(error);
        }
      }
    };
    otpStep.addEventListener('submit', onSubmit);
    signal.addEventListener('abort', () => {
      stop();
      reject(signal.reason);
    });
    otpCode.focus();
  });
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
    let payment = await client.initiate(
      {
        amount: Number(amountInput.value),
        currency: country.currency,
        network: network.id,
        phoneNumber: phoneInput.value.replace(/\D/g, ''),
        description: 'Local demo checkout',
        ...(network.flow === 'otp' && otpInput.value ? { otp: otpInput.value.trim() } : {}),
        // FeexPay's card page sends the payer back here (docs/cards.md).
        ...(network.flow === 'card' ? { returnUrl: location.origin + location.pathname } : {}),
      },
      { signal },
    );
    showPayment(payment);
    cancelButton.hidden = false;
    await refreshHistory();
    if (payment.awaitingOtp) {
      payment = await confirmCode(payment, signal);
      showPayment(payment);
    }
    await client.waitForFinal(payment.id, {
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
    langSelect.addEventListener('change', () => {
      lang = langSelect.value === 'en' ? 'en' : 'fr';
      localStorage.setItem('feexpay-demo-lang', lang);
      applyLanguage();
    });
    countries = (await client.providers()).countries;
    countrySelect.replaceChildren(...countries.map((c) => option(c.iso, c.name)));
    countrySelect.addEventListener('change', onCountryChange);
    networkSelect.addEventListener('change', onNetworkChange);
    form.addEventListener('submit', pay);
    cancelButton.addEventListener('click', () => following?.abort());
    onCountryChange();
    applyLanguage();
    payButton.disabled = false;
    document.body.dataset.ready = 'true';
    await refreshHistory();
  } catch (error) {
    showError(error);
  }
}

void main();
