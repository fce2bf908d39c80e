import type { Overload } from "../../schema/pool-shielding.ts";
import { CircuitBreaker } from "./breaker.ts";

/**
 * In-flight cap and FIFO wait queue of one origin in one isolate. `acquire` resolves with true
 * when a slot is taken (at once, or when one is handed over by `release`), false when the queue is
 * full or the wait timed out. Slots are handed to waiters directly, so the cap always holds.
 */
export class OriginGuard {
  readonly cfg: Overload;
  readonly breaker: CircuitBreaker | undefined;
  inFlight = 0;
  readonly #waiters: { grant: () => void }[] = [];

  constructor(cfg: Overload) {
    this.cfg = cfg;
    this.breaker = cfg.breaker ? new CircuitBreaker(cfg.breaker) : undefined;
  }

  get queued(): number {
    return this.#waiters.length;
  }

  acquire(): boolean | Promise<boolean> {
    if (this.inFlight < this.cfg.maxInFlight) {
      this.inFlight++;
      return true;
    }
    if (this.#waiters.length >= this.cfg.maxQueue) return false;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i !== -1) this.#waiters.splice(i, 1);
        resolve(false);
      }, this.cfg.queueTimeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Frees a slot: the first waiter takes it over, else the count drops. */
  release(): void {
    const next = this.#waiters.shift();
    if (next !== undefined) next.grant();
    else this.inFlight--;
  }
}
