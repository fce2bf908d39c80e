import { OriginOverloadedError, OriginTimeoutError, OriginUnreachableError } from "../../core/errors/index.ts";
import { log } from "../../core/log.ts";
import type { Origin } from "../../schema/pool.ts";
import type { CompiledForward } from "../forward-plan.ts";
import type { OriginEndpoint, PoolRuntime } from "../pool-runtime.ts";
import { OriginGuard } from "./guard.ts";
import { releaseOnEnd } from "./release-on-end.ts";

export { OriginGuard } from "./guard.ts";

/** One attempt against one origin (the AttemptFn of src/pipeline/upstream/forward-pools.ts). */
type Attempt<U = never> = (origin: Origin, up: U) => Promise<Response>;

interface PoolGuards {
  readonly guards: readonly OriginGuard[];
  /** Credit for shedding an exact fraction (per isolate). */
  shedCredit: number;
}

const byRuntime = new WeakMap<PoolRuntime, PoolGuards | null>();

/** The guards of a pool's origins (undefined when the pool has no `overload`), made once per runtime. */
export function guardsOf(rt: PoolRuntime): PoolGuards | undefined {
  let g = byRuntime.get(rt);
  if (g === undefined) {
    const cfg = rt.pool.overload;
    g = cfg === undefined ? null : { guards: rt.endpoints.map(() => new OriginGuard(cfg)), shedCredit: 0 };
    byRuntime.set(rt, g);
  }
  return g ?? undefined;
}

/** Selection hook: false while the origin's breaker is open (or half-open with its probe out). */
export function breakerAdmits(rt: PoolRuntime, ep: OriginEndpoint, now: number): boolean {
  if (rt.pool.overload?.breaker === undefined) return true;
  return guardsOf(rt)!.guards[ep.index]!.breaker!.admits(now);
}

// One fetch function per process (fetchOrigin), so one entry per plan.
const attempts = new WeakMap<CompiledForward, Attempt<unknown> | null>();

/**
 * The attempt function of a forward plan whose chain has a pool with `overload` (undefined: none
 * has, and the plain fetch is used): sheds while the pool is degraded, waits for a slot, records
 * the outcome in the breaker, and keeps the slot until the response body has ended.
 */
export function overloadAttempt<U>(plan: CompiledForward, fetchOrigin: Attempt<U>): Attempt<U> | undefined {
  let a = attempts.get(plan) as Attempt<U> | null | undefined;
  if (a === undefined) {
    const byOrigin = new Map<Origin, { rt: PoolRuntime; pg: PoolGuards; guard: OriginGuard }>();
    for (const rt of plan.chain) {
      const pg = guardsOf(rt);
      if (pg !== undefined)
        for (const ep of rt.endpoints) byOrigin.set(ep.origin, { rt, pg, guard: pg.guards[ep.index]! });
    }
    a = byOrigin.size === 0 ? null : guarded(byOrigin, fetchOrigin);
    attempts.set(plan, a as Attempt<unknown> | null);
  }
  return a ?? undefined;
}

function guarded<U>(
  byOrigin: Map<Origin, { rt: PoolRuntime; pg: PoolGuards; guard: OriginGuard }>,
  fetchOrigin: Attempt<U>,
): Attempt<U> {
  return async (origin, up) => {
    const g = byOrigin.get(origin);
    if (g === undefined) return fetchOrigin(origin, up);
    const { rt, pg, guard } = g;
    const cfg = guard.cfg;
    if (cfg.shed !== undefined && shouldShed(rt, pg, Date.now())) {
      throw new OriginOverloadedError(`pool "${rt.name}" is degraded: request shed`, cfg.retryAfterS);
    }
    const got = guard.acquire();
    if (!(got === true || (await got))) {
      log.warn("origin_overloaded", { pool: rt.name, origin: origin.name, inFlight: guard.inFlight });
      throw new OriginOverloadedError(
        `origin "${origin.name}" of pool "${rt.name}" has ${cfg.maxInFlight} requests in flight and ${guard.queued >= cfg.maxQueue ? "a full wait queue" : "no slot came free in time"}`,
        cfg.retryAfterS,
      );
    }
    guard.breaker?.onSend(Date.now());
    let res: Response;
    try {
      res = await fetchOrigin(origin, up);
    } catch (err) {
      guard.release();
      if (err instanceof OriginTimeoutError || err instanceof OriginUnreachableError)
        recordBreaker(rt, origin, guard, false);
      throw err;
    }
    recordBreaker(rt, origin, guard, res.status < 500);
    return releaseOnEnd(res, () => guard.release());
  };
}

function recordBreaker(rt: PoolRuntime, origin: Origin, guard: OriginGuard, ok: boolean): void {
  if (guard.breaker?.record(ok, Date.now())) log.warn("breaker_open", { pool: rt.name, origin: origin.name });
}

/** Degraded: at least `whenUnavailablePercent` of the origins have an open breaker or are ejected. */
function shouldShed(rt: PoolRuntime, pg: PoolGuards, now: number): boolean {
  const shed = rt.pool.overload!.shed!;
  let down = 0;
  for (let i = 0; i < pg.guards.length; i++) {
    const b = pg.guards[i]!.breaker;
    if ((b !== undefined && b.state(now) !== "closed") || rt.outlier?.isEjected(i, now)) down++;
  }
  if ((down * 100) / pg.guards.length < shed.whenUnavailablePercent) return false;
  pg.shedCredit += shed.fraction;
  if (pg.shedCredit < 1 - 1e-9) return false;
  pg.shedCredit -= 1;
  return true;
}
