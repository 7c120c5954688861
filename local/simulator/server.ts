/**
 * FeexPay simulator: FeexPay's V2 pay-in wire format (reference/feexpay-api.md §11) over real HTTP,
 * the only "sandbox" FeexPay has. It runs inside `npm start`, alone (`npm run simulator`) and in
 * tests. Each payment's fate comes from the last two digits of the phone number (./outcomes.ts).
 *
 * FeexPay API, under `${url}/api`:
 * - `POST /api/transactions/public/requesttopay/{segment}`: Bearer key and `shop` checked; unknown
 *   segment → 404 "{segment} channel not configured"; validation → 400 in class-validator shape;
 *   redirect networks get `payment_url` (a page of this simulator) and `order_id`.
 * - `GET /api/transactions/public/single/status/{reference}`: §4.2 shape; unknown reference → 404.
 * - After each state change, an unsigned JSON webhook (§7 shape) to the configured URL.
 *
 * Choices where FeexPay's behaviour is unverified (documented here and in the README):
 * - OTP networks (flow `otp` in shared/providers.ts: coris, orange_bf) without an `otp` answer
 *   HTTP 200 `{status: "FAILED", message: "Code OTP requis …"}` WITHOUT a reference: no transaction
 *   exists and nothing was charged; the caller asks the customer for a code and sends a new request.
 *   Any non-empty `otp` is accepted.
 * - A failed webhook delivery (network error or non-2xx) is retried twice (after 200 ms and 1 s).
 * - Ending `06` refuses at once and sends no webhook (nothing changed after the answer).
 *
 * Test controls (also over HTTP under `/__simulator/…` for out-of-process tests): stats, recorded
 * requests, transactions, fault injection, webhook URL, settle a payment by hand, reset.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findNetwork, type Network, phoneProblem } from '../../shared/providers.ts';
import { DEFAULT_WEBHOOK_REDELIVERIES } from './defaults.ts';
import {
  DECLINE_REASON,
  INSUFFICIENT_FUNDS_REASON,
  type Scenario,
  scenarioFor,
} from './outcomes.ts';

export interface FeexPaySimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The Bearer key requests must carry. */
  apiKey: string;
  /** The `shop` requests must carry. */
  shopId: string;
  /** How long the simulated customer takes to answer. */
  delayMs: number;
  /** Where webhooks go; none are sent while unset. */
  webhookUrl?: string;
  /** Copies of the webhook for ending `04`. @default 3 */
  webhookRedeliveries?: number;
}

export type SimulatedStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

/** A payment as the simulator keeps it. */
export interface SimulatedTransaction {
  reference: string;
  segment: string;
  scenario: Scenario;
  status: SimulatedStatus;
  amount: number;
  phoneNumber: string;
  description: string;
  callbackInfo: string | null;
  firstName: string;
  lastName: string;
  email: string;
  returnUrl: string | undefined;
  reason: string | undefined;
  statusCode: string | undefined;
  operatorId: string;
  createdAt: string;
  updatedAt: string;
}

/** One request-to-pay as received (the body parsed, or the raw text when it was not JSON). */
export interface RecordedRequest {
  segment: string;
  body: unknown;
  receivedAt: string;
}

export type FaultTarget = 'requestToPay' | 'status';
/**
 * `timeout`: no answer at all (the connection hangs until the client gives up). For requestToPay
 * the request is still processed, so the payment exists and the phone "rings": the outcome-unknown
 * case a client must handle by querying status, never by re-sending.
 * `junk`: HTTP 200 with an HTML body.
 * `http500-processed` (requestToPay): the request IS processed (the transaction exists, the phone
 * rings, the webhook follows) but the answer is HTTP 500: why a 500 is an unknown outcome, not a
 * refusal. Plain `http500` answers before anything is processed.
 */
export type FaultKind = 'http500' | 'http500-processed' | 'http503' | 'timeout' | 'junk';

