import type { Endpoint } from "./types.ts";

/**
 * Sum of weights, or -1 when every candidate has weight 0. Callers then treat every candidate
 * as weight 1 (weight-0 endpoints are standbys that take traffic only when nothing else is left).
 */
export function totalWeight(candidates: readonly Endpoint[]): number {
  let total = 0;
  for (let i = 0; i < candidates.length; i++) {
    const w = candidates[i]!.weight;
    if (w > 0) total += w;
  }
  return total > 0 ? total : -1;
}

/** Weight to use for one candidate given `totalWeight` of the set. */
export function effectiveWeight(e: Endpoint, total: number): number {
  return total < 0 ? 1 : Math.max(e.weight, 0);
}

/** Weighted random index among candidates; `r` is uniform in [0, 1). */
export function weightedIndex(candidates: readonly Endpoint[], total: number, r: number): number {
  const n = candidates.length;
  if (total < 0) return Math.min(n - 1, Math.floor(r * n));
  let x = r * total;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const w = candidates[i]!.weight;
    if (w <= 0) continue;
    last = i;
    if (x < w) return i;
    x -= w;
  }
  return last; // floating-point rounding at the top end
}
