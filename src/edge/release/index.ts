import type { ForwardAction } from "../../schema/l7.ts";
import type { Fallback, Mirror, Split } from "../../schema/l7-release.ts";
import type { Pool } from "../../schema/pool.ts";
import { type CompiledForward, compileForward } from "../forward-plan.ts";
import type { PoolRuntime } from "../pool-runtime.ts";
import type { CompiledSplit, SplitSide } from "./split.ts";
import { type CompiledSteer, compileSteer } from "./steer.ts";

export { type CompiledSplit, cohortPoint, overrideSide, type SplitSide, sideAt, weightAt } from "./split.ts";
export { type CompiledSteer, fastestPlan, type GeoLocation, steerRule } from "./steer.ts";

/** Mirror target and its per-isolate copy counter (an exact fraction, not a random draw). */
export class CompiledMirror {
  readonly cfg: Mirror;
  readonly rt: PoolRuntime;
  #credit = 0;

  constructor(cfg: Mirror, rt: PoolRuntime) {
    this.cfg = cfg;
    this.rt = rt;
  }

  /** True for `fraction` of the calls: 0.25 copies every 4th request. */
  take(): boolean {
    this.#credit += this.cfg.fraction;
    if (this.#credit < 1 - 1e-9) return false;
    this.#credit -= 1;
    return true;
  }
}

/** Split, mirror and fallback of one forward action under one table version. */
export interface ReleasePlan {
  readonly split: CompiledSplit | undefined;
  readonly mirror: CompiledMirror | undefined;
  readonly fallback: Fallback | undefined;
  readonly steer: CompiledSteer | undefined;
}

/** undefined when the action has none of split, mirror, fallback, steer (the forward path is then untouched). */
export function compileRelease(
  action: ForwardAction,
  primary: CompiledForward,
  pools: Readonly<Record<string, Pool>>,
  runtimeOf: (name: string) => PoolRuntime | undefined,
): ReleasePlan | undefined {
  const { split, mirror, fallback, steer } = action;
  if (split === undefined && mirror === undefined && fallback === undefined && steer === undefined) return undefined;
  const mirrorRt = action.mirror === undefined ? undefined : runtimeOf(action.mirror.pool);
  return {
    split: action.split === undefined ? undefined : compileSplit(action, action.split, primary, pools, runtimeOf),
    mirror: mirrorRt === undefined ? undefined : new CompiledMirror(action.mirror!, mirrorRt),
    fallback: action.fallback,
    steer:
      steer === undefined
        ? undefined
        : compileSteer(steer, action.pools ?? (action.pool === undefined ? [] : [action.pool]), (pool, chain) =>
            compileForward({ ...action, pool, pools: chain }, pools, runtimeOf),
          ),
  };
}

function compileSplit(
  action: ForwardAction,
  split: Split,
  primary: CompiledForward,
  pools: Readonly<Record<string, Pool>>,
  runtimeOf: (name: string) => PoolRuntime | undefined,
): CompiledSplit {
  const sides: SplitSide[] = split.sides.map((s) => ({
    name: s.name,
    // The side's chain with the action's retry, fallbackPool and lastResort (its own retry budget).
    plan: compileForward({ ...action, pool: s.pool, pools: s.pools }, pools, runtimeOf),
    weight: s.weight / 100,
  }));
  const primarySide: SplitSide = { name: split.primary, plan: primary, weight: 1 };
  const sched = split.schedule;
  return {
    primary: primarySide,
    sides,
    byName: new Map([primarySide, ...sides].map((s) => [s.name, s])),
    stickyOn: split.stickyOn,
    override: split.override,
    schedule:
      sched === undefined
        ? undefined
        : {
            side: split.sides.findIndex((s) => s.name === sched.side),
            from: sched.from,
            to: sched.to,
            startMs: Date.parse(sched.start),
            durationMs: sched.durationS * 1000,
          },
  };
}
