/**
 * The FeexPay V2 API the simulator serves under `/api` (docs/feexpay-api.md §4, §5): request-to-pay
 * per network segment (two calls for Coris) and status by reference or `order_id`, both behind the
 * Bearer key, both subject to injected faults and to each payment's quirks (outcomes.ts).
 */
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson } from '../../shared/feexpay/wire.ts';
import {
  acceptedAnswer,
  afterOtpAnswer,
  finalAtOnceAnswer,
  otpRequiredAnswer,
  otpSentAnswer,
  statusAnswer,
  wrongOtpAnswer,
} from './answers.ts';
import type { SimulatedTransaction, TransactionBook } from './book.ts';
import { type FaultPlan, isProcessedFault, sendFault } from './faults.ts';
import { readBody, sendJson, sendText } from './http.ts';
import {
  celtiisStyleReference,
  customerAnswer,
  finalAtOnce,
  refusalAtInitiation,
  type Scenario,
  scenarioFor,
  WRONG_OTP,
} from './outcomes.ts';
import type { Scheduler } from './scheduler.ts';
import { checkRequestToPay, type PayOrder } from './validation.ts';

const PAY_PREFIX = '/api/transactions/public/requesttopay/';
const STATUS_PREFIX = '/api/transactions/public/single/status/';
const INVALID_KEY = { message: 'Token API invalid' };
/** The reason a refused code leaves on the transaction (our words; §13). */
const WRONG_OTP_REASON = 'Code OTP invalide ou expiré';

