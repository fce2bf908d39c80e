import type { HealthView } from "../../health/view.ts";
import type { Steer } from "../../schema/l7-release.ts";
import type { CompiledForward } from "../forward-plan.ts";

/** Where a request arrived, as far as steering looks (upper-cased codes; undefined when unknown). */
export interface GeoLocation {
  country?: string | undefined;
  continent?: string | undefined;
  region?: string | undefined;
  colo?: string | undefined;
}

interface CompiledRule {
  readonly index: number;
  readonly country: ReadonlySet<string> | undefined;
  readonly continent: ReadonlySet<string> | undefined;
  readonly region: ReadonlySet<string> | undefined;
  readonly colo: ReadonlySet<string> | undefined;
  readonly plan: CompiledForward;
}

export interface CompiledSteer {
  readonly rules: readonly CompiledRule[];
  /** Latency mode: for each pool of the action's chain, the chain with that pool first (else undefined). */
  readonly byFastest: ReadonlyMap<string, CompiledForward> | undefined;
}

const set = (xs: readonly string[] | undefined) =>
  xs === undefined ? undefined : new Set(xs.map((x) => x.toUpperCase()));

export function compileSteer(
  steer: Steer,
  chain: readonly string[],
  planOf: (pool?: string, pools?: readonly string[]) => CompiledForward,
): CompiledSteer {
  const byFastest = steer.latency
    ? new Map(chain.map((p) => [p, planOf(undefined, [p, ...chain.filter((q) => q !== p)])]))
    : undefined;
  return { rules: compileRules(steer, planOf), byFastest };
}

function compileRules(steer: Steer, planOf: (pool?: string, pools?: readonly string[]) => CompiledForward) {
  return steer.rules.map(
    (r, index): CompiledRule => ({
      index,
      country: set(r.country),
      continent: set(r.continent),
      region: set(r.region),
      colo: set(r.colo),
      plan: planOf(r.pool, r.pools),
    }),
  );
}

const holds = (want: ReadonlySet<string> | undefined, have: string | undefined) =>
  want === undefined || (have !== undefined && want.has(have));

/** The first rule whose every given field matches the location; undefined: the action's own pools. */
export function steerRule(steer: CompiledSteer, at: GeoLocation): CompiledRule | undefined {
  for (const r of steer.rules) {
    if (holds(r.country, at.country) && holds(r.continent, at.continent) && holds(r.region, at.region)) {
      if (holds(r.colo, at.colo)) return r;
    }
  }
  return undefined;
}

/**
 * Latency mode: the plan whose first pool has the lowest mean check latency over its origins that are
 * up and measured. undefined when no pool has a measurement (the action's own order then applies).
 */
export function fastestPlan(steer: CompiledSteer, health: HealthView, now: number): CompiledForward | undefined {
  if (steer.byFastest === undefined || health.latencyOf === undefined) return undefined;
  let best: CompiledForward | undefined;
  let bestMs = Number.POSITIVE_INFINITY;
  for (const plan of steer.byFastest.values()) {
    const rt = plan.chain[0];
    if (rt === undefined) continue;
    let sum = 0;
    let n = 0;
    for (const ep of rt.endpoints) {
      if (!health.isUp(rt.name, ep.origin, now)) continue;
      const ms = health.latencyOf(rt.name, ep.origin);
      if (ms !== undefined) {
        sum += ms;
        n++;
      }
    }
    if (n > 0 && sum / n < bestMs) {
      bestMs = sum / n;
      best = plan;
    }
  }
  return best;
}
