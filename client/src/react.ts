/**
 * `useFeexPayment(client)`: pay, then follow the payment to a final state, in a React component.
 *
 * States: `idle` → `starting` (a call in flight) → `pending` (waiting for the customer; polling
 * with backoff) → `succeeded` | `failed` | `expired`; `error` when a call failed (see `error`).
 * `paymentUrl` is set for redirect networks and cards (`network: "card"`, FeexPay's card page,
 * `returnUrl` required): send the customer there. On two-step OTP networks
 * (`flow: otp_confirm`, Coris) `awaitingOtp` is true while `pending`: ask the customer for the code
 * FeexPay sent and pass it to `confirmOtp(code)`; polling starts once FeexPay has it. A FAILED
 * payment's `failureCode` gives the customer's text: `failureMessage(payment.failureCode, 'fr')`.
 * Unmounting, `cancel()`, `reset()` and a new call abort whatever the previous one was doing.
 *
 * - `pay(order, { idempotencyKey })`: start a payment. Pass your own key (your order id, kept
 *   with the order) so that a second click, a reload or a lost answer gives back the same payment.
 * - `retry({ idempotencyKey })`: a new attempt of the FAILED or EXPIRED payment in hand.
 * - `resume(paymentId, { ref })`: follow a payment started earlier (after a reload, or back from a
 *   redirect network's page), from its current state; back from FeexPay's card page, pass the
 *   `ref` FeexPay added to your `returnUrl` so the payment is confirmed at once.
 *
 * @example
 * const { pay, retry, resume, state, payment, paymentUrl, error } = useFeexPayment(client);
 * useEffect(() => { const id = sessionStorage.getItem('paymentId'); if (id) void resume(id); }, [resume]);
 * <button onClick={() => pay(order, { idempotencyKey: `order-${order.id}` })}>Payer</button>
 * {state === 'failed' && <button onClick={() => retry()}>Réessayer</button>}
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { PaymentsApiError, type PaymentsClient, type WaitOptions } from './index.ts';
import type { InitiateRequest, Payment, RetryRequest } from './types.ts';

export type PaymentState =
  | 'idle'
  | 'starting'
  | 'pending'
  | 'succeeded'
  | 'failed'
  | 'expired'
  | 'error';

export interface PayOptions {
  /** Your key for this payment; the same key always gives back the same payment. */
  idempotencyKey?: string;
}

export interface UseFeexPayment {
  /** Starts a payment and follows it; resolves with the last payment seen (undefined on error). */
  pay(order: InitiateRequest, options?: PayOptions): Promise<Payment | undefined>;
  /**
   * Starts a new attempt of the current payment (FAILED or EXPIRED) and follows it; `body`
   * carries what the new attempt needs (an OTP network's new `otp`).
   */
  retry(options?: PayOptions & { body?: RetryRequest }): Promise<Payment | undefined>;
  /** Follows the payment `id` from its current state (after a reload or a redirect). */
  resume(id: string, options?: { ref?: string }): Promise<Payment | undefined>;
  state: PaymentState;
  payment: Payment | undefined;
  /** Redirect networks and cards: where the customer approves the payment. */
  paymentUrl: string | undefined;
  /** Two-step OTP networks: FeexPay sent the customer a code; send it with `confirmOtp`. */
  awaitingOtp: boolean;
  /**
   * Sends the customer's code (POST {id}/otp/). A refusal of the code settles the payment (see
   * `state`); FeexPay unavailable leaves it waiting, with `error` set, and the code may be sent
   * again. Resolves with the payment after FeexPay's answer.
   */
  confirmOtp(otp: string): Promise<Payment | undefined>;
  error: Error | undefined;
  /** Back to `idle`, forgetting the payment and the error. */
  reset(): void;
  /** Stops following the payment (the payment itself goes on at FeexPay). */
  cancel(): void;
}

export type UseFeexPaymentOptions = Pick<WaitOptions, 'intervalMs' | 'maxIntervalMs' | 'timeoutMs'>;

