import { Hono } from "hono";
import { adminApi } from "./admin.ts";
import type { Env } from "./bindings.ts";
import { defaultEdgeCache, type EdgeCache } from "./edge-cache.ts";
import { edgeError, edgeRouter, noRoute } from "./edge-router.ts";

/**
 * The default worker app: the admin API under its prefix, then the route table; a request neither
 * takes gets NO_ROUTE. The same three lines are what a user writes to add middleware of their own
 * before or after edgeRouter() (README, "Your own Hono app").
 */
export function createEdgeApp(cache: EdgeCache = defaultEdgeCache()): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>();
  app.use(adminApi({ cache }));
  // Nothing around the router edits responses here: proxied ones pass through as the origin's.
  app.use(edgeRouter({ cache, mutableHeaders: false }));
  app.notFound(noRoute);
  app.onError(edgeError);
  return app;
}
