/**
 * `useFeexPayment` rendered with react-test-renderer against a client on a scripted fake fetch:
 * the states a checkout shows, idempotent retry, 409 in flight, 429 with Retry-After, errors and
 * abort (cancel and unmount), the caller's own Idempotency-Key, a new attempt of a failed payment
 * (retry) and following a payment started earlier (resume).
 */
import { createElement } from 'react';
import { act, create, type ReactTestRenderer } from 'react-test-renderer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPaymentsClient,
  type PaymentsClient,
  PaymentsValidationError,
} from '../../client/src/index.ts';
import { type UseFeexPayment, useFeexPayment } from '../../client/src/react.ts';
import { order, payment } from '../support/client.ts';

// React's act() warnings need this flag outside a DOM test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    },
  });

type Step = Response | Error | ((signal?: AbortSignal) => Promise<Response>);

/** Renders nothing; hands the hook's latest result to the test through `sink`. */
function Probe({ client, sink }: { client: PaymentsClient; sink: { current?: UseFeexPayment } }) {
  sink.current = useFeexPayment(client, { intervalMs: 1 });
  return null;
}

function harness(steps: Step[]) {
  const keys: (string | undefined)[] = [];
  const requests: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    keys.push((init.headers as Record<string, string>)['idempotency-key']);
    requests.push(
      `${init.method ?? 'GET'} ${url.replace('http://api.test/api/v1/payments/feexpay/', '')}`,
    );
    for (const w of waiters) if (keys.length >= w.n) w.resolve();
    const step = steps.shift();
    if (!step) throw new Error('unexpected call');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(init.signal ?? undefined);
    return step;
  }) as unknown as typeof globalThis.fetch;
  const client = createPaymentsClient({ baseUrl: 'http://api.test', fetch, retryBaseMs: 1 });
  const hook: { current?: UseFeexPayment } = {};
  let renderer: ReactTestRenderer | undefined;
  act(() => {
    renderer = create(createElement(Probe, { client, sink: hook }));
  });
  rendered.push(() => renderer?.unmount());
  /** Resolves once fetch has been called `n` times. */
  const calls = (n: number) =>
    new Promise<void>((resolve) => {
      if (keys.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return {
    hook: hook as { current: UseFeexPayment },
    keys,
    requests,
    calls,
    unmount: () => act(() => renderer?.unmount()),
  };
}

const rendered: (() => void)[] = [];
afterEach(() => {
  for (const unmount of rendered.splice(0)) act(unmount);
});

/**
 * pay() until its first status read is in flight (state `pending`); that read ends only when it is
 * aborted, which `aborted()` reports.
 */
async function payUntilPolling() {
  let aborted = false;
  const rig = harness([
    json(payment('PENDING'), 201),
    (signal) =>
      new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => {
          aborted = true;
          reject(signal.reason);
        });
      }),
  ]);
  let done: Promise<unknown> = Promise.resolve();
  // Inside act until the status read is in flight: React applies the PENDING state on exit.
  await act(async () => {
    done = rig.hook.current.pay(order);
    await rig.calls(2);
  });
  expect(rig.hook.current.state).toBe('pending');
  return { ...rig, done, aborted: () => aborted };
}