/** How a request-to-pay is answered: normally, or as an injected fault decides. */
type Reply = (status: number, body: unknown) => void;

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
  /** How late the slow request-to-pay (ending 19) answers. */
  slowAnswerMs: number;
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

    const taken = faults.takeFault('requestToPay');
    const fault = taken?.kind;
    if (fault && !isProcessedFault(fault)) {
      const answer = () => {
        if (!res.destroyed) sendFault(res, fault);
      };
      if (taken.delayMs > 0) return this.#options.scheduler.later(taken.delayMs, answer);
      return answer();
    }
    // Processed faults process the request, then answer nothing, a 500 or a 502 (FaultKind).
    const now: Reply =
      fault === 'timeout'
        ? () => undefined
        : fault === 'http500-processed'
          ? () => sendFault(res, 'http500')
          : fault === 'http502-processed'
            ? () => sendFault(res, 'http502')
            : (status, body) => sendJson(res, status, body);
    const delayMs = taken?.delayMs ?? 0;
    const reply: Reply =
      delayMs > 0
        ? (status, body) =>
            this.#options.scheduler.later(delayMs, () => {
              if (!res.destroyed) now(status, body);
            })
        : now;

    const checked = checkRequestToPay(parsed, segment, this.#options.shopId);
    if (!checked.ok) return reply(checked.status, checked.body);
    const { network, order } = checked;
    const scenario = scenarioFor(order.phoneNumber);
    const refusal = refusalAtInitiation(scenario, segment);
    if (refusal) {
      // Refused before anything was created, whatever fault was injected (a hang stays a hang).
      if (fault !== 'timeout') sendText(res, refusal.status, refusal.contentType, refusal.body);
      return;
    }
    if (network.flow === 'otp_confirm') return this.#twoStepOtp(reply, segment, order, scenario);
    const { otp, reference: _reference, ...details } = order;
    if (network.flow === 'otp' && otp === undefined) {
      return reply(200, otpRequiredAnswer(network, order));
    }
    const wrongCode = network.flow === 'otp' && otp === WRONG_OTP;
    const final = wrongCode ? undefined : finalAtOnce(scenario);
    const tx = book.open({
      segment,
      scenario,
      status: wrongCode ? 'FAILED' : (final?.status ?? 'PENDING'),
      ...details,
      reason: wrongCode ? WRONG_OTP_REASON : final?.reason,
      statusCode: final?.statusCode,
      awaitingOtp: false,
      otpSent: undefined,
      celtiisStyle: celtiisStyleReference(scenario, segment),
      ownOrderId: scenario === 'order-id-only',
    });
    if (scenario === 'forgotten') tx.forgotten = true;
    if (wrongCode) return reply(200, wrongOtpAnswer(tx));
    if (final) return reply(200, finalAtOnceAnswer(tx, final));

    this.#customerActs(tx);
    const pageUrl = network.flow === 'redirect' ? this.#options.pageUrl(tx.reference) : undefined;
    const answer = acceptedAnswer(tx, pageUrl);
    if (scenario === 'slow-answer') {
      // FeexPay has answered 20–120 s late on networks that wait for the customer (§4.4).
      this.#options.scheduler.later(this.#options.slowAnswerMs, () => {
        if (!res.destroyed) reply(200, answer);
      });
      return;
    }
    return reply(200, answer);
  }

  /**
   * Coris (docs/feexpay-api.md §7.3): a first call without `otp` answers 201 with a reference and
   * sends the customer a code; the second call resends the order with `otp` and that reference.
   * Any code but WRONG_OTP is right; after it the payment follows its ending (`00` settles at once).
   */
  #twoStepOtp(reply: Reply, segment: string, order: PayOrder, scenario: Scenario) {
    const { book, settle } = this.#options;
    const { otp, reference, ...details } = order;
    if (reference === undefined) {
      if (otp !== undefined) {
        return reply(400, {
          statusCode: 400,
          message: 'Validation failed',
          errors: [
            {
              property: 'reference',
              constraints: { isNotEmpty: 'reference must come with otp (the first call’s)' },
            },
          ],
        });
      }
      const tx = book.open({
        segment,
        scenario,
        status: 'PENDING',
        ...details,
        reason: undefined,
        statusCode: undefined,
        awaitingOtp: true,
        otpSent: String(randomInt(100_000, 1_000_000)),
        celtiisStyle: celtiisStyleReference(scenario, segment),
        ownOrderId: scenario === 'order-id-only',
      });
      if (scenario === 'forgotten') tx.forgotten = true;
      return reply(201, otpSentAnswer(tx));
    }
    const tx = book.find(reference);
    if (!tx || tx.segment !== segment) {
      return reply(404, { statusCode: 404, message: 'Transaction not found' });
    }
    if (!tx.awaitingOtp) {
      return reply(400, { statusCode: 400, message: 'Transaction already processed' });
    }
    if (otp === undefined) {
      return reply(400, {
        statusCode: 400,
        message: 'Validation failed',
        errors: [{ property: 'otp', constraints: { isNotEmpty: 'otp should not be empty' } }],
      });
    }
    if (otp === WRONG_OTP) {
      settle(tx, 'FAILED', WRONG_OTP_REASON);
      return reply(200, wrongOtpAnswer(tx));
    }
    tx.awaitingOtp = false;
    const answer = customerAnswer(scenario);
    if (answer?.status === 'SUCCESSFUL' && scenario === 'approve') {
      settle(tx, 'SUCCESSFUL');
    } else {
      this.#customerActs(tx);
    }
    return reply(200, afterOtpAnswer(tx));
  }

  /** Schedules the simulated customer's answer to the prompt, if they ever give one. */
  #customerActs(tx: SimulatedTransaction) {
    const answer = customerAnswer(tx.scenario);
    if (!answer) return;
    const { scheduler, delayMs, settle } = this.#options;
    scheduler.later(delayMs, () => settle(tx, answer.status, answer.reason));
  }

  #status(req: IncomingMessage, res: ServerResponse, key: string) {
    this.#counts.statusReads += 1;
    if (!this.#authorised(req)) return sendJson(res, 401, INVALID_KEY);
    const fault = this.#options.faults.take('status');
    if (fault === 'timeout') return; // hang: the client's timeout fires
    // A read changes nothing, so the processed faults are plain ones here.
    if (fault) {
      return sendFault(
        res,
        fault === 'http500-processed'
          ? 'http500'
          : fault === 'http502-processed'
            ? 'http502'
            : fault,
      );
    }
    const tx = this.#options.book.find(key);
    const known =
      tx &&
      !tx.forgotten &&
      // Ending 14: known by its order_id only.
      !(tx.scenario === 'order-id-only' && key.toLowerCase() === tx.reference.toLowerCase());
    if (!tx || !known) {
      return sendJson(res, 404, { statusCode: 404, message: 'Transaction not found' });
    }
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
