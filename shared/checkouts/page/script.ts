/**
 * The hosted checkout page's script: plain DOM, no framework, no imports. render.ts inlines it in
 * the page as `(runCheckoutPage)(normalizePhone)`, from each function's own source text (minified
 * with the Lambda bundle), so everything it uses is inside it or a browser global; it starts from
 * the state the server inlined (state.ts). It:
 *
 * - shows the networks of the chosen country, the OTP field where the network needs a code made
 *   before paying (Orange BF), and checks the number as the customer typed it (the same
 *   `normalizePhone` as the server);
 * - pays (POST <checkout>/pay, a new Idempotency-Key per distinct request, the same one when the
 *   first got no answer), then follows the attempt live (GET <checkout>/public, every 2 s, up to
 *   every 5 s) until the checkout is PAID, the attempt failed, or the checkout closed;
 * - on two-step OTP networks (Coris), asks for the code FeexPay sent once the attempt says
 *   `awaitingOtp`, and sends it (POST <checkout>/otp, keyed as the pay request);
 * - moves between the screens the server rendered (pay, code, waiting, failed, paid, expired,
 *   canceled),
 *   moving focus to each screen's heading so screen readers announce it;
 * - sends the customer back to the merchant with `checkout` and `status` in the query;
 * - for a card (FeexLink), goes to FeexPay's card page as soon as the attempt has one, and on the
 *   way back passes FeexPay's `?ref=` to the public route once, which confirms it at once.
 */
import type { PageCountry, PageNetwork, PageState } from './state.ts';

type NormalizePhone = (
  input: string,
  country: { dialCode: string; nationalNumberLength: number },
) => string | undefined;

/** What the public route and the pay route answer (the parts the page reads). */
type Checkout = PageState['checkout'];
type Attempt = NonNullable<Checkout['attempt']>;
type Problem = { code?: string; errors?: { field: string; message: string }[] };

