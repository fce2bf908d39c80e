/**
 * Balancers shared by the worker and the relay. Create one balancer per pool (per config
 * version) with `createBalancer(policy)` and call `pick(healthyCandidates, ctx)` per request
 * or connection.
 */

import { FirstBalancer } from "./first.ts";
import { LeastLoadBalancer } from "./least-load.ts";
import { RandomBalancer } from "./random.ts";
import { RendezvousBalancer } from "./rendezvous.ts";
import { RoundRobinBalancer } from "./round-robin.ts";
import type { BalancePolicy, Balancer, BalancerOptions, Endpoint } from "./types.ts";

export { FirstBalancer } from "./first.ts";
export { fmix32, fnv1a32, hashString } from "./hash.ts";
export { LeastLoadBalancer } from "./least-load.ts";
export { RandomBalancer } from "./random.ts";
export { RendezvousBalancer, rendezvousOwner } from "./rendezvous.ts";
export { RoundRobinBalancer } from "./round-robin.ts";
export type { BalancePolicy, Balancer, BalancerOptions, Endpoint, PickContext } from "./types.ts";

export const BALANCE_POLICIES: readonly BalancePolicy[] = ["round_robin", "random", "least_load", "hash", "first"];

export function createBalancer<E extends Endpoint = Endpoint>(
  policy: BalancePolicy,
  opts: BalancerOptions = {},
): Balancer<E> {
  switch (policy) {
    case "round_robin":
      return new RoundRobinBalancer<E>();
    case "random":
      return new RandomBalancer<E>(opts);
    case "least_load":
      return new LeastLoadBalancer<E>(opts);
    case "hash":
      return new RendezvousBalancer<E>(opts);
    case "first":
      return new FirstBalancer<E>();
    default: {
      const never: never = policy;
      throw new TypeError(`unknown balance policy ${String(never)}`);
    }
  }
}
