import type { Overload } from "../../schema/pool-shielding.ts";

type Breaker = NonNullable<Overload["breaker"]>;

/**
 * A circuit breaker for one origin in one isolate: closed (requests flow, failures in a row are
 * counted) → open after `consecutiveFailures` (no requests for `openMs`) → half-open (one probe
 * request at a time) → closed on the probe's success, open again on its failure.
 */
export class CircuitBreaker {
  readonly #cfg: Breaker;
  #failures = 0;
  /** Epoch ms the breaker opened; 0 = closed. */
  #openedAt = 0;
  #probing = false;

  constructor(cfg: Breaker) {
    this.#cfg = cfg;
  }

  state(now: number): "closed" | "open" | "half-open" {
    if (this.#openedAt === 0) return "closed";
    return now - this.#openedAt < this.#cfg.openMs ? "open" : "half-open";
  }

  /** Whether a request may be sent now (half-open: only while no probe is out). */
  admits(now: number): boolean {
    const s = this.state(now);
    return s === "closed" || (s === "half-open" && !this.#probing);
  }

  /** Called when a request is sent; in half-open it becomes the probe. */
  onSend(now: number): void {
    if (this.state(now) === "half-open") this.#probing = true;
  }

  /** Records an outcome; returns true when it opened the breaker. */
  record(ok: boolean, now: number): boolean {
    const wasOpen = this.#openedAt !== 0;
    this.#probing = false;
    if (ok) {
      this.#failures = 0;
      if (wasOpen) this.recoveredAt = now;
      this.#openedAt = 0;
      return false;
    }
    this.#failures++;
    if (wasOpen ? this.state(now) !== "open" : this.#failures >= this.#cfg.consecutiveFailures) {
      this.#openedAt = now;
      return true;
    }
    return false;
  }

  /** When the breaker last closed after being open (slow start ramps from here); 0 if never. */
  recoveredAt = 0;
}
