import { CandidateCache } from "./candidate-cache.ts";
import { hashString, pairUnit } from "./hash.ts";
import type { Balancer, BalancerOptions, Endpoint, PickContext } from "./types.ts";
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
  readonly #cache = new CandidateCache<E>();
  /** Id hashes aligned with the cached candidate list. */
  #hashes = new Uint32Array(0);
  /** All eligible candidates weigh the same: the highest `u` wins and no logarithm is needed. */
  #uniform = true;

  constructor(opts: BalancerOptions = {}) {
    this.#random = opts.random ?? Math.random;
  }

  pick(candidates: readonly E[], ctx?: PickContext): E | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    const total = totalWeight(candidates);
    const key = ctx?.key;
    if (key === undefined) return candidates[weightedIndex(candidates, total, this.#random())];
    if (!this.#cache.same(candidates)) this.#rebind(candidates, total);
    const kh = hashString(key);
    const hashes = this.#hashes;
    const uniform = this.#uniform;
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < n; i++) {
      const w = effectiveWeight(candidates[i]!, total);
      if (w === 0) continue;
      const u = pairUnit(kh, hashes[i]!);
      // score is monotonic in u for equal weights, so the winner is the same either way.
      const score = uniform ? u : w / -Math.log(u);
      // Ties (practically impossible) break on id so the answer never depends on order.
      if (score > bestScore || (score === bestScore && candidates[i]!.id < candidates[best]!.id)) {
        bestScore = score;
        best = i;
      }
    }
    return candidates[best];
  }

  #rebind(candidates: readonly E[], total: number): void {
    this.#hashes = new Uint32Array(candidates.length);
    let weight = -1;
    this.#uniform = true;
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i]!;
      this.#hashes[i] = hashString(e.id);
      const w = effectiveWeight(e, total);
      if (w === 0) continue;
      if (weight === -1) weight = w;
      else if (w !== weight) this.#uniform = false;
    }
    this.#cache.remember(candidates);
  }
}

/** The owner of `key` among `candidates` (stateless helper for callers without a balancer). */
export function rendezvousOwner<E extends Endpoint>(candidates: readonly E[], key: string): E | undefined {
  return new RendezvousBalancer<E>().pick(candidates, { key });
}
