/**
 * FeexPay simulator: FeexPay's V2 pay-in API over real HTTP, the only "sandbox" FeexPay has. It
 * runs inside `npm start`, alone (`npm run simulator`) and in tests. Each payment's fate, or the
 * quirk it plays, comes from the last two digits of the phone number (outcomes.ts, README "Test
 * mode"); tests drive the rest through its controls (controls.ts, README "Simulator controls").
 * What it plays and where it chooses for lack of evidence: docs/feexpay-api.md §13.
 *
 * This file wires the pieces: the transaction book, FeexPay's API routes, the hosted page of
 * redirect networks, webhook delivery, fault injection and the test controls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SimulatedTransaction, TransactionBook } from './book.ts';
import { CONTROL_PREFIX, serveControl } from './controls.ts';
import { DEFAULT_SLOW_ANSWER_MS, DEFAULT_WEBHOOK_REDELIVERIES } from './defaults.ts';
import { type Fault, FaultPlan } from './faults.ts';
import { FeexLinks, type SimulatedFeexLink } from './feexlink.ts';
import { FeexPayRoutes, type RecordedRequest, type Settle } from './feexpay-routes.ts';
import { BodyTooLargeError, sendJson } from './http.ts';
import { webhookCopies } from './outcomes.ts';
import { servePayPage } from './pay-page.ts';
import { PayoutRoutes, type SimulatedPayout } from './payouts.ts';
import { Scheduler } from './scheduler.ts';
import { WebhookDelivery } from './webhooks.ts';

export type { SimulatedStatus, SimulatedTransaction } from './book.ts';
export type { Fault, FaultKind, FaultTarget } from './faults.ts';
export type { SimulatedFeexLink } from './feexlink.ts';
export { TEST_CARDS } from './feexlink.ts';
export type { RecordedRequest } from './feexpay-routes.ts';
export type { SimulatedPayout } from './payouts.ts';
export { reseauOf } from './webhooks.ts';

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
  /** How late the slow request-to-pay (ending `19`) answers. @default 40000 */
  slowAnswerMs?: number;
}

export interface SimulatorStats {
  requestToPay: number;
  /** FeexLink generate calls (cards), refused and faulted ones included. */
  feexLinks: number;
  statusReads: number;
  /** Webhook POSTs made, retries included. */
  webhooksSent: number;
  /** Webhook POSTs answered with a 2xx. */
  webhooksDelivered: number;
  /** Webhooks given up on after the retries. */
  webhooksFailed: number;
  /** Payout POSTs received (local/simulator/payouts.ts). */
  payouts: number;
  payoutStatusReads: number;
}

