import { DEFAULT_HEALTH_KEY } from "../../health/record.ts";
import { ALL_UP, type HealthView } from "../../health/view.ts";
import { HealthViewCache } from "../../health/view-cache.ts";
import type { Pool } from "../../schema/pool.ts";

/** Worker bindings the pools work reads (all optional but ROUTES). */
export interface PoolEnv {
  ROUTES: KVNamespace;
  /** KV key of the health document written by the Cron Trigger (default `health:v1`). */
  HEALTH_KEY?: string;
  /** Secret (`wrangler secret put AFFINITY_SECRET`) that signs affinity cookies. */
  AFFINITY_SECRET?: string;
}

/** What the forward action needs beyond the table: the current health view and the cookie secret. */
export interface PoolServices {
  readonly health: HealthView;
  readonly secret: string | undefined;
}

/** One health view per isolate, refreshed in the background like the route table. */
const healthCache = new HealthViewCache();
let last: PoolServices | undefined;

/** Whether any pool of a config has active health checks (computed once per config). */
const checked = new WeakMap<object, boolean>();

function anyHealthChecks(pools: Readonly<Record<string, Pool>>): boolean {
  let any = checked.get(pools);
  if (any === undefined) {
    any = Object.values(pools).some((p) => p.health !== undefined);
    checked.set(pools, any);
  }
  return any;
}

export async function poolServices(
  env: PoolEnv,
  pools: Readonly<Record<string, Pool>>,
  refreshMs: number,
  ctx: { waitUntil(p: Promise<unknown>): void },
): Promise<PoolServices> {
  // Without any `health` block there is nothing to read: no KV reads for the health document.
  const health = anyHealthChecks(pools)
    ? await healthCache.get(env.ROUTES, env.HEALTH_KEY || DEFAULT_HEALTH_KEY, refreshMs, ctx)
    : ALL_UP;
  const secret = env.AFFINITY_SECRET || undefined;
  // Reused while nothing changed, so a warm request allocates nothing here.
  if (last === undefined || last.health !== health || last.secret !== secret) last = { health, secret };
  return last;
}
