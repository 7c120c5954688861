/**
 * FeexPay's payout API as the simulator plays it (docs/feexpay-api.md §4.6): a POST per payout path
 * (`/api/payouts/public/transfer/global`, `/api/payouts/public/<segment>`, …) and the status read
 * `/api/payouts/status/public/{reference}`, both behind the Bearer key and subject to injected
 * `payout` faults. Payouts draw on the shop's balance, so an insufficient balance is real: set it
 * with the `balance` control. What each payout does comes from the last two digits of the
 * beneficiary's number (`payoutOutcomes`, README "Test mode"): endings 50–54, apart from the
 * pay-ins' 00–23. Where FeexPay's behaviour is unknown (the exact refusal words for a low balance,
 * the webhook's `type`), the choices are ours (docs/feexpay-api.md §4.6).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAYOUT_PATHS } from '../../shared/feexpay/payout.ts';
import { isRecord, parseJson } from '../../shared/feexpay/wire.ts';
import { type FaultPlan, isProcessedFault, sendFault } from './faults.ts';
import { readBody, sendJson } from './http.ts';
import type { Scheduler } from './scheduler.ts';
import { reseauOf } from './webhooks.ts';

export type PayoutScenario = 'pay' | 'fail' | 'no-answer' | 'webhook-lost' | 'insufficient-balance';

export interface PayoutOutcome {
  ending: string;
  scenario: PayoutScenario;
  description: string;
}

/** The documented payout endings (of the beneficiary's number). Any other ending plays `50`. */
export const payoutOutcomes: readonly PayoutOutcome[] = [
  {
    ending: '50',
    scenario: 'pay',
    description:
      'payout SUCCESSFUL after the delay, webhook delivered (every ending not listed here does the same)',
  },
  {
    ending: '51',
    scenario: 'fail',
    description:
      'payout FAILED after the delay with reason `PAYEE_NOT_FOUND` (failureCode `invalid_number`), webhook delivered; the balance is given back',
  },
  {
    ending: '52',
    scenario: 'no-answer',
    description: 'payout stays PENDING for ever, no webhook',
  },
  {
    ending: '53',
    scenario: 'webhook-lost',
    description: 'payout SUCCESSFUL after the delay, but no webhook (only status reads find it)',
  },
  {
    ending: '54',
    scenario: 'insufficient-balance',
    description:
      'payout answered `status: FAILED` at once, `Solde insuffisant` (failureCode `insufficient_balance`), as for any payout above the simulated balance',
  },
];

const byEnding = new Map(payoutOutcomes.map((o) => [o.ending, o.scenario]));

export function payoutScenarioFor(phoneNumber: string): PayoutScenario {
  return byEnding.get(phoneNumber.slice(-2)) ?? 'pay';
}

/** The simulated shop balance a fresh simulator starts with (XOF). */
export const DEFAULT_BALANCE = 10_000_000;

export const PAYOUT_PREFIX = '/api/payouts/public/';
export const PAYOUT_STATUS_PREFIX = '/api/payouts/status/public/';

const INSUFFICIENT_REASON = 'INSUFFICIENT_BALANCE';
const INSUFFICIENT_MESSAGE = 'Solde insuffisant';

export interface SimulatedPayout {
  reference: string;
  path: string;
  network: string | undefined;
  scenario: PayoutScenario;
  status: 'PENDING' | 'SUCCESSFUL' | 'FAILED';
  amount: number;
  phoneNumber: string;
  motif: string;
  callbackInfo: string | null;
  reason: string | undefined;
  createdAt: string;
  updatedAt: string;
}

export interface PayoutRoutesOptions {
  apiKey: string;
  shopId: string;
  delayMs: number;
  faults: FaultPlan;
  scheduler: Scheduler;
  /** Sends the webhook body once (with the simulator's retries). */
  sendWebhook: (body: Record<string, unknown>) => void;
}

export class PayoutRoutes {
  readonly #options: PayoutRoutesOptions;
  #payouts = new Map<string, SimulatedPayout>();
  #requests: { path: string; body: unknown; receivedAt: string }[] = [];
  #counts = { payouts: 0, payoutStatusReads: 0 };
  /** The shop's balance: payouts draw on it, failed ones give it back. */
  balance = DEFAULT_BALANCE;

  constructor(options: PayoutRoutesOptions) {
    this.#options = options;
  }

  counts() {
    return { ...this.#counts };
  }

  list(): SimulatedPayout[] {
    return [...this.#payouts.values()].map((p) => ({ ...p }));
  }

  requests() {
    return this.#requests.map((r) => ({ ...r }));
  }

  reset(): void {
    this.#payouts.clear();
    this.#requests = [];
    this.#counts = { payouts: 0, payoutStatusReads: 0 };
    this.balance = DEFAULT_BALANCE;
  }

  /** Serves the request when it is one of FeexPay's payout paths; false otherwise. */
  async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    const clean = path.replace(/\/$/, '');
    if (method === 'POST' && clean.startsWith(PAYOUT_PREFIX)) {
      await this.#payout(req, res, clean.slice(PAYOUT_PREFIX.length));
      return true;
    }
    if (method === 'GET' && clean.startsWith(PAYOUT_STATUS_PREFIX)) {
      this.#status(req, res, decodeURIComponent(clean.slice(PAYOUT_STATUS_PREFIX.length)));
      return true;
    }
    return false;
  }

  /** Moves a PENDING payout to a final status now (and sends its webhook unless it loses it). */
  settle(reference: string, status: 'SUCCESSFUL' | 'FAILED', reason?: string): boolean {
    const payout = this.#find(reference);
    if (payout?.status !== 'PENDING') return false;
    payout.status = status;
    payout.updatedAt = new Date().toISOString();
    if (status === 'FAILED') {
      payout.reason = reason ?? 'PAYEE_NOT_FOUND';
      this.balance += payout.amount;
    }
    if (payout.scenario !== 'webhook-lost') this.#options.sendWebhook(webhookBody(payout));
    return true;
  }

  #find(reference: string): SimulatedPayout | undefined {
    return this.#payouts.get(reference.toLowerCase());
  }

