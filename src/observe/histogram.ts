/**
 * A fixed-bucket latency histogram (milliseconds). Fixed buckets make recording one comparison
 * loop over a short array and one increment, and make histograms of different isolates addable.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

export interface HistogramJson {
  /** Upper bounds (ms, inclusive); the last count is everything above the last bound. */
  buckets: readonly number[];
  counts: number[];
  /** Upper bound of the bucket holding the quantile (null without samples; Infinity-bucket reported as the last bound). */
  p50: number | null;
  p99: number | null;
}

export class Histogram {
  /** One count per bucket plus the overflow bucket. */
  readonly counts = new Float64Array(LATENCY_BUCKETS_MS.length + 1);
  total = 0;

  record(ms: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]!) i++;
    this.counts[i]!++;
    this.total++;
  }

  /** The upper bound of the bucket where the q-quantile falls (a bucketed estimate, like Prometheus' le). */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return LATENCY_BUCKETS_MS[Math.min(i, LATENCY_BUCKETS_MS.length - 1)]!;
    }
    return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
  }

  toJSON(): HistogramJson {
    return { buckets: LATENCY_BUCKETS_MS, counts: [...this.counts], p50: this.quantile(0.5), p99: this.quantile(0.99) };
  }
}
