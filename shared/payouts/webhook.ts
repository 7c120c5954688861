/**
 * FeexPay's webhook for a payout (its one webhook URL carries pay-ins and payouts alike): like a
 * payment's, only a hint. The payout's status comes from FeexPay's payout status read, through the
 * one payout transition (shared/payouts/settle.ts). shared/webhooks/process.ts hands a webhook
 * here when `callback_info` names a payout, or its reference is a payout's.
 */
import { feexPayClient } from '../feexpay/client.ts';
import { FeexPayRejectedError } from '../feexpay/errors.ts';
import { evidenceOf, sameReference } from '../feexpay/wire.ts';
import { logger } from '../logger.ts';
import { isPayoutId } from './model.ts';
import { applyPayoutEvidence } from './settle.ts';
import * as payouts from './store.ts';

/** The payout a webhook points at: by `callback_info` (our id), else by FeexPay's reference. */
export async function linkPayoutWebhook(message: {
  reference: string;
  callbackInfo?: string | undefined;
}): Promise<string | undefined> {
  if (message.callbackInfo && isPayoutId(message.callbackInfo)) {
    const payout = await payouts.get(message.callbackInfo);
    if (payout && (!payout.reference || sameReference(payout.reference, message.reference))) {
      return payout.id;
    }
  }
  return payouts.findByReference(message.reference);
}

export type PayoutWebhookOutcome =
  | 'transitioned'
  | 'no_change'
  | 'still_pending'
  | 'rejected'
  | 'unknown_at_feexpay';

/**
 * Reads the payout's status at FeexPay and applies it. Throws when FeexPay cannot be asked now
 * (the queue retries).
 */
export async function processPayoutWebhook(
  payoutId: string,
  reference: string,
  now = new Date(),
): Promise<PayoutWebhookOutcome> {
  const client = await feexPayClient();
  let status: Awaited<ReturnType<typeof client.getPayoutStatus>>;
  try {
    status = await client.getPayoutStatus(reference);
  } catch (error) {
    if (error instanceof FeexPayRejectedError) {
      logger.warn('FeexPay does not know the payout webhook reference; ignored', {
        payoutId,
        reference,
      });
      return 'unknown_at_feexpay';
    }
    throw error;
  }
  if (status.status === 'PENDING') {
    const payout = await payouts.get(payoutId, { consistent: true });
    // FeexPay tied this reference to our payout: keep it, so status reads can follow it.
    if (payout && !payout.reference && status.callbackInfo === payoutId) {
      await payouts.recordReference(payoutId, status.reference, 'webhook', now);
    }
    return 'still_pending';
  }
  const result = await applyPayoutEvidence(payoutId, evidenceOf(status), 'webhook', { now });
  return result.changed ? 'transitioned' : result.rejected ? 'rejected' : 'no_change';
}
