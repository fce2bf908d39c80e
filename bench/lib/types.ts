/** The shape of one figure in bench/results.json. */

export type Direction = "<=" | ">=";

export interface Target {
  /** `ratio <= value` (lower is better) or `ratio >= value` (higher is better). */
  op: Direction;
  value: number;
  /** What the ratio compares, e.g. "relay / haproxy". */
  of: string;
  /**
   * Set when the judged value is not a ratio but an amount in this unit (e.g. "µs" for a difference
   * in CPU time): reports print the unit and the chart draws the value ÷ the target value.
   */
  unit?: string;
}

export interface FigureResult {
  key: string;
  /** Unit of the medians, e.g. "ns/decision", "Gbit/s", "req/s". */
  unit: string;
  /** Median per contender (or per case for multi-case figures). */
  medians: Record<string, number>;
  /** The ratio judged against the target; null when it could not be measured. */
  ratio: number | null;
  target: Target;
  met: boolean | null;
  /** Raw samples per contender, for whoever wants to check the spread. */
  samples?: Record<string, number[]>;
  /** Sub-cases (tables, percentiles, ...) with their own ratios. */
  cases?: Record<string, unknown>;
  /** Human notes: what ran, why a figure is missing, the profile summary when a target is missed. */
  notes: string[];
}

export function judge(ratio: number | null, target: Target): boolean | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  return target.op === "<=" ? ratio <= target.value : ratio >= target.value;
}

/** A figure that could not run (missing component, time budget, tool failure). */
export function unmeasured(key: string, unit: string, target: Target, why: string): FigureResult {
  return { key, unit, medians: {}, ratio: null, target, met: null, notes: [why] };
}

export interface BenchOptions {
  quick: boolean;
  /** Figure keys or prefixes to run (`l4.redis`, `l4`); empty means all. */
  only: string[];
  /** Absolute ms timestamp by which the whole run must end. */
  deadline: number;
  /** Capture a CPU profile of our component when a target is missed. */
  profile: boolean;
}

export function selected(opts: BenchOptions, key: string): boolean {
  if (opts.only.length === 0) return true;
  return opts.only.some(
    (o) => key === o || key.startsWith(`${o}.`) || (o.endsWith("*") && key.startsWith(o.slice(0, -1))),
  );
}
