import type { MiddlewareHandler } from "hono";
import { adminTargetFor } from "../admin/dispatch.ts";
import { adminFetch, type LoadedOf } from "../admin/mount.ts";
import type { Edge } from "../edge/types.ts";
import type { Env } from "./bindings.ts";
import { defaultEdgeCache, type EdgeCache, rolloutCounters } from "./edge-cache.ts";

/** What the admin status reports of an isolate's cache (read only on admin requests). */
export function loadedOf(cache: EdgeCache): LoadedOf {
  return () => {
    const e: Edge | undefined = cache.current;
    return e && { version: e.version, config: e.config, loadedAt: e.compiledAt, runtimeOf: e.runtimeOf };
  };
}

/**
 * The admin API (src/admin) as Hono middleware, mounted under ADMIN_PREFIX (default `/_edge`) and
 * only when the ADMIN_TOKEN secret is set; every other request goes on with `next()`. The prefix
 * comes from the environment, so it is checked per request on the raw URL (a few string
 * operations, no URL parsing).
 */
export function adminApi(options: { cache?: EdgeCache } = {}): MiddlewareHandler<{ Bindings: Env }> {
  const loaded = loadedOf(options.cache ?? defaultEdgeCache());
  return (c, next) => {
    const env = c.env;
    if (!env.ADMIN_TOKEN) return next();
    const request = c.req.raw;
    // Decided on the normalized path: every spelling of the prefix reaches the admin API (as `/_edge/...`).
    const admin = adminTargetFor(request.url, env);
    if (admin === undefined) return next();
    const req = admin.url === undefined ? request : new Request(admin.url, request);
    return adminFetch(
      admin.prefix,
      req,
      env,
      c.executionCtx as ExecutionContext,
      loaded,
      rolloutCounters,
    ) as Promise<Response>;
  };
}
