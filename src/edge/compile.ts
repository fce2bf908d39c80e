import type { MiddlewareHandler } from "hono";
import { compilePolicyChains } from "../policies/compile.ts";
import { shieldingPolicies } from "../policies/shielding.ts";
import { compileRouteTable } from "../router/compile.ts";
import type { EdgeConfig } from "../schema/index.ts";
import type { Route } from "../schema/l7.ts";
import { PoolRuntime } from "./pool-runtime.ts";
import { EdgeRoute } from "./route.ts";
import type { CompileOptions, Edge } from "./types.ts";

/**
 * One table version, compiled once: the matcher (its results carry each route's EdgeRoute), one
 * runtime per pool (shared by every route naming it), the settings. Throws when a route cannot be
 * compiled (a rewrite regex the linear-time engine refuses, say): the document is then invalid.
 */
export function compileEdge(config: EdgeConfig, options: CompileOptions = {}): Edge {
  const runtimes = new Map<string, PoolRuntime>();
  for (const [name, pool] of Object.entries(config.pools)) runtimes.set(name, new PoolRuntime(name, pool));
  const runtimeOf = (name: string) => runtimes.get(name);
  // A route's chain: the document's named policies (src/policies: access first, so they pass before a
  // cache hit is served), then the caller's own middleware (edgeRouter's `policies`), then the
  // route-level shielding (compress outside cache: src/policies/shielding.ts).
  const documentChains = compilePolicyChains(config);
  const userChainOf = options.policies;
  const chainOf = (route: Route, name: string): readonly MiddlewareHandler[] | undefined => {
    const parts = [
      documentChains.chainOf(route.action) as readonly MiddlewareHandler[] | undefined,
      userChainOf?.(route, name),
      shieldingPolicies(route),
    ].filter((p): p is readonly MiddlewareHandler[] => p !== undefined && p.length > 0);
    return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts.flat();
  };
  const table = compileRouteTable(
    config,
    (route, name) => new EdgeRoute(name, route.action, config.pools, runtimeOf, chainOf(route, name)),
  );
  return {
    version: config.version,
    config,
    settings: config.settings,
    table,
    runtimeOf,
    anyHealthChecks: Object.values(config.pools).some((p) => p.health !== undefined),
    compiledAt: Date.now(),
  };
}
