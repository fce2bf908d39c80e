import type { WaitUntil } from "../../core/revalidate.ts";
import { DEFAULT_HEALTH_KEY } from "../../health/record.ts";
import { ALL_UP, type HealthView } from "../../health/view.ts";
import { HealthViewCache } from "../../health/view-cache.ts";

export type { WaitUntil } from "../../core/revalidate.ts";

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

/**
 * The services of a request. Without any `health` block in the table there is nothing to read (no
 * KV read, no promise): the answer is synchronous. With one, a promise of the current health view.
 */
export function poolServices(
  env: PoolEnv,
  anyHealthChecks: boolean,
  refreshMs: number,
  ctx: WaitUntil,
): PoolServices | Promise<PoolServices> {
  if (!anyHealthChecks) return servicesWith(ALL_UP, env);
  return healthCache
    .get(env.ROUTES, env.HEALTH_KEY || DEFAULT_HEALTH_KEY, refreshMs, ctx)
    .then((h) => servicesWith(h, env));
}

function servicesWith(health: HealthView, env: PoolEnv): PoolServices {
  const secret = env.AFFINITY_SECRET || undefined;
  // Reused while nothing changed, so a warm request allocates nothing here.
  if (last === undefined || last.health !== health || last.secret !== secret) last = { health, secret };
  return last;
}
