import {
  type BalancePolicy,
  type Balancer,
  createBalancer,
  type Endpoint,
  fmix32,
  fnv1a32,
  RendezvousBalancer,
} from "../lb/index.ts";
import type { Origin, Pool } from "../schema/pool.ts";
import { OutlierDetector } from "./outlier.ts";

/** An origin as a balancer endpoint, with its index in the pool (for per-origin counters). */
export interface OriginEndpoint extends Endpoint {
  readonly origin: Origin;
  readonly index: number;
  /** Opaque id used in affinity cookies; meaningful only within this pool. */
  readonly affinityId: string;
}

const POLICY: Record<Pool["balance"]["policy"], BalancePolicy> = {
  round_robin: "round_robin",
  random: "random",
  least_outstanding: "least_load",
  hash: "hash",
  first: "first",
};

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/** 64 bits of a fixed hash of (pool, origin name, url) as 16 hex chars. */
export function opaqueOriginId(pool: string, origin: Origin): string {
  const s = `${pool}\n${origin.name}\n${origin.url}`;
  return hex8(fmix32(fnv1a32(s))) + hex8(fmix32(fnv1a32(`${s}\n2`)));
}

/**
 * Per-isolate state of one pool under one config version: its balancer, in-flight counts,
 * outlier detector and endpoint list. Built once per (config version, pool name) and dropped
 * with the config (see `poolRuntimes`).
 */
export class PoolRuntime {
  readonly name: string;
  readonly pool: Pool;
  readonly endpoints: readonly OriginEndpoint[];
  readonly balancer: Balancer<OriginEndpoint>;
  /** Same endpoints keyed by affinity id. */
  readonly byAffinityId: ReadonlyMap<string, OriginEndpoint>;
  readonly outlier: OutlierDetector | undefined;
  /** Rendezvous hashing for header affinity (holds only a cache of id hashes). */
  readonly affinityHasher = new RendezvousBalancer<OriginEndpoint>();
  readonly outstanding: Int32Array;
  /** Bound once so `least_outstanding` picks don't allocate a closure per request. */
  readonly load: (id: string) => number;
  readonly #indexById: Map<string, number>;

  constructor(name: string, pool: Pool) {
    this.name = name;
    this.pool = pool;
    this.endpoints = pool.origins.map((origin, index) => ({
      id: origin.name,
      weight: origin.weight,
      origin,
      index,
      affinityId: opaqueOriginId(name, origin),
    }));
    this.byAffinityId = new Map(this.endpoints.map((e) => [e.affinityId, e]));
    this.#indexById = new Map(this.endpoints.map((e) => [e.id, e.index]));
    this.balancer = createBalancer<OriginEndpoint>(POLICY[pool.balance.policy]);
    this.outlier = pool.outlier ? new OutlierDetector(pool.outlier, pool.origins.length) : undefined;
    this.outstanding = new Int32Array(pool.origins.length);
    this.load = (id) => this.outstanding[this.#indexById.get(id) ?? 0] ?? 0;
  }
}

const registry = new WeakMap<object, Map<string, PoolRuntime>>();

/**
 * The runtime of pool `name` for the pools record of one parsed config. The record object is
 * replaced when a new config version is loaded, so state is naturally per version and is
 * garbage-collected with it.
 */
export function poolRuntime(pools: Readonly<Record<string, Pool>>, name: string): PoolRuntime | undefined {
  let byName = registry.get(pools);
  if (byName === undefined) {
    byName = new Map();
    registry.set(pools, byName);
  }
  let rt = byName.get(name);
  if (rt === undefined) {
    const pool = Object.hasOwn(pools, name) ? pools[name] : undefined;
    if (pool === undefined) return undefined;
    rt = new PoolRuntime(name, pool);
    byName.set(name, rt);
  }
  return rt;
}
