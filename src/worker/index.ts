/**
 * The default worker: a Hono app — the admin API under its prefix, then edgeRouter() — and the
 * Cron Trigger's health checks. Composition only: the request path is src/pipeline, a table
 * version is src/edge. For no framework at all, deploy src/worker/bare.ts instead.
 */
import type { Hono } from "hono/tiny";
import { adminPrefixOf, adminTargetFor } from "../admin/dispatch.ts";
import { handleScheduled } from "../health/scheduled.ts";
import { createEdgeApp } from "./app.ts";
import type { Env } from "./bindings.ts";
import { defaultEdgeCache, edgeFor } from "./edge-cache.ts";
import { EXPLAIN_HEADER, explainLive } from "./explain-live.ts";

// The rate-limit policy's exact counters (Durable Object, wrangler.toml binding RATE_LIMITS).
export { RateLimitCounter } from "../policies/rate-limit/counter-object.ts";
export { adminApi } from "./admin.ts";
export { createEdgeApp, type EdgeAppOptions } from "./app.ts";
export type { Env, WorkerEnv } from "./bindings.ts";
export { createEdgeCache, defaultEdgeCache, type EdgeCache } from "./edge-cache.ts";
export { type EdgeRouterOptions, edgeError, edgeRouter, noRoute } from "./edge-router.ts";

/**
 * The app is built on the first request, when the environment is known: the admin API is mounted
 * only with ADMIN_TOKEN set, under ADMIN_PREFIX. Both are fixed per deployment; should either
 * change, the app is rebuilt (same cache, same loaded table).
 */
let app: Hono<{ Bindings: Env }> | undefined;
let mountedAt: string | undefined;

export default {
  fetch(request, env, ctx) {
    const prefix = env.ADMIN_TOKEN ? adminPrefixOf(env) : undefined;
    if (app === undefined || prefix !== mountedAt) {
      app = createEdgeApp({ adminPrefix: prefix });
      mountedAt = prefix;
    }
    if (prefix !== undefined) {
      // The admin API is chosen on the normalized path (admin/dispatch.ts): a non-canonical spelling
      // of the prefix (`/%5Fedge`, `//_edge`, `/x/../_edge`) reaches it as `/_edge/...`, never an origin.
      const admin = adminTargetFor(request.url, env);
      if (admin?.url !== undefined) return app.fetch(new Request(admin.url, request), env, ctx);
      // Live explain (explain-live.ts): the token in the header, off the admin prefix.
      if (admin === undefined && request.headers.has(EXPLAIN_HEADER))
        return explainLive(request, env.ADMIN_TOKEN!, () => edgeFor(request.headers, env, ctx, defaultEdgeCache()));
    }
    return app.fetch(request, env, ctx);
  },
  // Cron Trigger (wrangler.toml): active health checks of every pool with `health`.
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;
