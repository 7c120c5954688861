/**
 * Fault injection: tests make FeexPay fail on purpose, for a number of requests, over the JS API
 * or `POST /__simulator/faults`.
 */
import type { ServerResponse } from 'node:http';
import { isRecord } from '../../shared/feexpay/wire.ts';
import { sendJson, sendText } from './http.ts';

/**
 * `payout`: the payout POST (local/simulator/payouts.ts); `status` also covers payout status reads.
 * `feexLink`: FeexLink's generate call (cards, feexlink.ts), with the same kinds as requestToPay.
 */
export type FaultTarget = 'requestToPay' | 'status' | 'payout' | 'feexLink';
/**
 * `timeout`: no answer at all (the connection hangs until the client gives up). For requestToPay
 * the request is still processed, so the payment exists and the phone "rings": the outcome-unknown
 * case a client must handle by querying status, never by re-sending.
 * `junk`: HTTP 200 with an HTML body.
 * `http500-processed` (requestToPay): the request IS processed (the transaction exists, the phone
 * rings, the webhook follows) but the answer is HTTP 500: why a 500 is an unknown outcome, not a
 * refusal. Plain `http500` answers before anything is processed.
 * `http502` / `http502-processed`: the same with a gateway's 502 HTML page (what integrators see
 * when the operator is unreachable, docs/feexpay-api.md §14.3).
 */
export type FaultKind =
  | 'http500'
  | 'http500-processed'
  | 'http502'
  | 'http502-processed'
  | 'http503'
  | 'timeout'
  | 'junk';

const KINDS: readonly FaultKind[] = [
  'http500',
  'http500-processed',
  'http502',
  'http502-processed',
  'http503',
  'timeout',
  'junk',
];

/** Faults that let the request-to-pay be processed, then answer badly (or never). */
export type ProcessedFault = 'timeout' | 'http500-processed' | 'http502-processed';

export function isProcessedFault(kind: FaultKind | undefined): kind is ProcessedFault {
  return kind === 'timeout' || kind === 'http500-processed' || kind === 'http502-processed';
}

export interface Fault {
  target: FaultTarget;
  kind: FaultKind;
  /** How many matching requests it affects. */
  times: number;
  /** Answer only after this long (a slow failure); the `timeout` kind never answers. */
  delayMs?: number;
}

/** The faults still to play, first injected first played. */
export class FaultPlan {
  #faults: Fault[] = [];

  inject(fault: Fault): void {
    this.#faults.push({ ...fault });
  }

  clear(): void {
    this.#faults = [];
  }

  list(): Fault[] {
    return this.#faults;
  }

  /** The fault for this request, if any (used up one time). */
  take(target: FaultTarget): FaultKind | undefined {
    return this.takeFault(target)?.kind;
  }

  /** {@link take}, with its delay. */
  takeFault(target: FaultTarget): { kind: FaultKind; delayMs: number } | undefined {
    const fault = this.#faults.find((f) => f.target === target && f.times > 0);
    if (!fault) return undefined;
    fault.times -= 1;
    this.#faults = this.#faults.filter((f) => f.times > 0);
    return { kind: fault.kind, delayMs: fault.delayMs ?? 0 };
  }
}

/** Why a control request's body is not a fault, or undefined when it is one. */
export function faultProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'Send {target, kind, times, delayMs?}.';
  if (!['requestToPay', 'status', 'payout', 'feexLink'].includes(String(body.target))) {
    return 'target must be requestToPay, status, payout or feexLink';
  }
  if (!KINDS.includes(String(body.kind) as FaultKind)) {
    return `kind must be one of ${KINDS.join(', ')}`;
  }
  if (!Number.isInteger(body.times) || (body.times as number) < 1) {
    return 'times must be a positive integer';
  }
  if (
    body.delayMs !== undefined &&
    (!Number.isInteger(body.delayMs) || (body.delayMs as number) < 0)
  ) {
    return 'delayMs, when given, must be a non-negative integer';
  }
  return undefined;
}

/** The faulty answer of a fault that answers at all. */
export function sendFault(res: ServerResponse, kind: Exclude<FaultKind, ProcessedFault>): void {
  if (kind === 'http500') {
    sendJson(res, 500, { statusCode: 500, message: 'Internal server error' });
  } else if (kind === 'http502') {
    sendText(
      res,
      502,
      'text/html',
      '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
    );
  } else if (kind === 'http503') {
    sendText(res, 503, 'text/plain', 'Service Unavailable');
  } else {
    sendText(res, 200, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>');
  }
}
