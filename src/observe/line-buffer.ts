/** Where a buffered flush runs: the request that started the batch keeps it alive with waitUntil. */
export interface FlushContext {
  waitUntil(p: Promise<unknown>): void;
}

/** When buffered lines are written (settings.accessLog): 0 ms writes each line in its own request. */
export interface BufferLimits {
  flushMs: number;
  maxLines: number;
}

/**
 * The access log's per-isolate line buffer, nginx's `access_log … buffer= flush=` and Envoy's
 * flush interval for Workers. Why: in workerd, the first console.log of a request costs a fixed
 * 15–30 µs (the runtime's per-invocation log plumbing) while every further line in the same
 * invocation costs about 1 µs; measured in raw workerd, one line per request took 10% of the
 * default worker's throughput, a buffered line almost nothing (docs/benchmarks.md). So lines are
 * written in batches, each line still its own console.log (Workers Logs parses each as JSON):
 * - by the first buffered request's waitUntil timer, `flushMs` after it was buffered;
 * - at once when `maxLines` are waiting, or when an urgent line (an error) arrives, so errors are
 *   never delayed and never reordered after later lines;
 * - by the next request when the oldest line is overdue (a timer lost with its invocation).
 * A batch is attributed in `wrangler tail` to the invocation that wrote it; every line carries its
 * own request id.
 */
export class LineBuffer {
  private readonly lines: string[] = [];
  private oldest = 0;
  /** Bumped by every flush: a timer armed for an earlier batch does nothing. */
  private batch = 0;
  /** When the armed timer writes this batch (Infinity: none armed). */
  private due = Number.POSITIVE_INFINITY;

  private readonly write: (line: string) => void;
  private readonly now: () => number;

  constructor(write: (line: string) => void, now: () => number = Date.now) {
    this.write = write;
    this.now = now;
  }

  get pending(): number {
    return this.lines.length;
  }

  add(line: string, urgent: boolean, limits: BufferLimits, ctx: FlushContext): void {
    if (limits.flushMs <= 0) {
      this.flush();
      this.write(line);
      return;
    }
    const t = this.now();
    if (this.lines.length === 0) this.oldest = t;
    this.lines.push(line);
    if (urgent || this.lines.length >= limits.maxLines || t - this.oldest >= limits.flushMs) {
      this.flush();
      return;
    }
    // A shorter flushMs (a new table) arms an earlier timer; the later one then finds its batch gone.
    if (t + limits.flushMs < this.due) this.arm(t, limits.flushMs, ctx);
  }

  /** Writes every waiting line, oldest first. */
  flush(): void {
    this.batch++;
    this.due = Number.POSITIVE_INFINITY;
    const lines = this.lines;
    if (lines.length === 0) return;
    for (let i = 0; i < lines.length; i++) this.write(lines[i] as string);
    lines.length = 0;
  }

  private arm(now: number, ms: number, ctx: FlushContext): void {
    this.due = now + ms;
    const batch = this.batch;
    ctx.waitUntil(
      new Promise<void>((resolve) => {
        setTimeout(() => {
          if (batch === this.batch) this.flush();
          resolve();
        }, ms);
      }),
    );
  }
}