export interface Fault {
  target: FaultTarget;
  kind: FaultKind;
  /** How many matching requests it affects. */
  times: number;
}

export interface SimulatorStats {
  requestToPay: number;
  statusReads: number;
  /** Webhook POSTs made, retries included. */
  webhooksSent: number;
  /** Webhook POSTs answered with a 2xx. */
  webhooksDelivered: number;
  /** Webhooks given up on after the retries. */
  webhooksFailed: number;
}

export interface FeexPaySimulator {
  /** Base URL; the FeexPay API is under `${url}/api`. */
  url: string;
  close(): Promise<void>;
  stats(): SimulatorStats;
  requests(): RecordedRequest[];
  transactions(): SimulatedTransaction[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  setWebhookUrl(url: string | undefined): void;
  /** Moves a PENDING payment to a final state now (then sends the webhook its scenario allows). */
  settle(reference: string, status: 'SUCCESSFUL' | 'FAILED', reason?: string): boolean;
  /** Forgets transactions, requests, faults and counters (not the webhook URL). */
  reset(): void;
}

const MAX_BODY_BYTES = 1_000_000;
const WEBHOOK_RETRY_DELAYS_MS = [200, 1000];
const WEBHOOK_TIMEOUT_MS = 5000;
const MIN_AMOUNT = 100;
const MAX_AMOUNT = 2_000_000;

/** Webhook `reseau`: FeexPay's space form of network names (reference §3.2). */
const RESEAU: Record<string, string> = {
  mtn: 'MTN',
  moov: 'MOOV',
  celtiis_bj: 'CELTIIS BJ',
  coris: 'CORIS',
  togocom_tg: 'TOGOCOM TG',
  moov_tg: 'MOOV TG',
  mtn_ci: 'MTN CI',
  moov_ci: 'MOOV CI',
  orange_ci: 'ORANGE CI',
  wave_ci: 'WAVE CI',
  orange_sn: 'ORANGE SN',
  free_sn: 'FREE SN',
  wave_sn: 'WAVE SN',
  moov_bf: 'MOOV BF',
  orange_bf: 'ORANGE BF',
  wave_bf: 'WAVE BF',
  mtn_cg: 'MTN CG',
  orange_ml: 'ORANGE ML',
  mobicash_ml: 'MOBICASH ML',
};

export function reseauOf(segment: string): string {
  return RESEAU[segment] ?? segment.toUpperCase().replace(/_/g, ' ');
}

const PAY_PREFIX = '/api/transactions/public/requesttopay/';
const STATUS_PREFIX = '/api/transactions/public/single/status/';

/** Starts the simulator; resolves once it listens. */
export async function startFeexPaySimulator(
  options: FeexPaySimulatorOptions,
): Promise<FeexPaySimulator> {
  const host = options.host ?? '127.0.0.1';
  const redeliveries = options.webhookRedeliveries ?? DEFAULT_WEBHOOK_REDELIVERIES;
  let webhookUrl = options.webhookUrl;
  let baseUrl = '';
  let closed = false;

  const txs = new Map<string, SimulatedTransaction>();
  let recorded: RecordedRequest[] = [];
  let faults: Fault[] = [];
  const counters: SimulatorStats = {
    requestToPay: 0,
    statusReads: 0,
    webhooksSent: 0,
    webhooksDelivered: 0,
    webhooksFailed: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const shutdown = new AbortController();

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => later(ms, resolve));
  }

  function takeFault(target: FaultTarget): FaultKind | undefined {
    const fault = faults.find((f) => f.target === target && f.times > 0);
    if (!fault) return undefined;
    fault.times -= 1;
    faults = faults.filter((f) => f.times > 0);
    return fault.kind;
  }

  // --- state changes and webhooks ---------------------------------------------------------------

