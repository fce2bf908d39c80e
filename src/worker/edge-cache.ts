import type { ActiveMeta } from "../admin/versions/keys.ts";
import { refreshMsOf, routesKeyOf } from "../core/env.ts";
import { log } from "../core/log.ts";
import type { WaitUntil } from "../core/revalidate.ts";
import { compileEdge } from "../edge/compile.ts";
import { EDGE_COMPILE_OPTIONS } from "../edge/options.ts";
import type { CompileOptions, Edge } from "../edge/types.ts";
import type { WorkerEnv } from "./bindings.ts";
import { Rollout } from "./rollout.ts";
import { TableCache, type TableSource } from "./table-cache.ts";

/** The isolate's Edge per table version, loaded from KV (stale-while-revalidate, see TableCache). */
export type EdgeCache = TableCache<unknown, Edge>;

export function createEdgeCache(options: CompileOptions = EDGE_COMPILE_OPTIONS): EdgeCache {
  return new TableCache<unknown, Edge>((config) => compileEdge(config, options));
}

/** The isolate's staged rollout (rollout.ts): the candidate Edge, if any, and its counters. */
export const rollout = new Rollout((config) => compileEdge(config, EDGE_COMPILE_OPTIONS));

/** The rollout's per-isolate counters, for the admin API's GET versions. */
export const rolloutCounters = () => rollout.counters();

/**
 * Where the route table comes from: the KV key named by ROUTES_KEY. The same read brings the key's
 * metadata (active version id, rollout pointer: src/admin/versions/keys.ts) for the rollout.
 */
function tableSource(env: WorkerEnv): TableSource {
  const key = routesKeyOf(env);
  return {
    key,
    read: async () => {
      const { value, metadata } = await env.ROUTES.getWithMetadata<ActiveMeta>(key);
      // A rollout problem never costs the active table: it is logged and the candidate is not served.
      await rollout
        .observe(env, value === null ? null : metadata)
        .catch((err: unknown) => log.error("rollout_read_failed", { error: String(err) }));
      return value;
    },
  };
}

/** The Edge a request with these headers is served: the rollout candidate or the active one (live explain). */
export async function edgeFor(headers: Headers, env: WorkerEnv, ctx: WaitUntil, cache: EdgeCache): Promise<Edge> {
  const refreshMs = refreshMsOf(env);
  const edge = peekEdge(cache, env, ctx, refreshMs) ?? (await loadEdge(cache, env, ctx, refreshMs));
  return rollout.candidateFor(headers) ?? edge;
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
