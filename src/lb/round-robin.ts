import { CandidateCache } from "./candidate-cache.ts";
import type { Balancer, Endpoint } from "./types.ts";
import { effectiveWeight, totalWeight } from "./weights.ts";

/**
 * Smooth weighted round robin (nginx `ngx_http_upstream_get_peer`): each pick adds every
 * candidate's weight to its running score, takes the highest and subtracts the total from it.
 * Weights 5/1/1 give a,a,b,a,c,a,a instead of a burst of five a's. Scores are kept per endpoint
 * id, so the candidate list may change between picks (health filtering) without disturbing the
 * rotation of the others; while the list stays the same they live in a typed array.
 */
export class RoundRobinBalancer<E extends Endpoint = Endpoint> implements Balancer<E> {
  readonly policy = "round_robin" as const;
  /** Scores of endpoints not in the current list (source of truth when the list changes). */
  readonly #saved = new Map<string, number>();
  readonly #cache = new CandidateCache<E>();
  #scores = new Float64Array(0);

  pick(candidates: readonly E[]): E | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    if (!this.#cache.same(candidates)) this.#rebind(candidates);
    const scores = this.#scores;
    const total = totalWeight(candidates);
    const sum = total < 0 ? n : total;
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      const w = effectiveWeight(candidates[i]!, total);
      if (w === 0) continue;
      const s = (scores[i]! += w);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    scores[best]! -= sum;
    return candidates[best];
  }

  #rebind(candidates: readonly E[]): void {
    const prev = this.#cache.previous;
    for (let i = 0; i < prev.length; i++) this.#saved.set(prev[i]!.id, this.#scores[i]!);
    this.#scores = new Float64Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) this.#scores[i] = this.#saved.get(candidates[i]!.id) ?? 0;
    this.#cache.remember(candidates);
  }
}
