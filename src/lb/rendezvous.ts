import type { Balancer, BalancerOptions, Endpoint, PickContext } from "./types.ts";
import { hashString, pairUnit } from "./hash.ts";
import { effectiveWeight, totalWeight, weightedIndex } from "./weights.ts";

/**
 * Weighted rendezvous (highest random weight) hashing: every endpoint gets the score
 * `weight / -ln(u)` where `u` is a fixed hash of (key, endpoint id) in (0, 1); the highest wins.
 * Removing an endpoint moves exactly the keys it owned (≈ 1/N of them), adding one takes ≈ 1/N
 * from the others, and the result depends only on the key and the candidate ids and weights,
 * never on order or process. O(N) per pick, which beats rebuilding a Maglev table each time the
 * healthy set changes for the pool sizes an edge sees (tens of endpoints).
 */
export class RendezvousBalancer<E extends Endpoint = Endpoint> implements Balancer<E> {
  readonly policy = "hash" as const;
  readonly #random: () => number;
  /** Hash of each endpoint id, computed once. Bounded by the number of distinct ids seen. */
  readonly #idHash = new Map<string, number>();

  constructor(opts: BalancerOptions = {}) {
    this.#random = opts.random ?? Math.random;
  }

  pick(candidates: readonly E[], ctx?: PickContext): E | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    const total = totalWeight(candidates);
    const key = ctx?.key;
    if (key === undefined) return candidates[weightedIndex(candidates, total, this.#random())];
    const kh = hashString(key);
    let best: E | undefined;
    let bestScore = -1;
    for (let i = 0; i < n; i++) {
      const e = candidates[i]!;
      const w = effectiveWeight(e, total);
      if (w === 0) continue;
      const score = w / -Math.log(pairUnit(kh, this.#hashOf(e.id)));
      // Ties (practically impossible) break on id so the answer never depends on order.
      if (score > bestScore || (score === bestScore && best !== undefined && e.id < best.id)) {
        bestScore = score;
        best = e;
      }
    }
    return best;
  }

  #hashOf(id: string): number {
    let h = this.#idHash.get(id);
    if (h === undefined) {
      h = hashString(id);
      this.#idHash.set(id, h);
    }
    return h;
  }
}

/** The owner of `key` among `candidates` (stateless helper for callers without a balancer). */
export function rendezvousOwner<E extends Endpoint>(candidates: readonly E[], key: string): E | undefined {
  return new RendezvousBalancer<E>().pick(candidates, { key });
}
