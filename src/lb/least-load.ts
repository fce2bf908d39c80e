import type { Balancer, BalancerOptions, Endpoint, PickContext } from "./types.ts";
import { effectiveWeight, totalWeight, weightedIndex } from "./weights.ts";

/**
 * Power of two choices (Envoy LEAST_REQUEST, HAProxy `random(2)`, Traefik p2c): draw two
 * distinct candidates by weight and keep the one with the lower load per unit of weight.
 * Unlike a full scan for the minimum, many independent balancers (isolates, relay workers)
 * with stale views do not all stampede the same endpoint.
 */
export class LeastLoadBalancer<E extends Endpoint = Endpoint> implements Balancer<E> {
  readonly policy = "least_load" as const;
  readonly #random: () => number;

  constructor(opts: BalancerOptions = {}) {
    this.#random = opts.random ?? Math.random;
  }

  pick(candidates: readonly E[], ctx?: PickContext): E | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    const total = totalWeight(candidates);
    const i = weightedIndex(candidates, total, this.#random());
    const load = ctx?.load;
    if (!load) return candidates[i];
    // Second draw excludes the first: retry a few times, then take the next eligible one.
    let j = i;
    for (let t = 0; t < 4 && j === i; t++) j = weightedIndex(candidates, total, this.#random());
    if (j === i) j = nextEligible(candidates, total, i);
    if (j === i) return candidates[i];
    const a = candidates[i]!;
    const b = candidates[j]!;
    const la = load(a.id) / effectiveWeight(a, total);
    const lb = load(b.id) / effectiveWeight(b, total);
    return lb < la ? b : a;
  }
}

function nextEligible(candidates: readonly Endpoint[], total: number, from: number): number {
  const n = candidates.length;
  for (let k = 1; k < n; k++) {
    const j = (from + k) % n;
    if (effectiveWeight(candidates[j]!, total) > 0) return j;
  }
  return from;
}
