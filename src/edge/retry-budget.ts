/**
 * Retry budget (Finagle `RetryBudget`, Envoy `retry_budget`): every request deposits
 * `percent`/100 of a token, every retry withdraws one; a reserve of `minPerSecond` x window
 * always exists so low-traffic routes can still retry. Counts live in one-second buckets over a
 * 10-second window, so during an outage retries add at most `percent` % to the load.
 * One budget per route per isolate.
 */
const WINDOW_SECONDS = 10;

export class RetryBudget {
  readonly #percent: number;
  readonly #reserve: number;
  readonly #requests = new Float64Array(WINDOW_SECONDS);
  readonly #retries = new Float64Array(WINDOW_SECONDS);
  #second = 0;

  constructor(percent: number, minPerSecond: number) {
    this.#percent = percent;
    this.#reserve = minPerSecond * WINDOW_SECONDS;
  }

  /** Call once per request (not per attempt). */
  deposit(now: number): void {
    this.#advance(now);
    this.#requests[this.#second % WINDOW_SECONDS]!++;
  }

  /** True (and the retry is counted) when the budget allows one more retry now. */
  tryWithdraw(now: number): boolean {
    this.#advance(now);
    let requests = 0;
    let retries = 0;
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      requests += this.#requests[i]!;
      retries += this.#retries[i]!;
    }
    if (retries + 1 > this.#reserve + (requests * this.#percent) / 100) return false;
    this.#retries[this.#second % WINDOW_SECONDS]!++;
    return true;
  }

  #advance(now: number): void {
    const sec = Math.floor(now / 1000);
    if (sec === this.#second) return;
    // Clear the buckets of the seconds that passed (all of them after a long pause).
    const steps = Math.min(WINDOW_SECONDS, Math.max(0, sec - this.#second));
    for (let i = 1; i <= steps; i++) {
      const b = (this.#second + i) % WINDOW_SECONDS;
      this.#requests[b] = 0;
      this.#retries[b] = 0;
    }
    this.#second = sec;
  }
}
