import type { MiddlewareHandler } from "hono";
// hono/tiny (PatternRouter): this app routes at most three patterns, and it is the smallest bundle.
import { Hono } from "hono/tiny";
import { adminFetch } from "../admin/mount.ts";
import { loadedOf } from "./admin.ts";
import type { Env } from "./bindings.ts";
import { defaultEdgeCache, type EdgeCache, rolloutCounters } from "./edge-cache.ts";
import { edgeError, edgeRouter, noRoute } from "./edge-router.ts";

export interface EdgeAppOptions {
  cache?: EdgeCache;
  /** Where the admin API is mounted (a valid ADMIN_PREFIX, with ADMIN_TOKEN set); undefined: no admin API. */
  adminPrefix?: string | undefined;
}

/**
 * The default worker app: the admin API mounted under its prefix, then the route table; a request
 * neither takes gets NO_ROUTE. The admin API is mounted on its path, so Hono's router sends every
 * other request to edgeRouter() alone (its one-handler fast path, no compose chain). A user's own
 * app writes the same with `app.use(adminApi())` (README, "Your own Hono app").
 */
export function createEdgeApp(options: EdgeAppOptions = {}): Hono<{ Bindings: Env }> {
  const cache = options.cache ?? defaultEdgeCache();
  const app = new Hono<{ Bindings: Env }>();
  const prefix = options.adminPrefix;
  if (prefix !== undefined) {
    const loaded = loadedOf(cache);
    const admin: MiddlewareHandler<{ Bindings: Env }> = (c) =>
      adminFetch(
        prefix,
        c.req.raw,
        c.env,
        c.executionCtx as ExecutionContext,
        loaded,
        rolloutCounters,
      ) as Promise<Response>;
    app.use(prefix, admin);
    app.use(`${prefix}/*`, admin);
  }
  // Nothing around the router edits responses here: proxied ones pass through as the origin's.
  app.use(edgeRouter({ cache, mutableHeaders: false }));
  app.notFound(noRoute);
  app.onError(edgeError);
  return app;
}
