/**
 * The default worker: a Hono app — the admin API under its prefix, then edgeRouter() — and the
 * Cron Trigger's health checks. Composition only: the request path is src/pipeline, a table
 * version is src/edge. For no framework at all, deploy src/worker/bare.ts instead.
 */
import { handleScheduled } from "../health/scheduled.ts";
import { createEdgeApp } from "./app.ts";
import type { Env } from "./bindings.ts";

export { adminApi } from "./admin.ts";
export { createEdgeApp } from "./app.ts";
export type { Env, WorkerEnv } from "./bindings.ts";
export { createEdgeCache, defaultEdgeCache, type EdgeCache } from "./edge-cache.ts";
export { type EdgeRouterOptions, edgeError, edgeRouter, noRoute } from "./edge-router.ts";

const app = createEdgeApp();

export default {
  fetch: app.fetch,
  // Cron Trigger (wrangler.toml): active health checks of every pool with `health`.
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;