  function settle(tx: SimulatedTransaction, status: 'SUCCESSFUL' | 'FAILED', reason?: string) {
    if (tx.status !== 'PENDING' || closed) return false;
    tx.status = status;
    tx.reason = status === 'FAILED' ? (reason ?? DECLINE_REASON) : undefined;
    tx.updatedAt = new Date().toISOString();
    const copies =
      tx.scenario === 'webhook-lost' ? 0 : tx.scenario === 'webhook-repeated' ? redeliveries : 1;
    void sendWebhooks(tx, copies);
    return true;
  }

  /** Follows the scenario once the customer "answers". */
  function scheduleOutcome(tx: SimulatedTransaction) {
    if (tx.scenario === 'no-answer') return;
    later(options.delayMs, () => {
      if (tx.scenario === 'decline') settle(tx, 'FAILED', DECLINE_REASON);
      else settle(tx, 'SUCCESSFUL');
    });
  }

  function webhookBody(tx: SimulatedTransaction) {
    return {
      reference: tx.reference,
      order_id: tx.reference,
      status: tx.status,
      amount: tx.amount,
      callback_info: tx.callbackInfo ?? '',
      first_name: tx.firstName,
      last_name: tx.lastName,
      email: tx.email,
      type: 'Paiement',
      phoneNumber: tx.phoneNumber,
      date: tx.updatedAt,
      reseau: reseauOf(tx.segment),
      ref_link: '',
      description: tx.description,
      reason: tx.reason ?? '',
      ref_operator: tx.operatorId,
    };
  }

