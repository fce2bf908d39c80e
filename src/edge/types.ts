import type { MiddlewareHandler } from "hono";
import type { CompiledTable } from "../router/types.ts";
import type { EdgeConfig } from "../schema/index.ts";
import type { Route } from "../schema/l7.ts";
import type { Settings } from "../schema/settings.ts";
import type { PoolRuntime } from "./pool-runtime.ts";
import type { EdgeRoute } from "./route.ts";

/**
 * Everything one table version needs on the request path, compiled once (compileEdge) and cached
 * by the worker per version: the matcher (its results carry EdgeRoutes), the settings, the pools'
 * runtimes (balancer, in-flight counts, outlier state) and whether health is read at all.
 */
export interface Edge {
  readonly version: string;
  readonly config: EdgeConfig;
  readonly settings: Settings;
  /** The matcher: `match(input)?.action` is the route's EdgeRoute. */
  readonly table: CompiledTable<EdgeRoute>;
  /** Some pool has active health checks (else no request reads the health document). */
  readonly anyHealthChecks: boolean;
  /** The runtime (in-flight counts, outlier state) of pool `name` in this version; read by the admin API's stats. */
  readonly runtimeOf: (name: string) => PoolRuntime | undefined;
  /** Date.now() when this version was compiled (admin status: when this isolate loaded it). */
  readonly compiledAt: number;
}

/** What a route's policy chain is made of (the next issue's policies plug in here). */
export type PolicyCompiler = (route: Route, name: string) => readonly MiddlewareHandler[] | undefined;

export interface CompileOptions {
  /** Builds each route's policy chain; absent: no route has policies. */
  policies?: PolicyCompiler;
}
