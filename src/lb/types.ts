/**
 * Load-balancing algorithms shared by the worker (origins) and the relay (backends).
 * Runtime-neutral: no `node:` imports, no Workers-only APIs, so both sides import them.
 *
 * A balancer is a small object with one choice point, `pick`. The caller passes the
 * candidates that are eligible right now (already filtered for health), so balancers
 * never track health themselves. Balancers never allocate per pick beyond what the
 * algorithm needs (state lives in the balancer instance, keyed by endpoint id).
 *
 * Weights: an endpoint of weight 0 is picked only when every candidate has weight 0
 * (then all count as equal); this is how "standby" endpoints behave in every policy.
 */
export interface Endpoint {
  /** Stable id, unique within its pool (an origin or backend name). */
  readonly id: string;
  /** Relative weight, >= 0. */
  readonly weight: number;
}

export interface PickContext {
  /**
   * Hash key for consistent hashing (client IP, header, cookie or query value).
   * When a `hash` balancer gets no key it falls back to weighted random.
   */
  key?: string;
  /**
   * Current load of an endpoint (outstanding requests / open connections) for `least_load`.
   * Without it `least_load` behaves like weighted random.
   */
  load?: (id: string) => number;
}

export interface Balancer<E extends Endpoint = Endpoint> {
  readonly policy: BalancePolicy;
  /** Chooses one of `candidates`; `undefined` only when `candidates` is empty. */
  pick(candidates: readonly E[], ctx?: PickContext): E | undefined;
}

/**
 * - `round_robin`: smooth weighted round robin (nginx), stateful per balancer instance.
 * - `random`: weighted random.
 * - `least_load`: power of two choices on `ctx.load(id) / weight` (Envoy LEAST_REQUEST, HAProxy random(2)).
 * - `hash`: weighted rendezvous hashing (HRW) on `ctx.key`; removing one of N endpoints remaps only
 *   the keys that endpoint owned (≈ 1/N) and every process computes the same answer for the same key.
 * - `first`: the first candidate in order (ordered failover).
 */
export type BalancePolicy = "round_robin" | "random" | "least_load" | "hash" | "first";

export interface BalancerOptions {
  /** Uniform random source in [0, 1); defaults to Math.random. Tests may inject a seeded one. */
  random?: () => number;
}
