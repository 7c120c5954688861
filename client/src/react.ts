/**
 * `useFeexPayment(client)`: pay, then follow the payment to a final state, in a React component.
 *
 * States: `idle` → `starting` (initiate in flight) → `pending` (waiting for the customer; polling
 * with backoff) → `succeeded` | `failed` | `expired`; `error` when a call failed (see `error`).
 * `paymentUrl` is set for redirect networks: send the customer there. On two-step OTP networks
 * (`flow: otp_confirm`, Coris) `awaitingOtp` is true while `pending`: ask the customer for the code
 * FeexPay sent and pass it to `confirmOtp(code)`; polling starts once FeexPay has it. A FAILED
 * payment's `failureCode` gives the customer's text: `failureMessage(payment.failureCode, 'fr')`.
 * Unmounting, `cancel()`, `reset()` and a new `pay()` abort whatever the previous `pay()` was doing.
 *
 * @example
 * const { pay, state, payment, paymentUrl, error } = useFeexPayment(client);
 * <button onClick={() => pay({ amount: 2500, currency: 'XOF', network: 'mtn', phoneNumber })}>Pay</button>
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { PaymentsApiError, type PaymentsClient, type WaitOptions } from './index.ts';
import type { InitiateRequest, Payment } from './types.ts';

export type PaymentState =
  | 'idle'
  | 'starting'
  | 'pending'
  | 'succeeded'
  | 'failed'
  | 'expired'
  | 'error';

export interface UseFeexPayment {
  /** Starts a payment and follows it; resolves with the last payment seen (undefined on error). */
  pay(order: InitiateRequest): Promise<Payment | undefined>;
  state: PaymentState;
  payment: Payment | undefined;
  /** Redirect networks: where the customer approves the payment. */
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
  /** The payment awaiting its code, and how to hand `pay()` the payment once FeexPay has it. */
  const awaiting = useRef<{ payment: Payment; resume: (p: Payment) => void } | undefined>(
    undefined,
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
    setState((current) => (current === 'starting' || current === 'pending' ? 'idle' : current));
  }, []);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
    setState('idle');
    setPayment(undefined);
    setError(undefined);
  }, []);

  // Unmounting stops the polling: no state updates on an unmounted component.
  useEffect(() => () => controller.current?.abort(), []);

  const pay = useCallback(
    async (order: InitiateRequest) => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      const { signal } = own;
      setState('starting');
      setPayment(undefined);
      setError(undefined);
      let last: Payment | undefined;
      try {
        last = await client.initiate(order, { signal });
        setPayment(last);
        setState(stateOf(last));
        if (last.status === 'PENDING' && last.awaitingOtp) {
          const waiting = last;
          last = await new Promise<Payment>((resolve, reject) => {
            awaiting.current = { payment: waiting, resume: resolve };
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
          awaiting.current = undefined;
          setPayment(last);
          setState(stateOf(last));
        }
        if (last.status === 'PENDING') {
          last = await client.waitForFinal(last.id, {
            ...optionsRef.current,
            signal,
            onUpdate: (p) => {
              if (signal.aborted) return;
              setPayment(p);
              setState(stateOf(p));
            },
          });
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

  const confirmOtp = useCallback(
    async (otp: string) => {
      const current = awaiting.current;
      const signal = controller.current?.signal;
      if (!current || !signal) return undefined;
      setError(undefined);
      try {
        const answered = await client.confirmOtp(current.payment.id, { otp }, { signal });
        current.resume(answered);
        return answered;
      } catch (caught) {
        if (signal.aborted || isAbort(caught)) return undefined;
        // FeexPay refused the code (the payment FAILED) or was unavailable (send it again).
        setError(caught instanceof Error ? caught : new Error(String(caught)));
        if (caught instanceof PaymentsApiError && caught.code === 'provider_rejected') {
          const now = await client.status(current.payment.id, { signal }).catch(() => undefined);
          if (now && !now.awaitingOtp) current.resume(now);
          return now;
        }
        return undefined;
      }
    },
    [client],
  );

  return {
    pay,
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