  /** Sends `copies` webhooks one after the other; each is retried a little on failure. */
  async function sendWebhooks(tx: SimulatedTransaction, copies: number) {
    for (let copy = 0; copy < copies && !closed; copy++) {
      const target = webhookUrl;
      if (!target) return;
      const body = JSON.stringify(webhookBody(tx));
      let delivered = false;
      for (let attempt = 0; attempt <= WEBHOOK_RETRY_DELAYS_MS.length && !closed; attempt++) {
        if (attempt > 0) await wait(WEBHOOK_RETRY_DELAYS_MS[attempt - 1] ?? 1000);
        if (closed) return;
        counters.webhooksSent += 1;
        try {
          const response = await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'FeexPay-Simulator' },
            body,
            signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
          });
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok) {
            delivered = true;
            break;
          }
        } catch {
          // Unreachable receiver or timeout: retry below; the simulator itself never fails on it.
        }
      }
      if (delivered) counters.webhooksDelivered += 1;
      else if (!closed) counters.webhooksFailed += 1;
    }
  }

  // --- FeexPay API ------------------------------------------------------------------------------

  function authorised(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${options.apiKey}`;
  }

  async function requestToPay(req: IncomingMessage, res: ServerResponse, segment: string) {
    counters.requestToPay += 1;
    const text = await readBody(req);
    const parsed = parseJson(text);
    recorded.push({
      segment,
      body: parsed === undefined ? text : parsed,
      receivedAt: new Date().toISOString(),
    });
    if (!authorised(req)) return sendJson(res, 401, { message: 'Token API invalid' });

    const fault = takeFault('requestToPay');
    if (fault && fault !== 'timeout' && fault !== 'http500-processed') {
      return sendFault(res, fault);
    }
    // `timeout` and `http500-processed` process the request but never answer it (see FaultKind).
    const reply =
      fault === 'timeout'
        ? () => undefined
        : fault === 'http500-processed'
          ? () => sendFault(res, 'http500')
          : (status: number, body: unknown) => sendJson(res, status, body);

    if (!isRecord(parsed)) {
      return reply(400, {
        statusCode: 400,
        message: 'Body must be a JSON object',
        error: 'Bad Request',
      });
    }
    if (parsed.shop !== options.shopId) {
      return reply(404, { statusCode: 404, message: 'Shop not found' });
    }
    const network = findNetwork(segment);
    if (!network) {
      return reply(404, { statusCode: 404, message: `${segment} channel not configured` });
    }
    const errors = validate(parsed, network);
    if (errors.length > 0) {
      return reply(400, { statusCode: 400, message: 'Validation failed', errors });
    }

    const phoneNumber = parsed.phoneNumber as string;
    const amount = parsed.amount as number;
    const description = typeof parsed.description === 'string' ? parsed.description : '';
    const callbackInfo = typeof parsed.callback_info === 'string' ? parsed.callback_info : null;
    const scenario = scenarioFor(phoneNumber);

    if (network.flow === 'otp' && !(typeof parsed.otp === 'string' && parsed.otp.trim() !== '')) {
      return reply(200, {
        status: 'FAILED',
        message: `Code OTP requis pour ${network.name}. Générez un code de paiement puis renvoyez la requête avec otp.`,
        amount,
        phoneNumber,
        callback_info: callbackInfo,
      });
    }
    if (scenario === 'unavailable') {
      if (fault === 'timeout') return;
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }

    const now = new Date().toISOString();
    const tx: SimulatedTransaction = {
      reference: randomUUID(),
      segment,
      scenario,
      status: 'PENDING',
      amount,
      phoneNumber,
      description,
      callbackInfo,
      firstName: stringField(parsed.first_name),
      lastName: stringField(parsed.last_name),
      email: stringField(parsed.email),
      returnUrl: typeof parsed.return_url === 'string' ? parsed.return_url : undefined,
      reason: undefined,
      statusCode: undefined,
      operatorId: `SIM${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      createdAt: now,
      updatedAt: now,
    };
    txs.set(tx.reference, tx);

    if (scenario === 'insufficient-funds') {
      tx.status = 'FAILED';
      tx.reason = INSUFFICIENT_FUNDS_REASON;
      tx.statusCode = '10';
      return reply(200, {
        reference: tx.reference,
        status: 'FAILED',
        statusCode: '10',
        reason: INSUFFICIENT_FUNDS_REASON,
        message: 'Solde insuffisant',
        amount,
        description,
        callback_info: callbackInfo,
        phoneNumber,
        response_operator: { description: ['Solde insuffisant'], status: ['FAILED'] },
      });
    }

    scheduleOutcome(tx);
    const redirect =
      network.flow === 'redirect'
        ? { payment_url: `${baseUrl}/pay/${tx.reference}`, order_id: tx.reference }
        : {};
    return reply(200, {
      reference: tx.reference,
      status: 'PENDING',
      message: 'Accepted',
      amount,
      description,
      callback_info: callbackInfo,
      phoneNumber,
      ...redirect,
    });
  }

  function status(req: IncomingMessage, res: ServerResponse, reference: string) {
    counters.statusReads += 1;
    if (!authorised(req)) return sendJson(res, 401, { message: 'Token API invalid' });
    const fault = takeFault('status');
    if (fault === 'timeout') return; // hang: the client's timeout fires
    // A read changes nothing, so `http500-processed` is a plain 500 here.
    if (fault) return sendFault(res, fault === 'http500-processed' ? 'http500' : fault);
    const tx = txs.get(reference);
    if (!tx) return sendJson(res, 404, { statusCode: 404, message: 'Transaction not found' });
    sendJson(res, 200, statusBody(tx));
  }

  // --- redirect page ------------------------------------------------------------------------------

  function payPage(res: ServerResponse, tx: SimulatedTransaction) {
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

  function payAction(res: ServerResponse, tx: SimulatedTransaction, action: string) {
    if (action === 'approve') settle(tx, 'SUCCESSFUL');
    else settle(tx, 'FAILED', 'CANCELLED_BY_CUSTOMER');
    if (tx.returnUrl) {
      const back = new URL(tx.returnUrl);
      back.searchParams.set('ref', tx.reference);
      res.writeHead(303, { location: back.toString() });
      res.end();
      return;
    }
    payPage(res, tx);
  }

  // --- test controls over HTTP --------------------------------------------------------------------

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === 'stats') return sendJson(res, 200, { ...counters });
    if (method === 'GET' && path === 'requests') return sendJson(res, 200, recorded);
    if (method === 'GET' && path === 'transactions') return sendJson(res, 200, [...txs.values()]);
    if (method === 'POST' && path === 'reset') {
      api.reset();
      return sendJson(res, 200, { reset: true });
    }
    if (method === 'DELETE' && path === 'faults') {
      api.clearFaults();
      return sendJson(res, 200, { faults: [] });
    }
    const body = parseJson(await readBody(req));
    if (method === 'POST' && path === 'faults') {
      const problem = faultProblem(body);
      if (problem) return sendJson(res, 400, { message: problem });
      api.injectFault(body as Fault);
      return sendJson(res, 200, { faults });
    }
    if (method === 'POST' && path === 'webhook-url') {
      const url = isRecord(body) && typeof body.url === 'string' ? body.url : undefined;
      api.setWebhookUrl(url);
      return sendJson(res, 200, { webhookUrl: url ?? null });
    }
    const settleMatch = /^transactions\/([^/]+)\/settle$/.exec(path);
    if (method === 'POST' && settleMatch?.[1]) {
      const wanted = isRecord(body) ? body.status : undefined;
      if (wanted !== 'SUCCESSFUL' && wanted !== 'FAILED') {
        return sendJson(res, 400, { message: 'status must be SUCCESSFUL or FAILED' });
      }
      const reason = isRecord(body) && typeof body.reason === 'string' ? body.reason : undefined;
      const changed = api.settle(decodeURIComponent(settleMatch[1]), wanted, reason);
      return sendJson(res, changed ? 200 : 409, { settled: changed });
    }
    return sendJson(res, 404, { message: `No simulator control ${method} /__simulator/${path}` });
  }

  // --- routing ------------------------------------------------------------------------------------

  async function route(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    if (path.startsWith('/__simulator/'))
      return control(req, res, path.slice('/__simulator/'.length));
    if (method === 'POST' && path.startsWith(PAY_PREFIX)) {
      const segment = decodeURIComponent(path.slice(PAY_PREFIX.length).replace(/\/$/, ''));
      if (segment && !segment.includes('/')) return requestToPay(req, res, segment);
    }
    if (method === 'GET' && path.startsWith(STATUS_PREFIX)) {
      const reference = decodeURIComponent(path.slice(STATUS_PREFIX.length).replace(/\/$/, ''));
      if (reference && !reference.includes('/')) return status(req, res, reference);
    }
    const pay = /^\/pay\/([^/]+)(?:\/(approve|decline))?\/?$/.exec(path);
    const payTx = pay?.[1] ? txs.get(pay[1]) : undefined;
    if (pay && payTx) {
      if (method === 'GET' && !pay[2]) return payPage(res, payTx);
      if (method === 'POST' && pay[2]) return payAction(res, payTx, pay[2]);
    }
    // What FeexPay's Express/NestJS backend answers for an unknown path (reference §9).
    sendJson(res, 404, {
      statusCode: 404,
      message: `Cannot ${method} ${path}`,
      error: 'Not Found',
    });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        return sendJson(res, 413, { statusCode: 413, message: 'Payload Too Large' });
      }
      if (!res.headersSent) {
        sendJson(res, 500, { statusCode: 500, message: 'Internal server error' });
      }
      console.error('FeexPay simulator: unexpected error', error);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  baseUrl = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;

  const api: FeexPaySimulator = {
    url: baseUrl,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      shutdown.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests (timeout faults) and keep-alive sockets would hold close() open.
        server.closeAllConnections();
      });
    },
    stats: () => ({ ...counters }),
    requests: () => recorded.map((r) => ({ ...r })),
    transactions: () => [...txs.values()].map((t) => ({ ...t })),
    injectFault(fault) {
      faults.push({ ...fault });
    },
    clearFaults() {
      faults = [];
    },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    settle(reference, wanted, reason) {
      const tx = txs.get(reference);
      return tx ? settle(tx, wanted, reason) : false;
    },
    reset() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      txs.clear();
      recorded = [];
      faults = [];
      for (const key of Object.keys(counters) as (keyof SimulatorStats)[]) counters[key] = 0;
    },
  };
  return api;
}