function stateOf(payment: Payment): PaymentState {
  switch (payment.status) {
    case 'SUCCESSFUL':
      return 'succeeded';
    case 'FAILED':
      return 'failed';
    case 'EXPIRED':
      return 'expired';
    default:
      return 'pending';
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function useFeexPayment(
  client: PaymentsClient,
  options: UseFeexPaymentOptions = {},
): UseFeexPayment {
  const [state, setState] = useState<PaymentState>('idle');
  const [payment, setPayment] = useState<Payment | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  // The payment in hand, for retry() (state updates are not visible inside this render's callbacks).
  const current = useRef<Payment | undefined>(undefined);
  /** The payment awaiting its code, and how to hand `follow()` the payment once FeexPay has it. */
  const awaiting = useRef<{ payment: Payment; resume: (p: Payment) => void } | undefined>(
    undefined,
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
    setState((now) => (now === 'starting' || now === 'pending' ? 'idle' : now));
  }, []);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
    current.current = undefined;
    setState('idle');
    setPayment(undefined);
    setError(undefined);
  }, []);

  // Unmounting stops the polling: no state updates on an unmounted component.
  useEffect(() => () => controller.current?.abort(), []);

  /** Runs `start` (one API call), then follows the payment it answers until it is final. */
  const follow = useCallback(
    async (start: (signal: AbortSignal) => Promise<Payment>, keep: boolean) => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      const { signal } = own;
      setState('starting');
      if (!keep) {
        current.current = undefined;
        setPayment(undefined);
      }
      setError(undefined);
      let last: Payment | undefined;
      const seen = (p: Payment) => {
        last = p;
        current.current = p;
        setPayment(p);
        setState(stateOf(p));
      };
      try {
        seen(await start(signal));
        const started = last as Payment | undefined;
        if (started?.status === 'PENDING' && started.awaitingOtp) {
          seen(
            await new Promise<Payment>((resolve, reject) => {
              awaiting.current = { payment: started, resume: resolve };
              signal.addEventListener('abort', () => reject(signal.reason), { once: true });
            }),
          );
          awaiting.current = undefined;
        }
        if (last?.status === 'PENDING') {
          const final = await client.waitForFinal(last.id, {
            ...optionsRef.current,
            signal,
            onUpdate: (p) => {
              if (!signal.aborted) seen(p);
            },
          });
          last = final;
        }
        return last;
      } catch (caught) {
        if (signal.aborted || isAbort(caught)) return last;
        setError(caught instanceof Error ? caught : new Error(String(caught)));
        setState('error');
        return undefined;
      } finally {
        if (controller.current === own) controller.current = undefined;
      }
    },
    [client],
  );

  const pay = useCallback(
    (order: InitiateRequest, payOptions: PayOptions = {}) =>
      follow(
        (signal) =>
          client.initiate(order, {
            signal,
            ...(payOptions.idempotencyKey ? { idempotencyKey: payOptions.idempotencyKey } : {}),
          }),
        false,
      ),
    [client, follow],
  );

  const retry = useCallback(
    async (retryOptions: PayOptions & { body?: RetryRequest } = {}) => {
      const failed = current.current;
      if (!failed || (failed.status !== 'FAILED' && failed.status !== 'EXPIRED')) {
        const problem = new Error(
          failed
            ? `Payment ${failed.id} is ${failed.status}: only a FAILED or EXPIRED payment can be retried.`
            : 'There is no payment to retry: call pay() or resume() first.',
        );
        setError(problem);
        setState('error');
        return undefined;
      }
      return follow(
        (signal) =>
          client.retry(failed.id, retryOptions.body ?? {}, {
            signal,
            ...(retryOptions.idempotencyKey ? { idempotencyKey: retryOptions.idempotencyKey } : {}),
          }),
        true,
      );
    },
    [client, follow],
  );

  const confirmOtp = useCallback(
    async (otp: string) => {
      const waiting = awaiting.current;
      const signal = controller.current?.signal;
      if (!waiting || !signal) return undefined;
      setError(undefined);
      try {
        const answered = await client.confirmOtp(waiting.payment.id, { otp }, { signal });
        waiting.resume(answered);
        return answered;
      } catch (caught) {
        if (signal.aborted || isAbort(caught)) return undefined;
        // FeexPay refused the code (the payment FAILED) or was unavailable (send it again).
        setError(caught instanceof Error ? caught : new Error(String(caught)));
        if (caught instanceof PaymentsApiError && caught.code === 'provider_rejected') {
          const now = await client.status(waiting.payment.id, { signal }).catch(() => undefined);
          if (now && !now.awaitingOtp) waiting.resume(now);
          return now;
        }
        return undefined;
      }
    },
    [client],
  );

  const resume = useCallback(
    (id: string, options: { ref?: string } = {}) =>
      follow(
        (signal) => client.status(id, { signal, ...(options.ref ? { ref: options.ref } : {}) }),
        false,
      ),
    [client, follow],
  );

  return {
    pay,
    retry,
    resume,
    state,
    payment,
    paymentUrl: payment?.paymentUrl,
    awaitingOtp: payment?.status === 'PENDING' && payment.awaitingOtp === true,
    confirmOtp,
    error,
    reset,
    cancel,
  };
}
