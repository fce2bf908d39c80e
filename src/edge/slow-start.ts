import type { HealthView } from "../health/view.ts";
import { rampedPick, rampFactorAt } from "../lb/ramped-pick.ts";
import type { OriginEndpoint, PoolRuntime } from "./pool-runtime.ts";

/**
 * Slow start (HAProxy `slowstart`, Envoy `slow_start_config`): an origin that joins a pool or comes
 * back takes a share that rises linearly over `pool.slowStartMs`. Per isolate:
 * - joins: it is in this table version of the pool but was not in the previous version this
 *   isolate served (an isolate's first table has no previous version: nothing ramps);
 * - comes back: an outlier ejection or open breaker ended, or active health turned it up again
 *   (seen by this isolate's first request after the change).
 * Ramps are keyed by pool, origin name and URL, so they survive a table reload.
 */
interface Ramp {
  /** Epoch ms the ramp started; 0 = at full weight. */
  start: number;
  /** The origin was seen unhealthy; the next healthy sighting starts a ramp. */
  down: boolean;
}

const ramps = new Map<string, Ramp>();
const originsByPool = new Map<string, Set<string>>();
const perRuntime = new WeakMap<PoolRuntime, Ramp[]>();

const keyOf = (pool: string, ep: OriginEndpoint) => `${pool}\n${ep.origin.name}\n${ep.origin.url}`;

function rampsOf(rt: PoolRuntime, now: number): Ramp[] {
  let rs = perRuntime.get(rt);
  if (rs !== undefined) return rs;
  const previous = originsByPool.get(rt.name);
  const keys = rt.endpoints.map((ep) => keyOf(rt.name, ep));
  if (ramps.size > 10_000) ramps.clear(); // bounded across many table versions
  rs = keys.map((k) => {
    let r = ramps.get(k);
    if (r === undefined)
      ramps.set(k, (r = { start: previous !== undefined && !previous.has(k) ? now : 0, down: false }));
    return r;
  });
  originsByPool.set(rt.name, new Set(keys));
  perRuntime.set(rt, rs);
  return rs;
}

/** Weight factor in (0, 1] of an origin at `now`: 1 outside a ramp. */
export function rampFactor(r: Ramp, windowMs: number, now: number): number {
  if (r.start === 0) return 1;
  const f = rampFactorAt(r.start, windowMs, now);
  if (f === 1) r.start = 0;
  return f;
}

/**
 * Selection hook for pools with slowStartMs: notes which origins are down or back, and when some
 * candidate is ramping picks by weighted random with ramped weights. undefined: nothing ramps,
 * and the pool's balancer picks as usual.
 */
export function slowStartPick(
  rt: PoolRuntime,
  cands: readonly OriginEndpoint[],
  health: HealthView,
  isHealthy: (rt: PoolRuntime, ep: OriginEndpoint, health: HealthView, now: number) => boolean,
  random: () => number,
  now: number,
): OriginEndpoint | undefined {
  const windowMs = rt.pool.slowStartMs;
  const rs = rampsOf(rt, now);
  for (const ep of rt.endpoints) {
    const r = rs[ep.index]!;
    if (!isHealthy(rt, ep, health, now)) r.down = true;
    else if (r.down) {
      r.down = false;
      r.start = now;
    }
  }
  return rampedPick(
    cands,
    (ep) => ep.weight,
    (ep) => rampFactor(rs[ep.index]!, windowMs, now),
    random,
  );
}
