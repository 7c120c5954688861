/**
 * The back office's script: plain DOM, no framework, no imports. page.ts inlines it as
 * `(runBackOffice)(boot)` from this function's own source text, so everything it uses is inside
 * it or a browser global. It:
 *
 * - keeps the operator's token in sessionStorage (pasted on the sign-in screen, or handed over in
 *   the URL's fragment `#token=…`, which never reaches a server, and removed from the address bar
 *   at once); a 401 or 403 brings the sign-in screen back with the reason;
 * - shows three screens by the fragment: `#/payments` (search, filters, list, CSV export),
 *   `#/payments/<id>` (the payment, its actions, its timeline) and `#/networks` (network health);
 * - writes every value as text (never as HTML);
 * - speaks French unless the browser prefers English, or the operator switched (remembered).
 */
import type { Lang, MESSAGES } from './messages.ts';

interface Boot {
  /** The API's base path, e.g. `/api/v1/payments/feexpay`. */
  base: string;
  messages: typeof MESSAGES;
}

type Json = Record<string, unknown>;
type Child = Node | string | null | undefined | false;

export function runBackOffice(boot: Boot): void {
  const app = document.getElementById('app') as HTMLElement;
  const dialog = document.getElementById('confirm') as HTMLDialogElement;
  const storage = window.sessionStorage;
  const TOKEN = 'backOfficeToken';
  const LANG = 'backOfficeLang';
  const STATUSES = ['PENDING', 'SUCCESSFUL', 'FAILED', 'EXPIRED'];
  const SEARCH_KINDS = ['', 'id', 'orderId', 'reference', 'phone'];
  const state: { networks: { id: string; name: string }[]; notice: string } = {
    networks: [],
    notice: '',
  };

  function pickLang(): Lang {
    const query = new URLSearchParams(window.location.search).get('lang');
    if (query === 'fr' || query === 'en') return query;
    const saved = window.localStorage.getItem(LANG);
    if (saved === 'fr' || saved === 'en') return saved;
    for (const tag of navigator.languages ?? []) {
      const primary = tag.slice(0, 2).toLowerCase();
      if (primary === 'fr' || primary === 'en') return primary;
    }
    return 'fr';
  }
  let lang: Lang = pickLang();

  function t(key: string, values: Record<string, unknown> = {}): string {
    const table = boot.messages[lang] as Record<string, string>;
    const text = table[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
  }

  function h(tag: string, attrs: Record<string, string | boolean> = {}, ...kids: Child[]) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false) continue;
      el.setAttribute(name, value === true ? '' : value);
    }
    for (const kid of kids) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(typeof kid === 'string' ? document.createTextNode(kid) : kid);
    }
    return el;
  }

  function money(amount: unknown, currency: unknown): string {
    const n = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(Number(amount));
    return `${n} ${currency === 'XOF' || currency === 'XAF' ? 'F CFA' : String(currency ?? '')}`;
  }

  function when(iso: unknown): string {
    if (typeof iso !== 'string' || !iso) return '—';
    return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'short',
      timeStyle: 'medium',
    }).format(new Date(iso));
  }

  function badge(status: unknown) {
    return h('span', { class: `badge s-${String(status).toLowerCase()}` }, t(String(status)));
  }

  function networkName(id: unknown): string {
    return state.networks.find((n) => n.id === id)?.name ?? String(id ?? '');
  }

  // --- token -----------------------------------------------------------------------------

  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const handed = fragment.get('token');
  if (handed) {
    storage.setItem(TOKEN, handed);
    history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#/payments`,
    );
  }

  function operatorOf(token: string | null): string {
    try {
      const payload = JSON.parse(
        atob((token ?? '').split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? ''),
      ) as Json;
      return String(payload.sub ?? '');
    } catch {
      return '';
    }
  }

  class ApiError extends Error {
    readonly status: number;
    readonly problem: Json;
    constructor(status: number, problem: Json) {
      super(String(problem.detail ?? problem.title ?? status));
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${boot.base}/${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${storage.getItem(TOKEN) ?? ''}`,
          'accept-language': lang,
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    } catch {
      throw new ApiError(0, { detail: t('offline') });
    }
    if (response.status === 401 || response.status === 403) {
      signIn(t(response.status === 401 ? 'unauthorized' : 'forbidden'));
      throw new ApiError(response.status, {});
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Json;
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  async function getJson(path: string): Promise<Json> {
    return (await (await api(path)).json()) as Json;
  }

  function problemText(error: unknown): string {
    if (!(error instanceof ApiError)) return t('offline');
    const fields = (error.problem.errors as { field: string; message: string }[] | undefined) ?? [];
    const extra = fields.map((f) => `${f.field}: ${f.message}`).join(' ');
    return [error.message, extra].filter(Boolean).join(' ');
  }

  // --- frame -----------------------------------------------------------------------------

  function frame(): void {
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) {
      el.textContent = t(el.dataset.t ?? '');
    }
    const who = document.getElementById('who') as HTMLElement;
    const token = storage.getItem(TOKEN);
    who.textContent = token ? t('signedInAs', { sub: operatorOf(token) }) : '';
    (document.getElementById('signout') as HTMLElement).hidden = !token;
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
      const current = window.location.hash.startsWith(link.getAttribute('href') ?? '#');
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  function show(...kids: Child[]): void {
    app.replaceChildren(...kids.filter((k): k is Node | string => Boolean(k)));
    frame();
    const heading = app.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }

  function noticeBox(): HTMLElement | null {
    if (!state.notice) return null;
    const box = h('p', { class: 'notice', role: 'status' }, state.notice);
    state.notice = '';
    return box;
  }

  function signIn(reason = ''): void {
    storage.removeItem(TOKEN);
    const field = h('textarea', {
      id: 'token',
      rows: '4',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
    }) as HTMLTextAreaElement;
    const form = h(
      'form',
      { class: 'card narrow' },
      h('h1', {}, t('signinTitle')),
      reason ? h('p', { class: 'error', role: 'alert' }, reason) : null,
      h('p', { class: 'hint' }, t('signinHelp')),
      h('label', { for: 'token' }, t('tokenLabel')),
      field,
      h('button', { class: 'button', type: 'submit' }, t('signIn')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      storage.setItem(TOKEN, field.value.trim());
      if (!window.location.hash.startsWith('#/')) window.location.hash = '#/payments';
      else route();
    });
    show(form);
  }

  // --- payments list -------------------------------------------------------------------------

  function listQuery(): URLSearchParams {
    const hash = window.location.hash;
    return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  }

  function input(name: string, label: string, type: string, value: string) {
    return h(
      'div',
      { class: 'field' },
      h('label', { for: `f-${name}` }, label),
      h('input', {
        id: `f-${name}`,
        name,
        type,
        value,
        inputmode: type === 'number' ? 'numeric' : false,
      }),
    );
  }

  function select(name: string, label: string, options: [string, string][], value: string) {
    return h(
      'div',
      { class: 'field' },
      h('label', { for: `f-${name}` }, label),
      h(
        'select',
        { id: `f-${name}`, name },
        ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      ),
    );
  }

  function paymentRows(items: Json[]): HTMLElement {
    if (items.length === 0) return h('p', { class: 'empty' }, t('none'));
    const head = [
      'colDate',
      'colAmount',
      'colNetwork',
      'colPhone',
      'colStatus',
      'colReference',
      'colOrder',
    ];
    return h(
      'table',
      { class: 'payments' },
      h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        {},
        ...items.map((p) =>
          h(
            'tr',
            {},
            h(
              'td',
              { 'data-label': t('colDate') },
              h('a', { href: `#/payments/${String(p.id)}` }, when(p.createdAt)),
              Array.isArray(p.matchedBy)
                ? h(
                    'small',
                    { class: 'matched' },
                    t('matchedBy', {
                      by: (p.matchedBy as string[])
                        .map((k) => t(`by${k.charAt(0).toUpperCase()}${k.slice(1)}`))
                        .join(', '),
                    }),
                  )
                : null,
            ),
            h('td', { 'data-label': t('colAmount'), class: 'num' }, money(p.amount, p.currency)),
            h('td', { 'data-label': t('colNetwork') }, networkName(p.network)),
            h('td', { 'data-label': t('colPhone') }, String(p.phoneNumber ?? '')),
            h('td', { 'data-label': t('colStatus') }, badge(p.status)),
            h('td', { 'data-label': t('colReference'), class: 'mono' }, String(p.reference ?? '—')),
            h('td', { 'data-label': t('colOrder') }, String(p.orderId ?? '—')),
          ),
        ),
      ),
    );
  }

  async function paymentsScreen(): Promise<void> {
    const query = listQuery();
    const q = query.get('q') ?? '';
    const search = h(
      'form',
      { class: 'card search', role: 'search' },
      h('label', { for: 'f-q' }, t('searchLabel')),
      h(
        'div',
        { class: 'row' },
        h('input', {
          id: 'f-q',
          name: 'q',
          type: 'search',
          value: q,
          'aria-describedby': 'q-hint',
        }),
        select(
          'by',
          t('searchBy'),
          SEARCH_KINDS.map((k) => [
            k,
            t(k ? `by${k.charAt(0).toUpperCase()}${k.slice(1)}` : 'byAny'),
          ]),
          query.get('by') ?? '',
        ),
        h('button', { class: 'button', type: 'submit' }, t('searchButton')),
      ),
      h('p', { class: 'hint', id: 'q-hint' }, t('searchHint')),
    );
    search.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(search as HTMLFormElement);
      const next = new URLSearchParams();
      for (const [k, v] of data) if (String(v).trim()) next.set(k, String(v).trim());
      window.location.hash = `#/payments?${next}`;
    });
    const filtered = ['status', 'network', 'from', 'to', 'minAmount', 'maxAmount'].some((k) =>
      query.get(k),
    );
    // Open on a laptop, or when a filter is set; folded on a phone, so the list shows first.
    const unfold = filtered || window.matchMedia('(min-width: 40rem)').matches;
    const filters = h(
      'form',
      { class: 'card filters' },
      h(
        'div',
        { class: 'grid' },
        select(
          'status',
          t('status'),
          [['', t('anyStatus')], ...STATUSES.map((s): [string, string] => [s, t(s)])],
          query.get('status') ?? '',
        ),
        select(
          'network',
          t('network'),
          [['', t('anyNetwork')], ...state.networks.map((n): [string, string] => [n.id, n.name])],
          query.get('network') ?? '',
        ),
        input('from', t('from'), 'date', query.get('from') ?? ''),
        input('to', t('to'), 'date', query.get('to') ?? ''),
        input('minAmount', t('minAmount'), 'number', query.get('minAmount') ?? ''),
        input('maxAmount', t('maxAmount'), 'number', query.get('maxAmount') ?? ''),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { class: 'button', type: 'submit' }, t('apply')),
        h('button', { class: 'button secondary', type: 'button', id: 'export' }, t('exportCsv')),
      ),
    );
    const filterParams = (): URLSearchParams => {
      const data = new FormData(filters as HTMLFormElement);
      const next = new URLSearchParams();
      for (const [k, v] of data) if (String(v).trim()) next.set(k, String(v).trim());
      return next;
    };
    /** Dates typed as days become the day's start and end, UTC. */
    const apiFilters = (params: URLSearchParams): URLSearchParams => {
      const out = new URLSearchParams(params);
      const from = out.get('from');
      const to = out.get('to');
      if (from) out.set('from', `${from}T00:00:00.000Z`);
      if (to) out.set('to', `${to}T23:59:59.999Z`);
      out.delete('q');
      out.delete('by');
      return out;
    };
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      window.location.hash = `#/payments?${filterParams()}`;
    });
    const status = h('p', { class: 'hint', role: 'status' });
    filters.querySelector('#export')?.addEventListener('click', async () => {
      try {
        const response = await api(`admin/export?${apiFilters(filterParams())}`);
        const blob = await response.blob();
        const link = h('a', {
          href: URL.createObjectURL(blob),
          download:
            /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
            'payments.csv',
        }) as HTMLAnchorElement;
        link.click();
        URL.revokeObjectURL(link.href);
        const rows = response.headers.get('x-export-rows') ?? '0';
        status.textContent =
          response.headers.get('x-export-truncated') === 'true'
            ? t('exportTruncated', { n: rows })
            : t('exported', { n: rows });
      } catch (error) {
        status.textContent = problemText(error);
      }
    });
    const results = h('section', { class: 'results', 'aria-live': 'polite' }, t('loading'));
    show(
      h('h1', { class: 'visually-hidden' }, t('navPayments')),
      noticeBox(),
      search,
      h('details', { class: 'card fold', open: unfold }, h('summary', {}, t('filters')), filters),
      status,
      results,
    );
    try {
      if (q) {
        const by = query.get('by');
        const found = await getJson(
          `admin/search?${new URLSearchParams({ q, ...(by ? { by } : {}) })}`,
        );
        const items = found.items as Json[];
        const clear = h('a', { href: '#/payments' }, t('clearSearch'));
        results.replaceChildren(
          h('p', { class: 'count' }, t('results', { n: items.length }), ' · ', clear),
          found.phoneSearch === false ? h('p', { class: 'error' }, t('phoneOff')) : '',
          paymentRows(items),
        );
        return;
      }
      const params = apiFilters(query);
      const first = await getJson(`admin/payments?${params}`);
      const items = [...(first.items as Json[])];
      const render = (cursor: unknown) => {
        const more = cursor
          ? h('button', { class: 'button secondary', type: 'button' }, t('more'))
          : null;
        more?.addEventListener('click', async () => {
          params.set('cursor', String(cursor));
          const page = await getJson(`admin/payments?${params}`);
          items.push(...(page.items as Json[]));
          render(page.nextCursor);
        });
        results.replaceChildren(paymentRows(items), more ?? '');
      };
      render(first.nextCursor);
    } catch (error) {
      results.replaceChildren(h('p', { class: 'error', role: 'alert' }, problemText(error)));
    }
  }

  // --- one payment -------------------------------------------------------------------------

  function entryText(e: Json): string {
    const values = {
      ...e,
      from: e.from ? t(String(e.from)) : '',
      to: e.to ? t(String(e.to)) : '',
      claimedStatus: e.claimedStatus ? t(String(e.claimedStatus)) : '',
      action: e.action ? t(`act_${String(e.action)}`) : '',
      amount: e.amount !== undefined ? money(e.amount, e.currency) : '',
    };
    const key =
      e.kind === 'checkout' && e.type === 'status_changed'
        ? 'ev_checkout_status_changed'
        : `ev_${String(e.type)}`;
    return t(key, values);
  }

  function entryDetails(e: Json): string {
    const parts: string[] = [];
    if (e.source) parts.push(t(`src_${String(e.source)}`));
    if (e.operator) parts.push(t('by', { who: e.operator }));
    if (e.reason) parts.push(String(e.reason));
    if (e.state) parts.push(t('webhookState', { state: t(`ws_${String(e.state)}`) }));
    if (e.outcome) parts.push(String(e.outcome));
    if (e.httpStatus !== undefined) parts.push(`HTTP ${String(e.httpStatus)}`);
    if (e.error) parts.push(String(e.error));
    if (e.webhookId) parts.push(String(e.webhookId));
    if (e.failureCode) parts.push(String(e.failureCode));
    if (e.refundId && e.kind !== 'refund') parts.push(String(e.refundId));
    return parts.join(' · ');
  }

  function confirmAction(message: string): Promise<boolean> {
    (dialog.querySelector('p') as HTMLElement).textContent = message;
    (dialog.querySelector('[value=yes]') as HTMLElement).textContent = t('confirm');
    (dialog.querySelector('[value=no]') as HTMLElement).textContent = t('dismiss');
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    });
  }

  /**
   * The refund form: amount (empty: all that remains) and the reason, then a confirmation naming
   * both. One Idempotency-Key per confirmed refund, kept while the same refund is sent again
   * after an error, so a lost answer never refunds twice.
   */
  function refundForm(id: string, p: Json, max: number, result: HTMLElement) {
    if (max <= 0) return null;
    const amount = input(
      'refund-amount',
      t('refundAmount', { max: money(max, p.currency) }),
      'number',
      '',
    );
    const reason = input('refund-reason', t('refundReason'), 'text', '');
    const amountInput = amount.querySelector('input') as HTMLInputElement;
    const reasonInput = reason.querySelector('input') as HTMLInputElement;
    amountInput.min = '1';
    amountInput.max = String(max);
    reasonInput.maxLength = 200;
    const button = h(
      'button',
      { class: 'button', type: 'button' },
      t('refund'),
    ) as HTMLButtonElement;
    let pending: { key: string; sent: string } | undefined;
    button.addEventListener('click', async () => {
      const why = reasonInput.value.trim();
      const value = amountInput.value.trim();
      const sum = value === '' ? max : Number(value);
      if (!why) {
        result.textContent = t('refundReasonMissing');
        reasonInput.focus();
        return;
      }
      if (!Number.isInteger(sum) || sum < 1 || sum > max) {
        result.textContent = t('refundAmountWrong', { max });
        amountInput.focus();
        return;
      }
      result.textContent = '';
      const message = t('confirmRefund', {
        amount: money(sum, p.currency),
        phone: p.phoneNumber,
        id,
        reason: why,
      });
      if (!(await confirmAction(message))) return;
      const body = JSON.stringify({ ...(value === '' ? {} : { amount: sum }), reason: why });
      if (pending?.sent !== body) pending = { key: crypto.randomUUID(), sent: body };
      button.disabled = true;
      try {
        const response = await api(`admin/payments/${encodeURIComponent(id)}/refunds`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': pending.key },
          body,
        });
        const refund = (await response.json()) as Json;
        pending = undefined;
        state.notice = t('refunded', {
          id: refund.id,
          amount: money(refund.amount, refund.currency),
          status: t(String(refund.status)),
        });
        await paymentScreen(id);
      } catch (error) {
        result.textContent = problemText(error);
        button.disabled = false;
      }
    });
    return h(
      'div',
      { class: 'refund' },
      h('h3', {}, t('refundTitle')),
      h('div', { class: 'row' }, amount, reason, button),
    );
  }

  async function paymentScreen(id: string): Promise<void> {
    show(h('p', {}, t('loading')));
    let view: Json;
    try {
      view = await getJson(`admin/payments/${encodeURIComponent(id)}`);
    } catch (error) {
      show(
        h('a', { href: '#/payments', class: 'back' }, t('back')),
        h('p', { class: 'error', role: 'alert' }, problemText(error)),
      );
      return;
    }
    const p = view.payment as Json;
    const checkout = view.checkout as Json | undefined;
    const can = view.actions as {
      resendNotification: boolean;
      cancelCheckout: boolean;
      refundable?: number;
      refundNotSupported?: Record<Lang, string>;
    };
    const row = (key: string, value: Child) =>
      value ? [h('dt', {}, t(key)), h('dd', {}, value)] : [];
    const facts = h(
      'dl',
      { class: 'facts' },
      ...row('fieldStatus', badge(p.status)),
      ...row('fieldAmount', money(p.amount, p.currency)),
      ...row('fieldNetwork', networkName(p.network)),
      ...row('fieldPhone', String(p.phoneNumber ?? '')),
      ...row('fieldReference', p.reference ? String(p.reference) : ''),
      ...row('fieldOrder', p.orderId ? String(p.orderId) : ''),
      ...row(
        'fieldCheckout',
        checkout ? `${String(checkout.id)} (${t(String(checkout.status))})` : '',
      ),
      ...row('fieldCustomer', String(p.ownerId ?? '')),
      ...row('fieldRefunded', p.amountRefunded ? money(p.amountRefunded, p.currency) : ''),
      ...row('fieldCreated', when(p.createdAt)),
      ...row('fieldUpdated', when(p.updatedAt)),
      ...row('fieldFailure', p.failureReason ? String(p.failureReason) : ''),
      ...row(
        'fieldRetryOf',
        p.retryOf ? h('a', { href: `#/payments/${String(p.retryOf)}` }, String(p.retryOf)) : '',
      ),
    );
    const result = h('p', { role: 'status', class: 'hint' });
    const act = (label: string, message: string, run: () => Promise<string>) => {
      const button = h('button', { class: 'button', type: 'button' }, label) as HTMLButtonElement;
      button.addEventListener('click', async () => {
        if (!(await confirmAction(message))) return;
        button.disabled = true;
        try {
          state.notice = await run();
          await paymentScreen(id);
        } catch (error) {
          result.textContent = problemText(error);
          button.disabled = false;
        }
      });
      return button;
    };
    const buttons: HTMLElement[] = [];
    if (can.resendNotification) {
      buttons.push(
        act(t('resend'), t('confirmResend', { status: t(String(p.status)) }), async () => {
          const response = await api(`admin/payments/${encodeURIComponent(id)}/resend`, {
            method: 'POST',
          });
          const body = (await response.json()) as Json;
          return t('resent', { type: body.type });
        }),
      );
    }
    if (can.cancelCheckout && checkout) {
      buttons.push(
        act(t('cancelCheckout'), t('confirmCancel', { id: checkout.id }), async () => {
          await api(`admin/checkouts/${encodeURIComponent(String(checkout.id))}/cancel`, {
            method: 'POST',
          });
          return t('canceled');
        }),
      );
    }
    const refund = refundForm(id, p, can.refundable ?? 0, result);
    const refundNote = can.refundNotSupported
      ? h('p', { class: 'hint' }, t('refundCard', { how: can.refundNotSupported[lang] }))
      : null;
    const timeline = (view.timeline as Json[]).map((e) =>
      h(
        'li',
        { class: `k-${String(e.kind)}` },
        h('time', { datetime: String(e.at) }, when(e.at)),
        h('strong', {}, entryText(e)),
        h('span', { class: 'details' }, entryDetails(e)),
      ),
    );
    show(
      h('a', { href: '#/payments', class: 'back' }, t('back')),
      h('h1', { class: 'mono-title' }, t('paymentTitle', { id })),
      noticeBox(),
      h('section', { class: 'card' }, facts),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('actions')),
        buttons.length
          ? h('div', { class: 'row' }, ...buttons)
          : refund || refundNote
            ? null
            : h('p', { class: 'hint' }, t('noActions')),
        refund,
        refundNote,
        result,
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('timeline')),
        h('ol', { class: 'timeline' }, ...timeline),
      ),
    );
  }

  // --- network health ----------------------------------------------------------------------

  function percent(rate: unknown): string {
    return typeof rate === 'number' ? `${Math.round(rate * 100)} %` : '—';
  }

  function seconds(value: unknown): string {
    if (typeof value !== 'number') return '—';
    const n = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      maximumFractionDigits: 1,
    }).format(value);
    return t('seconds', { n });
  }

  function chart(days: { day: string; count: number }[]): SVGElement {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    // As wide as the card, so its text stays readable on a phone.
    const width = Math.min(700, Math.max(300, app.clientWidth - 48));
    const height = 220;
    const max = Math.max(1, ...days.map((d) => d.count));
    const step = width / Math.max(1, days.length);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', t('chartTitle'));
    const add = (tag: string, attrs: Record<string, string | number>, text?: string) => {
      const el = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
      if (text !== undefined) el.textContent = text;
      svg.append(el);
      return el;
    };
    add('line', { x1: 0, y1: height - 30, x2: width, y2: height - 30, class: 'axis' });
    days.forEach((d, i) => {
      const barHeight = Math.round(((height - 60) * d.count) / max);
      const x = i * step + step * 0.15;
      add('rect', {
        x,
        y: height - 30 - barHeight,
        width: step * 0.7,
        height: barHeight,
        class: 'bar',
      });
      add(
        'text',
        { x: x + step * 0.35, y: height - 36 - barHeight, class: 'value' },
        String(d.count),
      );
      add('text', { x: x + step * 0.35, y: height - 10, class: 'label' }, d.day.slice(8, 10));
    });
    return svg;
  }

  async function networksScreen(): Promise<void> {
    show(h('h1', {}, t('networksTitle')), h('p', {}, t('loading')));
    let health: Json;
    try {
      health = await getJson('admin/networks');
    } catch (error) {
      show(h('h1', {}, t('networksTitle')), h('p', { class: 'error' }, problemText(error)));
      return;
    }
    if (!health.computedAt) {
      show(h('h1', {}, t('networksTitle')), h('p', { class: 'hint' }, t('notYet')));
      return;
    }
    const all = health.networks as Json[];
    const quiet = all.filter((n) => !(n.day as Json).started).map((n) => networkName(n.network));
    const rows = all
      .filter((n) => (n.day as Json).started)
      .map((n) => {
        const hour = n.hour as Json;
        const day = n.day as Json;
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, networkName(n.network)),
          h(
            'td',
            { 'data-label': `${t('hourShort')} · ${t('successRate')}`, class: 'num' },
            percent(hour.successRate),
          ),
          h(
            'td',
            { 'data-label': `${t('hourShort')} · ${t('median')}`, class: 'num' },
            seconds(hour.medianSecondsToSuccess),
          ),
          h(
            'td',
            { 'data-label': `${t('hourShort')} · ${t('started')}`, class: 'num' },
            String(hour.started),
          ),
          h(
            'td',
            { 'data-label': `${t('dayShort')} · ${t('successRate')}`, class: 'num' },
            percent(day.successRate),
          ),
          h(
            'td',
            { 'data-label': `${t('dayShort')} · ${t('median')}`, class: 'num' },
            seconds(day.medianSecondsToSuccess),
          ),
          h(
            'td',
            { 'data-label': `${t('dayShort')} · ${t('started')}`, class: 'num' },
            String(day.started),
          ),
        );
      });
    show(
      h('h1', {}, t('networksTitle')),
      h(
        'p',
        { class: 'hint' },
        t('networksHelp'),
        ' ',
        t('computedAt', { t: when(health.computedAt) }),
      ),
      health.sampled ? h('p', { class: 'hint' }, t('sampled')) : null,
      h(
        'section',
        { class: 'card' },
        h(
          'table',
          { class: 'health' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('td', {}),
              h('th', { colspan: '3', scope: 'colgroup' }, t('lastHour')),
              h('th', { colspan: '3', scope: 'colgroup' }, t('lastDay')),
            ),
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('colNetwork')),
              ...[0, 1].flatMap(() => [
                h('th', { scope: 'col' }, t('successRate')),
                h('th', { scope: 'col' }, t('median')),
                h('th', { scope: 'col' }, t('started')),
              ]),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
      quiet.length ? h('p', { class: 'hint' }, t('quiet', { names: quiet.join(', ') })) : null,
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('chartTitle')),
        chart(health.startedPerDay as { day: string; count: number }[]),
      ),
    );
  }

  // --- routing -----------------------------------------------------------------------------

  function route(): void {
    if (!storage.getItem(TOKEN)) {
      signIn();
      return;
    }
    const hash = window.location.hash;
    const detail = /^#\/payments\/([^?/]+)/.exec(hash);
    if (detail) void paymentScreen(decodeURIComponent(detail[1] as string));
    else if (hash.startsWith('#/networks')) void networksScreen();
    else void paymentsScreen();
  }

  (document.getElementById('signout') as HTMLElement).addEventListener('click', () => {
    storage.removeItem(TOKEN);
    signIn();
  });
  (document.getElementById('lang') as HTMLElement).addEventListener('click', () => {
    lang = lang === 'fr' ? 'en' : 'fr';
    window.localStorage.setItem(LANG, lang);
    route();
  });
  window.addEventListener('hashchange', route);

  // The catalog's names for the network filter and the list (public, cached).
  fetch(`${boot.base}/providers`)
    .then((r) => r.json())
    .then(
      (catalog: { countries?: { iso?: string; networks?: { id: string; name: string }[] }[] }) => {
        // Named with their country: several countries have an "MTN Mobile Money".
        state.networks = (catalog.countries ?? []).flatMap((c) =>
          (c.networks ?? []).map((n) => ({ id: n.id, name: `${n.name} (${c.iso ?? ''})` })),
        );
      },
    )
    .catch(() => {})
    .finally(route);
}
