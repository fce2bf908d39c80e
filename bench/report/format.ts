/** Shared wording for the table and the chart. */
import type { FigureResult, Target } from "../lib/types.ts";

export function verdict(f: Pick<FigureResult, "met">): string {
  return f.met === true ? "met" : f.met === false ? "MISSED" : "not measured";
}

/** " µs" for a target that is an amount rather than a ratio, else "". */
const unitSuffix = (t: Pick<Target, "unit">) => (t.unit ? ` ${t.unit}` : "");

export function targetText(f: { target: Pick<Target, "op" | "value" | "unit"> }): string {
  return `${f.target.op} ${f.target.value}${unitSuffix(f.target)}`;
}

/** The judged value as the table and the chart print it: a ratio, or an amount with its unit. */
export function judgedText(f: { ratio: number | null; target: Pick<Target, "unit"> }): string {
  return f.ratio === null || !Number.isFinite(f.ratio) ? fmt(f.ratio) : `${fmt(f.ratio)}${unitSuffix(f.target)}`;
}

export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(x / 1e3).toFixed(1)}k`;
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(a >= 1 ? 2 : 3);
}
