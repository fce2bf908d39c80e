import type { Balancer, Endpoint } from "./types.ts";
import { effectiveWeight, totalWeight } from "./weights.ts";

/**
 * Smooth weighted round robin (nginx `ngx_http_upstream_get_peer`): each pick adds every
 * candidate's weight to its running score, takes the highest and subtracts the total from it.
 * Weights 5/1/1 give a,a,b,a,c,a,a instead of a burst of five a's. State is per instance and
 * keyed by endpoint id, so the candidate list may change between picks (health filtering)
 * without disturbing the rotation of the others.
 */
export class RoundRobinBalancer<E extends Endpoint = Endpoint> implements Balancer<E> {
  readonly policy = "round_robin" as const;
  readonly #current = new Map<string, number>();

  pick(candidates: readonly E[]): E | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    const total = totalWeight(candidates);
    const sum = total < 0 ? n : total;
    let best: E | undefined;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      const e = candidates[i]!;
      const w = effectiveWeight(e, total);
      if (w === 0) continue;
      const score = (this.#current.get(e.id) ?? 0) + w;
      this.#current.set(e.id, score);
      if (score > bestScore) {
        bestScore = score;
        best = e;
      }
    }
    this.#current.set(best!.id, bestScore - sum);
    return best;
  }
}
