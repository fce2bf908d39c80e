import type { MiddlewareHandler } from "hono";
import { compilePolicyChains } from "../policies/compile.ts";
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
  // The document's named policies (src/policies), then the caller's own middleware (edgeRouter's `policies`).
  const documentChains = compilePolicyChains(config);
  const userChainOf = options.policies;
  const chainOf = (route: Route, name: string): readonly MiddlewareHandler[] | undefined => {
    const own = documentChains.chainOf(route.action) as readonly MiddlewareHandler[] | undefined;
    const user = userChainOf?.(route, name);
    if (user === undefined || user.length === 0) return own;
    return own === undefined ? user : [...own, ...user];
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