// --- helpers ----------------------------------------------------------------------------------------

/** The §4.2 status shape. */
function statusBody(tx: SimulatedTransaction) {
  const responses: Record<SimulatedStatus, [string, string]> = {
    SUCCESSFUL: ['00', 'Successful'],
    PENDING: ['01', 'Pending'],
    FAILED: ['02', 'Failed'],
  };
  const [responsecode, responsemsg] = responses[tx.status];
  return {
    reference: tx.reference,
    amount: tx.amount,
    phoneNumber: tx.phoneNumber,
    status: tx.status,
    callback_info: tx.callbackInfo,
    responsecode,
    responsemsg,
    transref: tx.reference,
    serviceref: tx.operatorId,
    comment: tx.status === 'FAILED' ? (tx.reason ?? '') : '',
    reason: tx.reason ?? null,
    description: tx.description,
    date: tx.updatedAt,
    operator_id: tx.status === 'PENDING' ? null : tx.operatorId,
    ...(tx.statusCode ? { statusCode: tx.statusCode } : {}),
  };
}

interface ValidationIssue {
  property: string;
  constraints: Record<string, string>;
}

/** class-validator style checks of a request-to-pay body (reference §4.1, §8). */
function validate(body: Record<string, unknown>, network: Network): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { amount, phoneNumber, description, callback_info: callbackInfo } = body;
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    issues.push({ property: 'amount', constraints: { isInt: 'amount must be an integer number' } });
  } else if (amount < MIN_AMOUNT) {
    issues.push({
      property: 'amount',
      constraints: { min: `amount must not be less than ${MIN_AMOUNT}` },
    });
  } else if (amount > MAX_AMOUNT) {
    issues.push({
      property: 'amount',
      constraints: { max: `amount must not be greater than ${MAX_AMOUNT}` },
    });
  }
  if (typeof phoneNumber !== 'string') {
    issues.push({
      property: 'phoneNumber',
      constraints: { isString: 'phoneNumber must be a string' },
    });
  } else {
    const problem = phoneProblem(phoneNumber, network);
    if (problem) issues.push({ property: 'phoneNumber', constraints: { isPhoneNumber: problem } });
  }
  if (description !== undefined && description !== null) {
    if (typeof description !== 'string' || !/^[A-Za-z0-9 ]*$/.test(description)) {
      issues.push({
        property: 'description',
        constraints: { matches: 'description must contain only letters, digits and spaces' },
      });
    }
  }
  if (callbackInfo !== undefined && callbackInfo !== null && typeof callbackInfo !== 'string') {
    issues.push({
      property: 'callback_info',
      constraints: { isString: 'callback_info must be a string' },
    });
  }
  return issues;
}

function faultProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'Send {target, kind, times}.';
  if (body.target !== 'requestToPay' && body.target !== 'status') {
    return 'target must be requestToPay or status';
  }
  if (!['http500', 'http500-processed', 'http503', 'timeout', 'junk'].includes(String(body.kind))) {
    return 'kind must be http500, http500-processed, http503, timeout or junk';
  }
  if (!Number.isInteger(body.times) || (body.times as number) < 1) {
    return 'times must be a positive integer';
  }
  return undefined;
}

function sendFault(res: ServerResponse, kind: Exclude<FaultKind, 'timeout' | 'http500-processed'>) {
  if (kind === 'http500') {
    return sendJson(res, 500, { statusCode: 500, message: 'Internal server error' });
  }
  if (kind === 'http503') {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('Service Unavailable');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
