/**
 * The webhook processor's work for one event. A webhook is only a hint (FeexPay signs nothing):
 * the payment's status comes from FeexPay's status endpoint, read now, and goes through the one
 * transition function, which checks reference and amount and only moves forward. So a
 * forged, repeated or out-of-order webhook can at most cause a status read.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { feexPayClient } from '../feexpay/client.ts';
import { FeexPayRejectedError } from '../feexpay/errors.ts';
import { evidenceOf, sameReference } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { isPaymentId } from '../payments/idempotency.ts';
import * as payments from '../payments/store.ts';
import { applyProviderResult } from '../payments/transition.ts';
import { isPayoutId } from '../payouts/model.ts';
import { linkPayoutWebhook, processPayoutWebhook } from '../payouts/webhook.ts';
import type { WebhookMessage } from './queue.ts';
import { markWebhookEvent } from './store.ts';

export type ProcessOutcome =
  | 'transitioned'
  | 'no_change'
  | 'still_pending'
  | 'unmatched'
  | 'rejected'
  | 'unknown_at_feexpay';

/** The payment a webhook points at, and how it was found. */
export interface WebhookLink {
  paymentId: string;
  /**
   * Linked through `callback_info` to a payment with no stored reference (initiation outcome
   * unknown): FeexPay's status answer must then echo that same `callback_info`, or the webhook's
   * reference is someone else's transaction.
   */
  unreferenced: boolean;
}

/**
 * Our payment for a webhook: `callback_info` is the payment id we sent at initiation (it links a
 * payment whose initiation outcome was unknown, so no reference was stored); it only counts when
 * the payment exists and any stored reference is the webhook's (in any letter case). Otherwise
 * the byReference index, which is keyed without regard to case (shared/keys.ts). FeexPay may
 * send `callback_info: ""`: then the index alone links it.
 */
export async function linkWebhook(message: WebhookMessage): Promise<WebhookLink | undefined> {
  // FeexPay has one webhook URL per account: payments made outside this service (another
  // integration, a FeexLink page) arrive here too, with callback_info that is not our id.
  if (message.callbackInfo && isPaymentId(message.callbackInfo)) {
    const payment = await payments.get(message.callbackInfo);
    if (payment && (!payment.reference || sameReference(payment.reference, message.reference))) {
      return { paymentId: payment.id, unreferenced: !payment.reference };
    }
  }
  const paymentId = await payments.findByReference(message.reference);
  return paymentId ? { paymentId, unreferenced: false } : undefined;
}

/** {@link linkWebhook}, the payment id only. */
export async function findPaymentFor(message: WebhookMessage): Promise<string | undefined> {
  return (await linkWebhook(message))?.paymentId;
}

/**
 * Processes one queued webhook. Throws when FeexPay cannot be asked right now (unavailable,
 * timeout, auth, protocol errors): the caller fails the record so SQS retries it with backoff.
 */
export async function processWebhook(
  message: WebhookMessage,
  now = new Date(),
): Promise<ProcessOutcome> {
  const log = { dedupeKey: message.dedupeKey, claimedStatus: message.claimedStatus };
  // A payout's webhook (callback_info names one, or no payment has the reference): the payout's
  // own status read and transition (shared/payouts/webhook.ts).
  const payoutFirst = message.callbackInfo !== undefined && isPayoutId(message.callbackInfo);
  const link = payoutFirst ? undefined : await linkWebhook(message);
  const payoutId = link ? undefined : await linkPayoutWebhook(message);
  if (payoutId) {
    const outcome = await processPayoutWebhook(payoutId, message.reference, now);
    logger.info('Payout webhook processed', { ...log, payoutId, outcome });
    await markWebhookEvent(
      message.dedupeKey,
      {
        state: outcome === 'still_pending' ? 'unconfirmed' : 'processed',
        outcome,
        paymentId: payoutId,
      },
      now,
    );
    return outcome;
  }
  if (!link) {
    // Kept (it is stored); a redelivery after the payment exists is processed again.
    metrics.addMetric('WebhookUnmatched', MetricUnit.Count, 1);
    logger.warn('Webhook matches no payment; kept for later', log);
    await markWebhookEvent(message.dedupeKey, { state: 'unmatched', outcome: 'unmatched' }, now);
    return 'unmatched';
  }
  const { paymentId } = link;

  const client = await feexPayClient();
  let status: Awaited<ReturnType<typeof client.getStatus>>;
  try {
    status = await client.getStatus(message.reference, {
      ...(message.orderId ? { orderId: message.orderId } : {}),
    });
  } catch (error) {
    if (error instanceof FeexPayRejectedError) {
      // FeexPay does not know this reference: a forged or mistaken webhook. Nothing to retry.
      metrics.addMetric('WebhookNotConfirmed', MetricUnit.Count, 1);
      logger.warn('FeexPay does not know the webhook reference; ignored', { ...log, paymentId });
      await markWebhookEvent(
        message.dedupeKey,
        { state: 'processed', outcome: 'unknown_at_feexpay', paymentId },
        now,
      );
      return 'unknown_at_feexpay';
    }
    throw error;
  }

  if (link.unreferenced && status.callbackInfo !== paymentId) {
    // The webhook names our payment but a transaction FeexPay does not tie to it: storing that
    // reference could settle our payment with another payment's money. Nothing changes; our own
    // transaction's webhook, or the expiry, settles the payment.
    metrics.addMetric('WebhookNotConfirmed', MetricUnit.Count, 1);
    logger.warn('FeexPay does not tie the webhook reference to the payment it names; ignored', {
      ...log,
      paymentId,
    });
    await markWebhookEvent(
      message.dedupeKey,
      { state: 'processed', outcome: 'callback_mismatch', paymentId },
      now,
    );
    return 'rejected';
  }

  if (status.status === 'PENDING') {
    if (message.claimedStatus !== 'PENDING') {
      metrics.addMetric('WebhookNotConfirmed', MetricUnit.Count, 1);
      logger.warn('Webhook claims an outcome FeexPay does not confirm; no transition', {
        ...log,
        paymentId,
        feexPayStatus: status.status,
      });
    }
    if (link.unreferenced) {
      // FeexPay tied this reference to our payment (checked above): keep it, so the status route
      // and the reconciler can follow the payment even if no further webhook comes.
      await payments.linkReference(paymentId, status.reference, 'webhook', now.toISOString());
    }
    // The reconciler keeps checking; a redelivery of this event will be processed again.
    await markWebhookEvent(
      message.dedupeKey,
      { state: 'unconfirmed', outcome: 'still_pending', paymentId },
      now,
    );
    return 'still_pending';
  }

  const result = await applyProviderResult(paymentId, evidenceOf(status), 'webhook', { now });
  const outcome: ProcessOutcome = result.changed
    ? 'transitioned'
    : result.rejected
      ? 'rejected'
      : 'no_change';
  logger.info('Webhook processed', { ...log, paymentId, outcome, status: result.payment.status });
  await markWebhookEvent(message.dedupeKey, { state: 'processed', outcome, paymentId }, now);
  return outcome;
}
