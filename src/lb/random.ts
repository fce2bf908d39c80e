import type { Balancer, BalancerOptions, Endpoint } from "./types.ts";
import { totalWeight, weightedIndex } from "./weights.ts";

/** Weighted random: stateless, so it behaves the same in every isolate and process. */
export class RandomBalancer<E extends Endpoint = Endpoint> implements Balancer<E> {
  readonly policy = "random" as const;
  readonly #random: () => number;

  constructor(opts: BalancerOptions = {}) {
    this.#random = opts.random ?? Math.random;
  }

  pick(candidates: readonly E[]): E | undefined {
    if (candidates.length <= 1) return candidates[0];
    return candidates[weightedIndex(candidates, totalWeight(candidates), this.#random())];
  }
}
