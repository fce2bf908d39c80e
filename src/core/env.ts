/** The KV key of the route document: ROUTES_KEY, or "routes" when unset or empty (one rule for every reader). */
export function routesKeyOf(env: { ROUTES_KEY?: string }): string {
  return env.ROUTES_KEY || "routes";
}
