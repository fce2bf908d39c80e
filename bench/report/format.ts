/** Shared wording for the table and the chart. */
import type { FigureResult } from "../lib/types.ts";

export function verdict(f: Pick<FigureResult, "met">): string {
  return f.met === true ? "met" : f.met === false ? "MISSED" : "not measured";
}

export function targetText(f: Pick<FigureResult, "target">): string {
  return `${f.target.op} ${f.target.value}`;
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
