import type { Endpoint } from "./types.ts";

/**
 * Remembers the last candidate list a balancer saw, element by element, so per-endpoint data can
 * live in a typed array aligned with it. Callers usually pass the same healthy set again and
 * again; checking it is a few pointer comparisons, far cheaper than a Map lookup per endpoint.
 * Comparing elements (not just the array) stays correct when a caller mutates its array in place.
 */
export class CandidateCache<E extends Endpoint> {
  #refs: E[] = [];

  /** True when `candidates` holds exactly the endpoints of the previous call, in order. */
  same(candidates: readonly E[]): boolean {
    const refs = this.#refs;
    const n = candidates.length;
    if (n !== refs.length) return false;
    for (let i = 0; i < n; i++) if (candidates[i] !== refs[i]) return false;
    return true;
  }

  /** The previous list (valid until `remember`). */
  get previous(): readonly E[] {
    return this.#refs;
  }

  remember(candidates: readonly E[]): void {
    this.#refs = candidates.slice();
  }
}
