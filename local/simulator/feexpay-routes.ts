/**
 * The FeexPay V2 API the simulator serves under `/api` (docs/feexpay-api.md §4, §5): request-to-pay
 * per network segment and status by reference, both behind the Bearer key, both subject to
 * injected faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson } from '../../shared/feexpay/wire.ts';
import { acceptedAnswer, otpRequiredAnswer, refusedAtOnceAnswer, statusAnswer } from './answers.ts';
import type { SimulatedTransaction, TransactionBook } from './book.ts';
import { type FaultPlan, sendFault } from './faults.ts';
import { readBody, sendJson, sendText } from './http.ts';
import { customerAnswer, INSUFFICIENT_FUNDS_REASON, scenarioFor } from './outcomes.ts';
import type { Scheduler } from './scheduler.ts';
import { checkRequestToPay } from './validation.ts';

const PAY_PREFIX = '/api/transactions/public/requesttopay/';
const STATUS_PREFIX = '/api/transactions/public/single/status/';
const INVALID_KEY = { message: 'Token API invalid' };

/** One request-to-pay as received (the body parsed, or the raw text when it was not JSON). */
export interface RecordedRequest {
  segment: string;
  body: unknown;
  receivedAt: string;
}

/** Moves a PENDING transaction to a final status and sends its webhooks; false if it was final. */
export type Settle = (
  tx: SimulatedTransaction,
  status: 'SUCCESSFUL' | 'FAILED',
  reason?: string,
) => boolean;

export interface FeexPayRoutesOptions {
  apiKey: string;
  shopId: string;
  /** How long the simulated customer takes to answer. */
  delayMs: number;
  book: TransactionBook;
  faults: FaultPlan;
  scheduler: Scheduler;
  settle: Settle;
  /** The hosted page a redirect network's customer opens. */
  pageUrl: (reference: string) => string;
}

export class FeexPayRoutes {
  readonly #options: FeexPayRoutesOptions;
  #requests: RecordedRequest[] = [];
  #counts = { requestToPay: 0, statusReads: 0 };

  constructor(options: FeexPayRoutesOptions) {
    this.#options = options;
  }

  /** Serves the request when it is one of FeexPay's API paths; false otherwise. */
  async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    const segment = method === 'POST' ? lastSegment(path, PAY_PREFIX) : undefined;
    if (segment) {
      await this.#requestToPay(req, res, segment);
      return true;
    }
    const reference = method === 'GET' ? lastSegment(path, STATUS_PREFIX) : undefined;
    if (reference) {
      this.#status(req, res, reference);
      return true;
    }
    return false;
  }

  counts() {
    return { ...this.#counts };
  }

  requests(): RecordedRequest[] {
    return this.#requests;
  }

  reset(): void {
    this.#requests = [];
    this.#counts = { requestToPay: 0, statusReads: 0 };
  }

  async #requestToPay(req: IncomingMessage, res: ServerResponse, segment: string) {
    const { book, faults } = this.#options;
    this.#counts.requestToPay += 1;
    const text = await readBody(req);
    const parsed = parseJson(text);
    const receivedAt = new Date().toISOString();
    this.#requests.push({ segment, body: parsed === undefined ? text : parsed, receivedAt });
    if (!this.#authorised(req)) return sendJson(res, 401, INVALID_KEY);

    const fault = faults.take('requestToPay');
    if (fault && fault !== 'timeout' && fault !== 'http500-processed') {
      return sendFault(res, fault);
    }
    // `timeout` and `http500-processed` process the request, then answer nothing or a 500 (FaultKind).
    const reply =
      fault === 'timeout'
        ? () => undefined
        : fault === 'http500-processed'
          ? () => sendFault(res, 'http500')
          : (status: number, body: unknown) => sendJson(res, status, body);

    const checked = checkRequestToPay(parsed, segment, this.#options.shopId);
    if (!checked.ok) return reply(checked.status, checked.body);
    const { network, order } = checked;
    if (network.flow === 'otp' && order.otp === undefined) {
      return reply(200, otpRequiredAnswer(network, order));
    }
    const scenario = scenarioFor(order.phoneNumber);
    if (scenario === 'unavailable') {
      // FeexPay is down: nothing is processed, whatever fault was injected.
      if (fault !== 'timeout') sendText(res, 503, 'text/plain', 'Service Unavailable');
      return;
    }
    const { otp: _otp, ...details } = order;
    const refused = scenario === 'insufficient-funds';
    const tx = book.open({
      segment,
      scenario,
      status: refused ? 'FAILED' : 'PENDING',
      ...details,
      reason: refused ? INSUFFICIENT_FUNDS_REASON : undefined,
      statusCode: refused ? '10' : undefined,
    });
    if (refused) return reply(200, refusedAtOnceAnswer(tx, 'Solde insuffisant'));

    const answer = customerAnswer(scenario);
    if (answer) {
      const { scheduler, delayMs, settle } = this.#options;
      scheduler.later(delayMs, () => settle(tx, answer.status, answer.reason));
    }
    const pageUrl = network.flow === 'redirect' ? this.#options.pageUrl(tx.reference) : undefined;
    return reply(200, acceptedAnswer(tx, pageUrl));
  }

  #status(req: IncomingMessage, res: ServerResponse, reference: string) {
    this.#counts.statusReads += 1;
    if (!this.#authorised(req)) return sendJson(res, 401, INVALID_KEY);
    const fault = this.#options.faults.take('status');
    if (fault === 'timeout') return; // hang: the client's timeout fires
    // A read changes nothing, so `http500-processed` is a plain 500 here.
    if (fault) return sendFault(res, fault === 'http500-processed' ? 'http500' : fault);
    const tx = this.#options.book.find(reference);
    if (!tx) return sendJson(res, 404, { statusCode: 404, message: 'Transaction not found' });
    sendJson(res, 200, statusAnswer(tx));
  }

  #authorised(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${this.#options.apiKey}`;
  }
}

/** The one path segment after `prefix` (decoded), or undefined. */
function lastSegment(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const segment = decodeURIComponent(path.slice(prefix.length).replace(/\/$/, ''));
  return segment && !segment.includes('/') ? segment : undefined;
}