export function runCheckoutPage(normalizePhone: NormalizePhone): void {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
  const need = <T extends HTMLElement>(id: string) => byId<T>(id) as T;
  const state = JSON.parse(need('state').textContent || '{}') as PageState;
  const t = state.messages;
  const fill = (text: string, values: Record<string, string>) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

  const main = need('app');
  const form = need<HTMLFormElement>('pay');
  const countrySelect = byId<HTMLSelectElement>('country');
  const phone = need<HTMLInputElement>('phone');
  const otp = need<HTMLInputElement>('otp');
  const payButton = need<HTMLButtonElement>('pay-button');
  const payLabel = payButton.textContent || '';
  const codeForm = need<HTMLFormElement>('code-form');
  const code = need<HTMLInputElement>('code');
  const codeButton = need<HTMLButtonElement>('code-button');
  const codeLabel = codeButton.textContent || '';
  /** Screens that follow a live attempt (polling while they show). */
  const live = (screen: string | undefined) => screen === 'waiting' || screen === 'code';

  let checkout: Checkout = state.checkout;
  /** The attempt whose failure the customer has seen and left ("use another number"). */
  let dismissed = '';
  /** The key of a request that got no answer: the same request repeats it (no double charge). */
  let unanswered: { body: string; key: string } | undefined;
  let unansweredCode: { body: string; key: string } | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let pollDelay = 2000;
  let asking = false;
  /** FeexPay's reference from the card page's return URL, passed on by the first refresh. */
  let cardRef = new URLSearchParams(location.search).get('ref') || '';
  if (cardRef) {
    const url = new URL(location.href);
    url.searchParams.delete('ref');
    history.replaceState(null, '', url.toString());
  }

  function country(): PageCountry {
    const iso = countrySelect ? countrySelect.value : '';
    return state.countries.find((c) => c.iso === iso) || (state.countries[0] as PageCountry);
  }

  function network(): PageNetwork | undefined {
    const checked = form.querySelector<HTMLInputElement>('input[name="network"]:checked');
    return country().networks.find((n) => n.id === checked?.value);
  }

  /** Only the chosen country's networks; the first is chosen when the choice is not among them. */
  function onCountry(): void {
    const iso = country().iso;
    let chosen = false;
    for (const option of Array.from(form.querySelectorAll<HTMLElement>('[data-country]'))) {
      const input = option.querySelector('input') as HTMLInputElement;
      option.hidden = option.dataset.country !== iso;
      if (option.hidden) input.checked = false;
      chosen = chosen || input.checked;
    }
    if (!chosen) {
      const first = form.querySelector<HTMLInputElement>(`[data-country="${iso}"] input`);
      if (first) first.checked = true;
    }
    need('phone-hint').textContent = fill(t.phoneHint, {
      example: `+${country().dialCode} ${country().example}`,
    });
    onNetwork();
  }

  function onNetwork(): void {
    const chosen = network();
    const needsCode = chosen?.flow === 'otp';
    need('otp-field').hidden = !needsCode;
    otp.required = needsCode;
    // The hint says how the code comes: made first (otp), or sent once the payment starts.
    const hint = need('otp-hint');
    hint.textContent = chosen?.otpHint || '';
    hint.hidden = !chosen?.otpHint;
  }

  function fieldError(name: 'phone' | 'otp' | 'form' | 'code', message: string): void {
    const box = need(`${name}-error`);
    box.textContent = message;
    box.hidden = !message;
    const input = byId(name);
    if (input && name !== 'form') input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  /** The number typed, kept in this tab while the customer is on the card page. */
  function remember(value?: string): string {
    const key = `phone:${checkout.id}`;
    try {
      if (value !== undefined) sessionStorage.setItem(key, value);
      return sessionStorage.getItem(key) || '';
    } catch {
      return ''; // storage refused (private mode): the customer types it again
    }
  }

  function newKey(): string {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function backUrl(status: string): string {
    if (!state.returnUrl) return '';
    const url = new URL(state.returnUrl);
    url.searchParams.set('checkout', checkout.id);
    url.searchParams.set('status', status);
    return url.toString();
  }

  /** Shows one screen; its heading takes the focus when the screen changed. */
  function show(screen: string): void {
    if (main.dataset.screen === screen) return;
    main.dataset.screen = screen;
    for (const section of Array.from(main.querySelectorAll<HTMLElement>('[data-screen-of]'))) {
      section.hidden = section.dataset.screenOf !== screen;
    }
    if (!live(screen)) stopPolling();
    const heading = main.querySelector<HTMLElement>(`[data-screen-of="${screen}"] h1`);
    heading?.focus();
  }

  /** The screen the checkout (and its latest attempt) calls for. */
  function screenFor(attempt: Attempt | undefined): string {
    if (checkout.status !== 'OPEN') return checkout.status.toLowerCase();
    if (attempt?.status === 'PENDING') return attempt.awaitingOtp ? 'code' : 'waiting';
    // A success the checkout has not recorded yet: it is about to be PAID.
    if (attempt?.status === 'SUCCESSFUL') return 'waiting';
    if (attempt && attempt.id !== dismissed) return 'failed';
    return 'pay';
  }

  function render(): void {
    const attempt: Attempt | undefined = checkout.attempt;
    for (const link of Array.from(main.querySelectorAll<HTMLAnchorElement>('a.back'))) {
      const href = backUrl(checkout.status);
      link.hidden = !href;
      link.href = href;
    }
    const screen = screenFor(attempt);
    const name = attempt
      ? country().networks.find((n) => n.id === attempt.network)?.name || attempt.network
      : '';
    const card = attempt?.network === 'card';
    need('other-number').textContent = card ? t.otherMethod : t.otherNumber;
    need('waiting-title').textContent = card ? t.cardWaitingTitle : t.waitingTitle;
    if (screen === 'code' && attempt) {
      need('code-body').textContent = fill(t.codeBody, {
        amount: state.amount,
        phone: attempt.phoneNumber,
        network: name,
      });
    }
    if (screen === 'waiting' && attempt) {
      need('waiting-body').textContent = fill(card ? t.cardWaitingBody : t.waitingBody, {
        amount: state.amount,
        phone: attempt.phoneNumber,
        network: name,
      });
      const redirect = need<HTMLAnchorElement>('redirect');
      redirect.hidden = !attempt.paymentUrl;
      need('redirect-note').hidden = !attempt.paymentUrl || card;
      if (attempt.paymentUrl) {
        redirect.href = attempt.paymentUrl;
        redirect.textContent = card ? t.openCard : fill(t.openRedirect, { network: name });
        need('redirect-note').textContent = fill(t.waitingRedirect, { network: name });
      }
    }
    if (screen === 'failed' && attempt) {
      const code = attempt.failureCode || 'unknown';
      need('failure').textContent = state.failures[code] || state.failures.unknown;
    }
    show(screen);
    if (live(screen) && !pollTimer && !asking) poll();
  }

  async function refresh(): Promise<void> {
    const query = cardRef ? `?ref=${encodeURIComponent(cardRef)}` : '';
    const response = await fetch(`${state.checkoutPath}/public${query}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
    if (query) cardRef = '';
    if (response.ok) {
      checkout = (await response.json()) as Checkout;
      render();
    }
  }

  function stopPolling(): void {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  /** Asks every `pollDelay` (growing to 5 s) while the waiting screen shows. */
  function poll(): void {
    stopPolling();
    pollTimer = setTimeout(async () => {
      pollTimer = undefined;
      asking = true;
      try {
        await refresh();
      } catch {
        // Offline for a moment: the next round asks again.
      } finally {
        asking = false;
      }
      if (live(main.dataset.screen)) {
        pollDelay = Math.min(5000, Math.round(pollDelay * 1.25));
        poll();
      }
    }, pollDelay);
  }

  function problem(status: number, body: Problem): void {
    if (status === 400 && body.errors?.length) {
      for (const issue of body.errors) {
        if (issue.field === 'phoneNumber') {
          const c = country();
          fieldError(
            'phone',
            fill(t.phoneInvalid, {
              country: c.name,
              digits: String(c.nationalNumberLength),
              dialCode: c.dialCode,
            }),
          );
        } else if (issue.field === 'otp') fieldError('otp', t.otpInvalid);
        else fieldError('form', t.error);
      }
      return;
    }
    if (status === 409 && body.code === 'attempt_in_progress') {
      fieldError('form', t.busy);
      void refresh();
      return;
    }
    if (status === 409 || status === 404) {
      void refresh();
      return;
    }
    if (status === 429) fieldError('form', t.tooMany);
    else if (body.code === 'provider_unavailable') {
      need('failure').textContent = state.failures.provider_unavailable;
      show('failed');
    } else fieldError('form', t.error);
  }

  async function pay(event?: Event): Promise<void> {
    event?.preventDefault();
    fieldError('phone', '');
    fieldError('otp', '');
    fieldError('form', '');
    const chosen = network();
    const where = country();
    let invalid: HTMLElement | undefined;
    if (!normalizePhone(phone.value, where)) {
      fieldError(
        'phone',
        fill(t.phoneInvalid, {
          country: where.name,
          digits: String(where.nationalNumberLength),
          dialCode: where.dialCode,
        }),
      );
      invalid = phone;
    }
    const code = otp.value.trim();
    if (chosen?.flow === 'otp' && !/^[0-9A-Za-z]{3,12}$/.test(code)) {
      fieldError('otp', t.otpInvalid);
      invalid ??= otp;
    }
    if (!chosen || invalid) {
      invalid?.focus();
      return;
    }
    const body = JSON.stringify({
      network: chosen.id,
      // A card payer's number may be of any country: sent with its country code.
      phoneNumber:
        (chosen.flow === 'card' && normalizePhone(phone.value, where)) || phone.value.trim(),
      ...(chosen.flow === 'otp' ? { otp: code } : {}),
    });
    if (unanswered?.body !== body) unanswered = { body, key: newKey() };
    payButton.disabled = true;
    payButton.textContent = t.sending;
    try {
      const response = await fetch(`${state.checkoutPath}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': unanswered.key },
        body,
      });
      const answer = (await response.json().catch(() => ({}))) as Attempt & Problem;
      unanswered = undefined;
      if (response.ok) {
        checkout = { ...checkout, attempt: answer };
        pollDelay = 2000;
        render();
        // A card: straight on to FeexPay's card page, which brings the customer back here.
        if (chosen.flow === 'card' && answer.status === 'PENDING' && answer.paymentUrl) {
          // Kept for the way back, should the customer then choose another method.
          remember(phone.value);
          location.assign(answer.paymentUrl);
        }
      } else {
        problem(response.status, answer);
      }
    } catch {
      fieldError('form', t.offline);
    } finally {
      payButton.disabled = false;
      payButton.textContent = payLabel;
    }
  }

  /** Sends the code FeexPay sent (two-step OTP networks) for the live attempt. */
  async function confirm(event: Event): Promise<void> {
    event.preventDefault();
    fieldError('code', '');
    const value = code.value.trim();
    if (!/^[0-9A-Za-z]{3,12}$/.test(value)) {
      fieldError('code', t.otpInvalid);
      code.focus();
      return;
    }
    const body = JSON.stringify({ otp: value });
    if (unansweredCode?.body !== body) unansweredCode = { body, key: newKey() };
    codeButton.disabled = true;
    codeButton.textContent = t.sending;
    try {
      const response = await fetch(`${state.checkoutPath}/otp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': unansweredCode.key },
        body,
      });
      const answer = (await response.json().catch(() => ({}))) as Attempt & Problem;
      unansweredCode = undefined;
      if (response.ok) {
        code.value = '';
        checkout = { ...checkout, attempt: answer };
        pollDelay = 2000;
        render();
        if (answer.status === 'SUCCESSFUL') void refresh();
      } else if (response.status === 400) {
        fieldError('code', t.otpInvalid);
        code.focus();
      } else if (response.status === 429) {
        fieldError('code', t.tooMany);
      } else if (response.status === 409 || response.status === 404) {
        void refresh();
      } else {
        fieldError('code', t.error);
      }
    } catch {
      fieldError('code', t.offline);
    } finally {
      codeButton.disabled = false;
      codeButton.textContent = codeLabel;
    }
  }

  form.addEventListener('submit', pay);
  codeForm.addEventListener('submit', confirm);
  countrySelect?.addEventListener('change', onCountry);
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name === 'network') onNetwork();
  });
  need('try-again').addEventListener('click', () => {
    dismissed = checkout.attempt?.id || '';
    otp.value = '';
    if (network()?.flow === 'otp') {
      show('pay');
      otp.focus();
    } else {
      show('pay');
      void pay();
    }
  });
  need('other-number').addEventListener('click', () => {
    const card = checkout.attempt?.network === 'card';
    dismissed = checkout.attempt?.id || '';
    otp.value = '';
    show('pay');
    if (card) {
      // "Another payment method": the number stays, the choice of method takes the focus.
      form.querySelector<HTMLInputElement>('input[name="network"]:checked')?.focus();
    } else {
      phone.value = '';
      phone.focus();
    }
  });

  const expiresAt = new Date(checkout.expiresAt);
  const sameDay = expiresAt.toDateString() === new Date().toDateString();
  need('valid-until').textContent = fill(t.validUntil, {
    time: new Intl.DateTimeFormat(state.locale, {
      ...(sameDay ? {} : { weekday: 'long' }),
      hour: '2-digit',
      minute: '2-digit',
    }).format(expiresAt),
  });
  // Once its time is up, ask: the page then shows the expired screen (or what the live attempt became).
  setTimeout(
    () => void refresh().catch(() => {}),
    Math.min(2 ** 31 - 1, Math.max(0, expiresAt.getTime() - Date.now() + 1000)),
  );

  if (!phone.value) phone.value = remember() || state.phone || '';
  onCountry();
  main.dataset.screen = main.dataset.screen || 'pay';
  render();
  // Back from the card page: ask now, with its reference, rather than at the next poll.
  if (cardRef) void refresh().catch(() => {});
  document.body.dataset.ready = 'true';
}
