/**
 * Load-balancing algorithms shared by the worker (origins) and the relay (backends).
 * Runtime-neutral: no `node:` imports, no Workers-only APIs, so both sides import them.
 *
 * A balancer is a small object with one choice point, `pick`. The caller passes the
 * candidates that are eligible right now (already filtered for health), so balancers
 * never track health themselves.
 */
export interface Endpoint {
  /** Stable id, unique within its pool (an origin or backend name). */
  readonly id: string;
  /** Relative weight, >= 0. */
  readonly weight: number;
}

export interface PickContext {
  /** Hash key for consistent hashing (client IP, header, cookie or query value). */
  key?: string;
  /** Current load of an endpoint (outstanding requests / open connections) for least-load policies. */
  load?: (id: string) => number;
}

export interface Balancer<E extends Endpoint = Endpoint> {
  pick(candidates: readonly E[], ctx?: PickContext): E | undefined;
}

export type BalancePolicy = "round_robin" | "random" | "least_load" | "hash" | "first";
