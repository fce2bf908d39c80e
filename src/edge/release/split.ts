import { fmix32, fnv1a32 } from "../../lb/index.ts";
import type { Split, StickyOn } from "../../schema/l7-release.ts";
import type { CompiledForward } from "../forward-plan.ts";

/** One side of a split: its name, pool chain plan and weight as a fraction of traffic. */
export interface SplitSide {
  readonly name: string;
  readonly plan: CompiledForward;
  /** Static weight in [0, 1]; a scheduled side's moves with time (see weightAt). */
  readonly weight: number;
}

/** A split compiled once per table version (built by compileRelease). */
export interface CompiledSplit {
  readonly primary: SplitSide;
  /** Split sides in document order; side i owns the i-th band from the top of [0, 1). */
  readonly sides: readonly SplitSide[];
  readonly byName: ReadonlyMap<string, SplitSide>;
  readonly stickyOn: StickyOn;
  readonly override: Split["override"];
  readonly schedule: { side: number; from: number; to: number; startMs: number; durationMs: number } | undefined;
}

/** The request's place in [0, 1): a fixed hash of the cohort key (same in every isolate and version). */
export function cohortPoint(key: string): number {
  return fmix32(fnv1a32(`split\n${key}`)) / 4_294_967_296;
}

/** Weight of side `i` at `now` (the schedule's linear ramp, clamped to its ends). */
export function weightAt(split: CompiledSplit, i: number, now: number): number {
  const s = split.schedule;
  if (s === undefined || s.side !== i) return split.sides[i]!.weight;
  const t = Math.min(1, Math.max(0, (now - s.startMs) / s.durationMs));
  return (s.from + (s.to - s.from) * t) / 100;
}

/**
 * The side owning `point`: the first side takes [1 - w1, 1), the next the band below it, and the
 * primary whatever is left at the bottom. Bands only grow downwards as a side's weight rises, so a
 * cohort moves only when a boundary crosses its point (and then only towards the growing side).
 */
export function sideAt(split: CompiledSplit, point: number, now: number): SplitSide {
  let top = 1;
  for (let i = 0; i < split.sides.length; i++) {
    const bottom = Math.max(0, top - weightAt(split, i, now));
    if (point >= bottom && point < top) return split.sides[i]!;
    top = bottom;
  }
  return split.primary;
}

/** The side an override value names: `always` is the first side, `never` the primary, else a side name. */
export function overrideSide(split: CompiledSplit, value: string | undefined): SplitSide | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.trim().toLowerCase();
  if (v === "always") return split.sides[0];
  if (v === "never") return split.primary;
  return split.byName.get(v);
}
