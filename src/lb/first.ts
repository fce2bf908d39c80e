import type { Balancer, Endpoint } from "./types.ts";

/** Ordered failover (HAProxy `balance first`): the first candidate with weight > 0, else the first. */
export class FirstBalancer<E extends Endpoint = Endpoint> implements Balancer<E> {
  readonly policy = "first" as const;

  pick(candidates: readonly E[]): E | undefined {
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i]!;
      if (e.weight > 0) return e;
    }
    return candidates[0];
  }
}
