/**
 * Webhook delivery: after a state change, FeexPay's unsigned JSON webhook (docs/feexpay-api.md
 * §8.2) to the configured URL. Each copy is retried twice on failure (after 200 ms and 1 s); FeexPay
 * documents no redelivery (§8.5), so the retries are our choice.
 */
import { amountOf, statusWord } from './answers.ts';
import type { SimulatedTransaction } from './book.ts';
import type { Scheduler } from './scheduler.ts';

const RETRY_DELAYS_MS = [200, 1000];
const TIMEOUT_MS = 5000;

/**
 * Webhook `reseau`: FeexPay's upper-case, space-separated network name (§3.2). For every network
 * of our catalog it is the segment so written (`mtn` → `MTN`, `celtiis_bj` → `CELTIIS BJ`), so a
 * new network needs no entry here.
 */
export function reseauOf(segment: string): string {
  return segment.toUpperCase().replace(/_/g, ' ');
}

/**
 * The webhook's body, in the shape FeexPay's docs show, with the payment's quirks: the amount as
 * a string (ending 11), `SUCCESS` (12), `callback_info: ""` (20), its own `order_id` (14).
 */
export function webhookBody(tx: SimulatedTransaction) {
  return {
    reference: tx.reference,
    order_id: tx.orderId,
    status: statusWord(tx),
    amount: amountOf(tx),
    callback_info: tx.scenario === 'empty-callback-info' ? '' : (tx.callbackInfo ?? ''),
    first_name: tx.firstName,
    last_name: tx.lastName,
    email: tx.email,
    type: 'Paiement',
    phoneNumber: tx.phoneNumber,
    date: tx.updatedAt,
    reseau: reseauOf(tx.segment),
    ref_link: tx.refLink ?? '',
    description: tx.description,
    reason: tx.reason ?? '',
    ref_operator: tx.operatorId,
    ...(tx.customId ? { custom_id: tx.customId } : {}),
  };
}

export interface WebhookCounts {
  /** Webhook POSTs made, retries included. */
  webhooksSent: number;
  /** Webhook POSTs answered with a 2xx. */
  webhooksDelivered: number;
  /** Webhooks given up on after the retries. */
  webhooksFailed: number;
}

export class WebhookDelivery {
  /** Where webhooks go; none are sent while unset. */
  url: string | undefined;
  readonly #scheduler: Scheduler;
  #counts: WebhookCounts = { webhooksSent: 0, webhooksDelivered: 0, webhooksFailed: 0 };

  constructor(url: string | undefined, scheduler: Scheduler) {
    this.url = url;
    this.#scheduler = scheduler;
  }

  counts(): WebhookCounts {
    return { ...this.#counts };
  }

  resetCounts(): void {
    this.#counts = { webhooksSent: 0, webhooksDelivered: 0, webhooksFailed: 0 };
  }

  /** Sends `copies` webhooks one after the other; never fails, whatever the receiver does. */
  deliver(tx: SimulatedTransaction, copies: number): Promise<void> {
    return this.deliverBody(() => webhookBody(tx), copies);
  }

  /** {@link deliver} for any body (a payout's: local/simulator/payouts.ts). */
  async deliverBody(bodyOf: () => object, copies = 1): Promise<void> {
    const scheduler = this.#scheduler;
    for (let copy = 0; copy < copies && !scheduler.closed; copy++) {
      const target = this.url;
      if (!target) return;
      const body = JSON.stringify(bodyOf());
      let delivered = false;
      for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !scheduler.closed; attempt++) {
        if (attempt > 0) await scheduler.wait(RETRY_DELAYS_MS[attempt - 1] ?? 1000);
        if (scheduler.closed) return;
        this.#counts.webhooksSent += 1;
        delivered = await this.#post(target, body);
        if (delivered) break;
      }
      if (delivered) this.#counts.webhooksDelivered += 1;
      else if (!scheduler.closed) this.#counts.webhooksFailed += 1;
    }
  }

  /** One POST; true when the receiver answered 2xx. */
  async #post(target: string, body: string): Promise<boolean> {
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'FeexPay-Simulator' },
        body,
        signal: AbortSignal.any([this.#scheduler.signal, AbortSignal.timeout(TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch {
      // Unreachable receiver or timeout: the caller retries.
      return false;
    }
  }
}
