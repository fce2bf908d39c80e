/** Env helpers shared by the worker, the health checks and the admin API (one rule for every reader). */

/** The KV key of the route document: ROUTES_KEY, or "routes" when unset or empty (one rule for every reader). */
export function routesKeyOf(env: { ROUTES_KEY?: string }): string {
  return env.ROUTES_KEY || "routes";
}

const DEFAULT_REFRESH_SECONDS = 5;

/** How often a warm isolate re-reads KV (ROUTES_REFRESH_SECONDS, default 5 s), in ms. */
export function refreshMsOf(env: { ROUTES_REFRESH_SECONDS?: string }): number {
  const s = Number(env.ROUTES_REFRESH_SECONDS);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : DEFAULT_REFRESH_SECONDS * 1000;
}
