/**
 * What the table and the chart judge: each figure, plus any sub-case that carries its own target
 * (e.g. l7.match's `cases.conditions`), unless that sub-case is also stored as a figure of its own.
 */
import type { Target } from "../lib/types.ts";
import { FIGURE_KEYS, type FigureKey, type Results, type StoredFigure } from "./results.ts";

export interface Judged {
  /** The figure key, or "key (case)" for a sub-case. */
  label: string;
  figure: StoredFigure;
  /** The sub-case's name; undefined for the figure itself. */
  subCase?: string;
  ratio: number | null;
  target: Target;
  met: boolean | null;
}

interface JudgedCase {
  ratio: number | null;
  target: Target;
  met: boolean | null;
}

function isJudgedCase(v: unknown): v is JudgedCase {
  if (!v || typeof v !== "object") return false;
  const c = v as Partial<JudgedCase>;
  return "ratio" in c && "met" in c && typeof c.target?.op === "string" && typeof c.target.value === "number";
}

/** The sub-cases of `f` with their own target, leaving out those stored as figures (`key.case`). */
export function judgedCases(r: Results, f: StoredFigure): Judged[] {
  return Object.entries(f.cases ?? {})
    .filter(([name, c]) => isJudgedCase(c) && !r[`${f.key}.${name}` as FigureKey])
    .map(([name, c]) => {
      const { ratio, target, met } = c as JudgedCase;
      return { label: `${f.key} (${name})`, figure: f, subCase: name, ratio, target, met };
    });
}

/** Every figure in report order, each followed by its judged sub-cases. */
export function judgedRows(r: Results): Judged[] {
  const rows: Judged[] = [];
  for (const k of FIGURE_KEYS) {
    const f = r[k];
    if (!f) continue;
    rows.push({ label: k, figure: f, ratio: f.ratio, target: f.target, met: f.met });
    rows.push(...judgedCases(r, f));
  }
  return rows;
}

/** The stored figures in report order. */
export function storedFigures(r: Results): StoredFigure[] {
  return FIGURE_KEYS.map((k) => r[k]).filter((f): f is StoredFigure => !!f);
}
