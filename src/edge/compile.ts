import { compileRouteTable } from "../router/compile.ts";
import type { EdgeConfig } from "../schema/index.ts";
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
  const policiesOf = options.policies;
  const table = compileRouteTable(
    config,
    (route, name) =>
      new EdgeRoute(
        name,
        route.action,
        config.pools,
        runtimeOf,
        policiesOf === undefined ? undefined : policiesOf(route, name),
      ),
  );
  return {
    version: config.version,
    config,
    settings: config.settings,
    table,
    anyHealthChecks: Object.values(config.pools).some((p) => p.health !== undefined),
    compiledAt: Date.now(),
  };
}
