import type { L4Timeouts } from "../../schema/l4.ts";
import type { Relayed } from "./relayed.ts";

/**
 * One coarse timer per listener instead of timers per connection: every period it lets each
 * session check its connect / idle / half-closed / max-duration deadline. A timeout fires
 * between its value and its value plus one period (1/8 of the shortest timeout, 10 ms..1 s).
 * The timer runs only while there are sessions.
 */
export class SessionSweep {
  readonly #groups: readonly Set<Relayed>[];
  readonly #timeouts: () => L4Timeouts;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(groups: readonly Set<Relayed>[], timeouts: () => L4Timeouts) {
    this.#groups = groups;
    this.#timeouts = timeouts;
  }

  readonly #sweep = () => {
    this.#timer = undefined;
    const now = Date.now();
    for (const g of this.#groups) for (const s of g) s.tick(now);
    this.start();
  };

  /** Arms the timer unless it is armed or there is nothing to watch. */
  start(): void {
    if (this.#timer || this.#groups.every((g) => g.size === 0)) return;
    const t = this.#timeouts();
    let min = t.connectMs;
    for (const v of [t.idleMs, t.halfClosedMs, t.maxDurationMs]) if (v > 0 && v < min) min = v;
    this.#timer = setTimeout(this.#sweep, Math.min(1000, Math.max(10, Math.floor(min / 8))));
    this.#timer.unref();
  }
}
