import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { NoRouteError } from "../core/errors/index.ts";
import type { PolicyCompiler } from "../edge/types.ts";
import { errorResponse } from "../pipeline/errors/index.ts";
import { requestIdFrom } from "../pipeline/ingress/index.ts";
import type { WorkerEnv } from "./bindings.ts";
import { createEdgeCache, defaultEdgeCache, type EdgeCache } from "./edge-cache.ts";
import { routeRequest } from "./route-request.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** Set by edgeRouter on a miss: the NO_ROUTE error the app's notFound answers with. */
    edgeNoRoute: NoRouteError;
    /** The request's x-request-id, set by edgeRouter on a miss (for what runs after it). */
    requestId: string;
  }
}

export interface EdgeRouterOptions {
  /** The table cache (default: the isolate's shared one, also read by adminApi()). */
  cache?: EdgeCache;
  /** Builds each route's policy chain (a cache of its own is made for it). */
  policies?: PolicyCompiler;
  /**
   * Proxied responses get mutable headers, as Hono middleware around the router expects (it may
   * set `c.res.headers` after `next()`); default true. The default worker, where nothing after the
   * router edits responses, sets false: the origin's response then passes through as it is (one
   * Response and Headers copy less per request).
   */
  mutableHeaders?: boolean;
}

/**
 * The route table as Hono middleware: on a match it answers (forward, direct, redirect, after the
 * route's policies); on a miss it calls `next()`, so middleware and routes after it see the request,
 * and the app's `notFound(noRoute)` ends with the documented NO_ROUTE 404. Hono routes nothing
 * itself: register it with `app.use(edgeRouter())` (all paths).
 */
export function edgeRouter(options: EdgeRouterOptions = {}): MiddlewareHandler<{ Bindings: WorkerEnv }> {
  const cache =
    options.cache ?? (options.policies ? createEdgeCache({ policies: options.policies }) : defaultEdgeCache());
  const mutable = options.mutableHeaders ?? true;
  return (c, next) =>
    routeRequest(c.req.raw, c.env, c.executionCtx as ExecutionContext, cache, c as unknown as Context, next, mutable);
}

/** `app.notFound(noRoute)`: the NO_ROUTE 404 JSON for a request no route (and nothing after edgeRouter) took. */
export function noRoute(c: Context): Response {
  const req = c.req.raw;
  const err = c.get("edgeNoRoute") ?? new NoRouteError(req.method, new URL(req.url).host, c.req.path);
  return errorResponse(err, c.get("requestId") ?? requestIdFrom(req.headers));
}

/** `app.onError(edgeError)`: errors thrown by middleware around edgeRouter, in the edge's error JSON. */
export function edgeError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) return err.getResponse();
  return errorResponse(err, c.get("requestId") ?? requestIdFrom(c.req.raw.headers));
}
