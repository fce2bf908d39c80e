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

export type CompiledSteer = readonly CompiledRule[];

const set = (xs: readonly string[] | undefined) =>
  xs === undefined ? undefined : new Set(xs.map((x) => x.toUpperCase()));

export function compileSteer(steer: Steer, planOf: (pool?: string, pools?: readonly string[]) => CompiledForward) {
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
export function steerRule(rules: CompiledSteer, at: GeoLocation): CompiledRule | undefined {
  for (const r of rules) {
    if (holds(r.country, at.country) && holds(r.continent, at.continent) && holds(r.region, at.region)) {
      if (holds(r.colo, at.colo)) return r;
    }
  }
  return undefined;
}
