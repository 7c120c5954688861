/**
 * The reconciler's checkout steps (shared/reconcile/reconcile.ts runs them each pass): re-send
 * checkout notifications nobody took over, and close checkouts whose time ran out. A checkout
 * whose live attempt is still PENDING at its expiry stays OPEN (its attempt may still pay it, and
 * a checkout attempt expires after CHECKOUT_ATTEMPT_MAX_PENDING_SECONDS) and is looked at again a
 * minute later; one whose live attempt ended is first told of it (shared/checkouts/settle.ts).
 */
import * as payments from '../payments/store.ts';
import { flushCheckoutOutbox } from './notify.ts';
import { closeIfExpired, settleCheckoutAttempt } from './settle.ts';
import * as checkouts from './store.ts';

/** How long after its expiry a checkout with a PENDING live attempt is looked at again. */
export const LIVE_ATTEMPT_RECHECK_SECONDS = 60;

export interface CheckoutPass {
  now: Date;
  batchSize: number;
  /** Runs `work` on each id, a few at a time, within the run's deadline; errors are counted. */
  each(ids: readonly string[], what: string, work: (id: string) => Promise<void>): Promise<void>;
}

export interface CheckoutPassReport {
  checkoutOutboxFlushed: number;
  checkoutsExpired: number;
}

export async function reconcileCheckouts(pass: CheckoutPass): Promise<CheckoutPassReport> {
  const report: CheckoutPassReport = { checkoutOutboxFlushed: 0, checkoutsExpired: 0 };

  const stale = await checkouts.listDue('checkoutOutbox', pass.now, pass.batchSize);
  await pass.each(stale, 'flush the checkout outbox', async (id) => {
    const checkout = await checkouts.get(id, { consistent: true });
    if (!checkout?.outbox) return;
    await flushCheckoutOutbox(checkout);
    await checkouts.releaseOutbox(id, { webhookId: checkout.outbox.webhookId });
    report.checkoutOutboxFlushed++;
  });

  const due = await checkouts.listDue('checkoutExpiry', pass.now, pass.batchSize);
  await pass.each(due, 'close the checkout', async (id) => {
    let checkout = await checkouts.get(id, { consistent: true });
    if (checkout?.status !== 'OPEN') return;
    if (checkout.liveAttempt) {
      const live = await payments.get(checkout.liveAttempt, { consistent: true });
      if (live?.status === 'PENDING' || !live) {
        await checkouts.scheduleExpiryCheck(
          id,
          new Date(pass.now.getTime() + LIVE_ATTEMPT_RECHECK_SECONDS * 1000),
        );
        return;
      }
      await settleCheckoutAttempt(live, pass.now);
      checkout = await checkouts.get(id, { consistent: true });
      if (!checkout) return;
    }
    if (await closeIfExpired(checkout, pass.now)) report.checkoutsExpired++;
  });

  return report;
}