  async #payout(req: IncomingMessage, res: ServerResponse, path: string) {
    this.#counts.payouts += 1;
    const text = await readBody(req);
    const parsed = parseJson(text);
    this.#requests.push({
      path,
      body: parsed === undefined ? text : parsed,
      receivedAt: new Date().toISOString(),
    });
    if (req.headers.authorization !== `Bearer ${this.#options.apiKey}`) {
      return sendJson(res, 401, { message: 'Token API invalid' });
    }
    const taken = this.#options.faults.takeFault('payout');
    const fault = taken?.kind;
    if (fault && !isProcessedFault(fault)) return sendFault(res, fault);
    const reply = (status: number, body: unknown) => {
      if (fault === 'timeout' || res.destroyed) return;
      if (fault === 'http500-processed') return sendFault(res, 'http500');
      if (fault === 'http502-processed') return sendFault(res, 'http502');
      sendJson(res, status, body);
    };
    if (!PAYOUT_PATHS.includes(path)) {
      return reply(404, { statusCode: 404, message: `${path} channel not configured` });
    }
    const problems = bodyProblems(parsed, this.#options.shopId);
    if (problems.length) {
      return reply(400, {
        statusCode: 400,
        message: 'Validation failed',
        errors: problems.map(([property, message]) => ({
          property,
          constraints: { isValid: message },
        })),
      });
    }
    const body = parsed as Record<string, unknown>;
    const amount = body.amount as number;
    const phoneNumber = String(body.phoneNumber);
    const scenario = payoutScenarioFor(phoneNumber);
    const now = new Date().toISOString();
    const payout: SimulatedPayout = {
      reference: randomUUID(),
      path,
      network: typeof body.network === 'string' ? body.network : undefined,
      scenario,
      status: 'PENDING',
      amount,
      phoneNumber,
      motif: String(body.motif),
      callbackInfo: typeof body.callback_info === 'string' ? body.callback_info : null,
      reason: undefined,
      createdAt: now,
      updatedAt: now,
    };
    this.#payouts.set(payout.reference.toLowerCase(), payout);
    if (scenario === 'insufficient-balance' || amount > this.balance) {
      payout.status = 'FAILED';
      payout.reason = INSUFFICIENT_REASON;
      return reply(200, {
        ...answerOf(payout),
        message: INSUFFICIENT_MESSAGE,
        reason: INSUFFICIENT_REASON,
      });
    }
    this.balance -= amount;
    if (scenario !== 'no-answer') {
      const { scheduler, delayMs } = this.#options;
      scheduler.later(delayMs, () =>
        this.settle(payout.reference, scenario === 'fail' ? 'FAILED' : 'SUCCESSFUL'),
      );
    }
    return reply(200, { ...answerOf(payout), message: 'Accepted' });
  }

  #status(req: IncomingMessage, res: ServerResponse, reference: string) {
    this.#counts.payoutStatusReads += 1;
    if (req.headers.authorization !== `Bearer ${this.#options.apiKey}`) {
      return sendJson(res, 401, { message: 'Token API invalid' });
    }
    const fault = this.#options.faults.take('status');
    if (fault === 'timeout') return;
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
    const payout = this.#find(reference);
    if (!payout) return sendJson(res, 404, { statusCode: 404, message: 'Transaction not found' });
    sendJson(res, 200, {
      ...answerOf(payout),
      reason: payout.reason ?? '',
      date: payout.updatedAt,
    });
  }
}

/** The fields FeexPay's payout answer and status read share (§4.6). */
function answerOf(payout: SimulatedPayout) {
  return {
    reference: payout.reference,
    status: payout.status,
    amount: payout.amount,
    phone_number: payout.phoneNumber,
    description: payout.motif,
    callback_info: payout.callbackInfo,
  };
}

/** The payout webhook: the pay-in webhook's shape; `type: "Payout"` is our choice (§4.6). */
export function webhookBody(payout: SimulatedPayout): Record<string, unknown> {
  return {
    reference: payout.reference,
    order_id: payout.reference,
    status: payout.status,
    amount: payout.amount,
    callback_info: payout.callbackInfo ?? '',
    type: 'Payout',
    phoneNumber: payout.phoneNumber,
    date: payout.updatedAt,
    reseau: payout.network ?? reseauOf(payout.path),
    description: payout.motif,
    reason: payout.reason ?? '',
  };
}

/** What is wrong with a payout body, field by field (class-validator style, §10). */
function bodyProblems(body: unknown, shopId: string): [string, string][] {
  if (!isRecord(body)) return [['body', 'body must be a JSON object']];
  const problems: [string, string][] = [];
  if (body.shop !== shopId) problems.push(['shop', 'shop not found']);
  if (typeof body.phoneNumber !== 'string' || !/^\d{8,15}$/.test(body.phoneNumber)) {
    problems.push(['phoneNumber', 'phoneNumber must be digits with the country code']);
  }
  if (typeof body.amount !== 'number' || !Number.isInteger(body.amount) || body.amount < 50) {
    problems.push(['amount', 'amount must be an integer of at least 50']);
  }
  if (
    typeof body.motif !== 'string' ||
    body.motif.length < 1 ||
    body.motif.length > 30 ||
    !/^[A-Za-z0-9 ]+$/.test(body.motif)
  ) {
    problems.push(['motif', 'motif must be 1 to 30 letters, digits and spaces']);
  }
  return problems;
}