/** The running simulator, and its test controls (also over HTTP under `/__simulator/`). */
export interface FeexPaySimulator {
  /** Base URL; the FeexPay API is under `${url}/api`. */
  url: string;
  close(): Promise<void>;
  stats(): SimulatorStats;
  requests(): RecordedRequest[];
  transactions(): SimulatedTransaction[];
  /** The FeexLink card pages made (docs/cards.md), with what their customer did. */
  feexLinks(): SimulatedFeexLink[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  setWebhookUrl(url: string | undefined): void;
  /** Moves a PENDING payment to a final state now (then sends the webhook its scenario allows). */
  settle(reference: string, status: 'SUCCESSFUL' | 'FAILED', reason?: string): boolean;
  /**
   * FeexPay forgets a payment (its status reads answer 404), or knows it again; false for a
   * reference it never issued. A payment remembered and settled sends its webhook as usual.
   */
  forget(reference: string, forgotten?: boolean): boolean;
  /** Forgets transactions, requests, faults and counters (not the webhook URL). */
  reset(): void;
  /** Every payout FeexPay received (local/simulator/payouts.ts). */
  payouts(): SimulatedPayout[];
  /** Moves a PENDING payout to a final state now (then sends its webhook, unless it loses it). */
  settlePayout(reference: string, status: 'SUCCESSFUL' | 'FAILED', reason?: string): boolean;
  /** The shop balance payouts draw on. */
  balance(): number;
  setBalance(amount: number): void;
}

/** Starts the simulator; resolves once it listens. */
export async function startFeexPaySimulator(
  options: FeexPaySimulatorOptions,
): Promise<FeexPaySimulator> {
  const host = options.host ?? '127.0.0.1';
  const redeliveries = options.webhookRedeliveries ?? DEFAULT_WEBHOOK_REDELIVERIES;
  const scheduler = new Scheduler();
  const book = new TransactionBook();
  const faults = new FaultPlan();
  const webhooks = new WebhookDelivery(options.webhookUrl, scheduler);
  const settle: Settle = (tx, status, reason) => {
    if (scheduler.closed || !book.settle(tx, status, reason)) return false;
    void webhooks.deliver(tx, webhookCopies(tx.scenario, redeliveries, tx.forgotten));
    return true;
  };
  let baseUrl = '';
  const feexpay = new FeexPayRoutes({
    apiKey: options.apiKey,
    shopId: options.shopId,
    delayMs: options.delayMs,
    book,
    faults,
    scheduler,
    settle,
    pageUrl: (reference) => `${baseUrl}/pay/${reference}`,
    slowAnswerMs: options.slowAnswerMs ?? DEFAULT_SLOW_ANSWER_MS,
  });

  const payouts = new PayoutRoutes({
    apiKey: options.apiKey,
    shopId: options.shopId,
    delayMs: options.delayMs,
    faults,
    scheduler,
    sendWebhook: (body) => void webhooks.deliverBody(() => body),
  });
  const feexLinks = new FeexLinks({
    apiKey: options.apiKey,
    shopId: options.shopId,
    book,
    settle,
    baseUrl: () => baseUrl,
    faults,
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    if (path.startsWith(CONTROL_PREFIX)) {
      return serveControl(req, res, path.slice(CONTROL_PREFIX.length), simulator, () =>
        faults.list(),
      );
    }
    if (await feexpay.serve(req, res, path)) return;
    if (await payouts.serve(req, res, path)) return;
    if (await feexLinks.serve(req, res, path)) return;
    if (servePayPage(method, path, res, book, settle)) return;
    // What FeexPay's Express/NestJS backend answers for an unknown path (docs/feexpay-api.md §10.1).
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

  const simulator: FeexPaySimulator = {
    url: baseUrl,
    async close() {
      if (scheduler.closed) return;
      scheduler.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests (timeout faults) and keep-alive sockets would hold close() open.
        server.closeAllConnections();
      });
    },
    stats: () => ({
      ...feexpay.counts(),
      feexLinks: feexLinks.requests(),
      ...webhooks.counts(),
      ...payouts.counts(),
    }),
    requests: () => feexpay.requests().map((r) => ({ ...r })),
    transactions: () => book.list().map((t) => ({ ...t })),
    feexLinks: () => feexLinks.list(),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setWebhookUrl(url) {
      webhooks.url = url;
    },
    settle(reference, wanted, reason) {
      const tx = book.find(reference);
      return tx ? settle(tx, wanted, reason) : false;
    },
    forget(reference, forgotten = true) {
      const tx = book.find(reference);
      if (!tx) return false;
      tx.forgotten = forgotten;
      return true;
    },
    reset() {
      scheduler.cancelAll();
      book.clear();
      feexpay.reset();
      feexLinks.reset();
      faults.clear();
      webhooks.resetCounts();
      payouts.reset();
    },
    payouts: () => payouts.list(),
    settlePayout: (reference, wanted, reason) =>
      scheduler.closed ? false : payouts.settle(reference, wanted, reason),
    balance: () => payouts.balance,
    setBalance(amount) {
      payouts.balance = amount;
    },
  };
  return simulator;
}
