/** Shared by the route-table cache and the health-view cache: one log line format, one refresh discipline. */

export interface WaitUntil {
  waitUntil(p: Promise<unknown>): void;
}

/** A KV read older than this is presumed lost (e.g. cancelled with its request) and replaced. */
export const MAX_READ_MS = 10_000;

/**
 * Stale-while-revalidate bookkeeping for one isolate-wide value: when it was last checked, and
 * the one read in flight. Every read is handed to `waitUntil`, so it outlives the request that
 * started it. A read that has not settled after `maxReadMs` no longer counts as in flight: the
 * next request starts a fresh one, and a cold request waiting on it gives up at that point —
 * a hung read never stalls the isolate.
 */
export class Revalidator {
  #checkedAt = -Infinity;
  #inflight: Promise<void> | undefined;
  #startedAt = 0;
  readonly #now: () => number;
  readonly #maxReadMs: number;

  constructor(now: () => number = Date.now, maxReadMs: number = MAX_READ_MS) {
    this.#now = now;
    this.#maxReadMs = maxReadMs;
  }

  isStale(refreshMs: number): boolean {
    return this.#now() - this.#checkedAt >= refreshMs;
  }

  /** Warm path: true when a background refresh should start (stale, and no live read runs). */
  due(refreshMs: number): boolean {
    return this.isStale(refreshMs) && !this.#live();
  }

  /** Starts a read in the background (`waitUntil`); it becomes the one in flight. */
  start(ctx: WaitUntil, load: () => Promise<void>): Promise<void> {
    const p: Promise<void> = load().finally(() => {
      this.#checkedAt = this.#now();
      if (this.#inflight === p) this.#inflight = undefined; // a replaced read must not clear its successor
    });
    this.#inflight = p;
    this.#startedAt = this.#now();
    ctx.waitUntil(p);
    return p;
  }

  /** Cold path: joins the live read (or starts one) and waits at most until that read is presumed lost. */
  async await(ctx: WaitUntil, load: () => Promise<void>): Promise<void> {
    const p = this.#live() ? this.#inflight! : this.start(ctx, load);
    const left = this.#startedAt + this.#maxReadMs - this.#now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lost = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, left))));
    try {
      await Promise.race([p, lost]);
    } finally {
      clearTimeout(timer);
    }
  }

  #live(): boolean {
    return this.#inflight !== undefined && this.#now() - this.#startedAt < this.#maxReadMs;
  }
}
