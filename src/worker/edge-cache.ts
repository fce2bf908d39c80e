import { refreshMsOf, routesKeyOf } from "../core/env.ts";
import type { WaitUntil } from "../core/revalidate.ts";
import { compileEdge } from "../edge/compile.ts";
import type { CompileOptions, Edge } from "../edge/types.ts";
import { withShielding } from "../policies/shielding.ts";
import type { WorkerEnv } from "./bindings.ts";
import { TableCache, type TableSource } from "./table-cache.ts";

/** The isolate's Edge per table version, loaded from KV (stale-while-revalidate, see TableCache). */
export type EdgeCache = TableCache<unknown, Edge>;

export function createEdgeCache(options?: CompileOptions): EdgeCache {
  // Route-level cache/compress join every route's policy chain (src/policies/shielding.ts).
  const compile: CompileOptions = { ...options, policies: withShielding(options?.policies) };
  return new TableCache<unknown, Edge>((config) => compileEdge(config, compile));
}

/** Where the route table comes from: the KV key named by ROUTES_KEY. */
function tableSource(env: WorkerEnv): TableSource {
  const key = routesKeyOf(env);
  return { key, read: () => env.ROUTES.get(key) };
}

/** The current Edge: synchronously on a warm isolate (undefined: call `loadEdge`). */
export function peekEdge(cache: EdgeCache, env: WorkerEnv, ctx: WaitUntil, refreshMs: number): Edge | undefined {
  return cache.peek(env, tableSource, refreshMs, ctx);
}

/** Cold path: waits for the KV read (throws ROUTE_TABLE_MISSING / ROUTE_TABLE_INVALID without a table). */
export function loadEdge(cache: EdgeCache, env: WorkerEnv, ctx: WaitUntil, refreshMs: number): Promise<Edge> {
  return cache.get(tableSource(env), refreshMs, ctx);
}

export { refreshMsOf };

let shared: EdgeCache | undefined;

/** The isolate's default cache, shared by edgeRouter(), adminApi() and the bare handler when none is given. */
export function defaultEdgeCache(): EdgeCache {
  shared ??= createEdgeCache();
  return shared;
}
