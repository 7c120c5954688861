/**
 * The simulator's timers (a customer answering later, a webhook retry) in one place, so `reset()`
 * cancels them all and `close()` also cuts deliveries in flight and stops anything new.
 */
export class Scheduler {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #shutdown = new AbortController();

  get closed(): boolean {
    return this.#shutdown.signal.aborted;
  }

  /** Aborted by `close()`. */
  get signal(): AbortSignal {
    return this.#shutdown.signal;
  }

  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  /** Resolves after `ms`, unless the timers are cancelled first (then never). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  close(): void {
    this.cancelAll();
    this.#shutdown.abort();
  }
}
