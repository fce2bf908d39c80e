import { Hono } from "hono";
import { compileRouteTable } from "../router/compile.ts";
import type { RouteAction } from "../schema/l7.ts";
import { handleRequest, type WorkerEnv } from "./handler.ts";
import { TableCache } from "./table-cache.ts";
import { handleScheduled } from "../health/scheduled.ts";

export type Env = WorkerEnv;

/** The compiled table lives in module scope: one per isolate, shared by all its requests. */
const cache = new TableCache<RouteAction>(compileRouteTable);

/**
 * Hono carries the worker's shape; routing is the compiled table's job, so every method and
 * path goes to one handler (Hono's own path parsing is bypassed: we normalize the raw URL).
 */
const app = new Hono<{ Bindings: Env }>();
app.all("*", (c) => handleRequest(c.req.raw, c.env, c.executionCtx, cache));

export default {
  fetch: app.fetch,
  // Cron Trigger (wrangler.toml): active health checks of every pool with `health`.
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;