describe('useFeexPayment', () => {
  it('starts idle, then follows a payment from pending to succeeded', async () => {
    const { hook } = harness([
      json(payment('PENDING'), 201),
      json(payment('PENDING')),
      json(payment('SUCCESSFUL')),
    ]);
    expect(hook.current.state).toBe('idle');
    await act(async () => {
      await hook.current.pay(order);
    });
    expect(hook.current.state).toBe('succeeded');
    expect(hook.current.payment?.status).toBe('SUCCESSFUL');
    expect(hook.current.error).toBeUndefined();
  });

  it('exposes paymentUrl for redirect networks while pending, and failed with the reason', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const url = 'http://sim.test/pay/ref-1';
    const { hook, calls } = harness([
      json(payment('PENDING', { paymentUrl: url }), 201),
      async () => {
        await gate;
        return json(payment('FAILED', { paymentUrl: url, failureReason: 'DECLINED' }));
      },
    ]);
    let done: Promise<unknown> = Promise.resolve();
    // Inside act until the status read is in flight: React applies the PENDING state on exit.
    await act(async () => {
      done = hook.current.pay({ ...order, network: 'wave_ci' });
      await calls(2);
    });
    expect(hook.current.state).toBe('pending');
    expect(hook.current.paymentUrl).toBe(url);
    release();
    await act(async () => {
      await done;
    });
    expect(hook.current.state).toBe('failed');
    expect(hook.current.payment?.failureReason).toBe('DECLINED');
  });

  it('two-step OTP networks: waits for the code without polling, sends it, then follows the payment', async () => {
    const coris = { network: 'coris' };
    const { hook, keys, calls } = harness([
      json(payment('PENDING', { ...coris, awaitingOtp: true }), 201),
      json({ code: 'provider_unavailable', status: 503, failureCode: 'provider_unavailable' }, 503),
      json(payment('PENDING', coris)),
      json(payment('SUCCESSFUL', coris)),
    ]);
    let done: Promise<unknown> = Promise.resolve();
    await act(async () => {
      done = hook.current.pay({ ...order, network: 'coris' });
      await calls(1);
    });
    expect(hook.current).toMatchObject({ state: 'pending', awaitingOtp: true });
    expect(keys).toHaveLength(1); // no status read while the code is awaited

    // FeexPay down: the code can be sent again.
    await act(async () => {
      await hook.current.confirmOtp('482913');
    });
    expect(hook.current.awaitingOtp).toBe(true);
    expect(hook.current.error).toMatchObject({ failureCode: 'provider_unavailable' });
    await act(async () => {
      await hook.current.confirmOtp('482913');
      await done;
    });

    expect(hook.current).toMatchObject({ state: 'succeeded', awaitingOtp: false });
    expect(hook.current.error).toBeUndefined();
    expect(keys).toHaveLength(4);
  });

  it('retries a network error and a 409 in flight with the same Idempotency-Key', async () => {
    const { hook, keys } = harness([
      new TypeError('fetch failed'),
      json({ code: 'request_in_progress', status: 409 }, 409, { 'retry-after': '0' }),
      json(payment('SUCCESSFUL'), 201),
    ]);
    await act(async () => {
      await hook.current.pay(order);
    });
    expect(hook.current.state).toBe('succeeded');
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('waits out a 429 with Retry-After, then pays', async () => {
    const { hook } = harness([
      json({ code: 'rate_limited', status: 429 }, 429, { 'retry-after': '1' }),
      json(payment('SUCCESSFUL'), 201),
    ]);
    const started = Date.now();
    await act(async () => {
      await hook.current.pay(order);
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(hook.current.state).toBe('succeeded');
  });

  it('reports a typed error, and reset() returns to idle', async () => {
    const { hook } = harness([
      json(
        {
          code: 'validation_failed',
          status: 400,
          detail: 'Fix these fields: phoneNumber.',
          errors: [{ field: 'phoneNumber', message: 'Too short' }],
        },
        400,
      ),
    ]);
    await act(async () => {
      await hook.current.pay(order);
    });
    expect(hook.current.state).toBe('error');
    expect(hook.current.error).toBeInstanceOf(PaymentsValidationError);
    expect((hook.current.error as PaymentsValidationError).fields[0]?.field).toBe('phoneNumber');
    act(() => hook.current.reset());
    expect(hook.current.state).toBe('idle');
    expect(hook.current.error).toBeUndefined();
  });

  it('cancel() aborts the polling request and leaves no error', async () => {
    const { hook, done, aborted } = await payUntilPolling();
    act(() => hook.current.cancel());
    await act(async () => {
      await done;
    });
    expect(aborted()).toBe(true);
    expect(hook.current.state).toBe('idle');
    expect(hook.current.error).toBeUndefined();
    expect(hook.current.payment?.status).toBe('PENDING');
  });

  it('unmounting aborts the polling', async () => {
    const { unmount, done, aborted } = await payUntilPolling();
    unmount();
    await done;
    expect(aborted()).toBe(true);
  });

  it('sends the caller’s Idempotency-Key, so a second click gives back the same payment', async () => {
    const { hook, keys, requests } = harness([
      json(payment('SUCCESSFUL'), 201),
      json(payment('SUCCESSFUL'), 200, { 'idempotent-replayed': 'true' }),
    ]);
    await act(async () => {
      await hook.current.pay(order, { idempotencyKey: 'order-42' });
    });
    await act(async () => {
      await hook.current.pay(order, { idempotencyKey: 'order-42' });
    });
    expect(requests).toEqual(['POST initiate', 'POST initiate']);
    expect(keys).toEqual(['order-42', 'order-42']);
    expect(hook.current.state).toBe('succeeded');
  });

  it('retry(): a new attempt of the failed payment, followed to its end', async () => {
    const { hook, keys, requests } = harness([
      json(payment('FAILED', { failureReason: 'DECLINED' }), 201),
      json(payment('PENDING', { id: 'pay_2', retryOf: 'pay_1' }), 201),
      json(payment('SUCCESSFUL', { id: 'pay_2', retryOf: 'pay_1' })),
    ]);
    await act(async () => {
      await hook.current.pay(order);
    });
    expect(hook.current.state).toBe('failed');

    await act(async () => {
      await hook.current.retry({ idempotencyKey: 'order-42-retry-1' });
    });

    expect(requests).toEqual(['POST initiate', 'POST retry/pay_1', 'GET pay_2/status']);
    expect(keys[1]).toBe('order-42-retry-1');
    expect(hook.current.state).toBe('succeeded');
    expect(hook.current.payment?.id).toBe('pay_2');
  });

  it('retry() of a payment that is not FAILED or EXPIRED is an error, and calls nothing', async () => {
    const { hook, requests } = harness([json(payment('SUCCESSFUL'), 201)]);
    await act(async () => {
      await hook.current.retry();
    });
    expect(hook.current.state).toBe('error');
    expect(hook.current.error?.message).toMatch(/no payment to retry/);
    await act(async () => {
      await hook.current.pay(order);
    });
    await act(async () => {
      await hook.current.retry();
    });
    expect(hook.current.error?.message).toMatch(/pay_1 is SUCCESSFUL/);
    expect(requests).toEqual(['POST initiate']);
  });

  it('resume(id): follows a payment started earlier from its current state', async () => {
    const { hook, requests } = harness([
      json(payment('PENDING', { id: 'pay_9' })),
      json(payment('PENDING', { id: 'pay_9' })),
      json(payment('SUCCESSFUL', { id: 'pay_9' })),
    ]);
    await act(async () => {
      await hook.current.resume('pay_9');
    });
    expect(requests).toEqual(['GET pay_9/status', 'GET pay_9/status', 'GET pay_9/status']);
    expect(hook.current.state).toBe('succeeded');
    expect(hook.current.payment?.id).toBe('pay_9');
  });
});
