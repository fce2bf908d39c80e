import { breakerAdmits } from "../../edge/overload/index.ts";
import type { OriginEndpoint, PoolRuntime } from "../../edge/pool-runtime.ts";
import { slowStartPick } from "../../edge/slow-start.ts";
import type { HealthView } from "../../health/view.ts";
import type { RequestFacts } from "./request-facts.ts";

export interface Selection {
  rt: PoolRuntime;
  ep: OriginEndpoint;
}

export interface SelectState {
  readonly chain: readonly PoolRuntime[];
  readonly health: HealthView;
  readonly facts: RequestFacts;
  /** Origin chosen by a valid affinity cookie, per pool name (decoded before selection). */
  readonly affinity: ReadonlyMap<string, string>;
  /** Endpoints already tried by this request. */
  readonly tried: Set<OriginEndpoint>;
  readonly lastResort: boolean;
}

/** Not ejected, and (only for pools with active checks) not marked down in the health document. */
export function isHealthy(rt: PoolRuntime, ep: OriginEndpoint, health: HealthView, now: number): boolean {
  if (rt.outlier?.isEjected(ep.index, now)) return false;
  if (rt.pool.overload !== undefined && !breakerAdmits(rt, ep, now)) return false; // src/edge/overload
  return rt.pool.health === undefined || health.isUp(rt.name, ep.origin, now);
}

/** Healthy endpoints of a pool; the shared endpoint array itself when all are healthy (no allocation). */
export function healthyEndpoints(rt: PoolRuntime, health: HealthView, now: number): readonly OriginEndpoint[] {
  const all = rt.endpoints;
  let i = 0;
  while (i < all.length && isHealthy(rt, all[i]!, health, now)) i++;
  if (i === all.length) return all;
  const out = all.slice(0, i);
  for (i++; i < all.length; i++) if (isHealthy(rt, all[i]!, health, now)) out.push(all[i]!);
  return out;
}

function untried(eps: readonly OriginEndpoint[], tried: Set<OriginEndpoint>): readonly OriginEndpoint[] {
  if (tried.size === 0) return eps;
  return eps.filter((e) => !tried.has(e));
}

/** Chooses within one pool: affinity cookie, then header affinity, then the pool's balancer. */
function pickIn(rt: PoolRuntime, cands: readonly OriginEndpoint[], s: SelectState): OriginEndpoint | undefined {
  const affinity = rt.pool.affinity;
  if (affinity !== undefined) {
    if (affinity.type === "cookie") {
      const id = s.affinity.get(rt.name);
      const ep = id === undefined ? undefined : rt.byAffinityId.get(id);
      if (ep !== undefined && cands.includes(ep)) return ep;
    } else {
      const key = s.facts.headers.get(affinity.name);
      if (key !== null && key !== "") return rt.affinityHasher.pick(cands, { key });
    }
  }
  if (rt.pool.slowStartMs > 0) {
    const ep = slowStartPick(rt, cands, s.health, isHealthy, Math.random, Date.now()); // src/edge/slow-start.ts
    if (ep !== undefined) return ep;
  }
  const key = rt.pool.balance.policy === "hash" ? s.facts.hashKey(rt.pool.balance.hashOn) : undefined;
  return rt.balancer.pick(cands, { key, load: rt.load });
}

/**
 * Envoy's healthy panic threshold: when fewer than `panicThreshold` percent of a pool's origins are
 * in rotation, the health signals are judged unreliable (a rolling restart, a cascade) and the pool
 * balances over all of its origins rather than piling everything on the few left.
 */
export function inPanic(rt: PoolRuntime, healthyCount: number): boolean {
  const t = rt.pool.panicThreshold;
  return t > 0 && healthyCount * 100 < t * rt.endpoints.length;
}

/** Origins of a pool that are ejected by outlier detection but not marked down by active checks. */
function ejectedButUp(rt: PoolRuntime, s: SelectState, now: number): OriginEndpoint[] {
  const out: OriginEndpoint[] = [];
  if (rt.outlier === undefined) return out;
  for (const ep of rt.endpoints) {
    if (s.tried.has(ep) || !rt.outlier.isEjected(ep.index, now)) continue;
    if (rt.pool.health === undefined || s.health.isUp(rt.name, ep.origin, now)) out.push(ep);
  }
  return out;
}

/**
 * The origin for the next attempt, walking the route's pool chain in order:
 * 1. the first pool with at least `minHealthy` healthy origins that has an untried candidate; its
 *    candidates are its healthy origins, or all of its origins when it is in panic (above);
 * 2. else an untried origin of an eligible pool that outlier detection ejected (active checks do not
 *    mark it down): before giving up, a retry tries it; an ejection is one isolate's guess, and
 *    the origins that recovered from a rolling restart are exactly these;
 * 3. else an already tried healthy origin of the first eligible pool (a retry may reuse an origin
 *    when no other is left, as Envoy does);
 * 4. else, with `lastResort`: healthy origins of pools below minHealthy first, then any origin of
 *    the chain ignoring health; untried ones first.
 * Returns undefined when nothing may be tried.
 */
export function selectOrigin(s: SelectState, now: number): Selection | undefined {
  let firstEligible: { rt: PoolRuntime; healthy: readonly OriginEndpoint[] } | undefined;
  let eligible: PoolRuntime[] | undefined;
  for (const rt of s.chain) {
    const healthy = healthyEndpoints(rt, s.health, now);
    if (healthy.length === 0 || healthy.length < rt.pool.minHealthy) continue;
    const pool = inPanic(rt, healthy.length) ? rt.endpoints : healthy;
    firstEligible ??= { rt, healthy: pool };
    if (rt.outlier !== undefined) (eligible ??= []).push(rt);
    const cands = untried(pool, s.tried);
    if (cands.length === 0) continue;
    const ep = pickIn(rt, cands, s);
    if (ep !== undefined) return { rt, ep };
  }
  if (eligible !== undefined && s.tried.size > 0) {
    for (const rt of eligible) {
      const cands = ejectedButUp(rt, s, now);
      if (cands.length === 0) continue;
      const ep = pickIn(rt, cands, s);
      if (ep !== undefined) return { rt, ep };
    }
  }
  if (firstEligible !== undefined) {
    const ep = pickIn(firstEligible.rt, firstEligible.healthy, s);
    return ep === undefined ? undefined : { rt: firstEligible.rt, ep };
  }
  if (!s.lastResort) return undefined;
  for (const rt of s.chain) {
    const cands = untried(healthyEndpoints(rt, s.health, now), s.tried);
    if (cands.length > 0) return { rt, ep: pickIn(rt, cands, s)! };
  }
  for (const rt of s.chain) {
    const cands = untried(rt.endpoints, s.tried);
    if (cands.length > 0) return { rt, ep: pickIn(rt, cands, s)! };
  }
  const rt = s.chain[0];
  return rt === undefined ? undefined : { rt, ep: pickIn(rt, rt.endpoints, s)! };
}
