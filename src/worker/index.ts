import { type AdminEnv, adminTargetFor } from "../admin/dispatch.ts";
import { adminFetch, stampLoadTime } from "../admin/mount.ts";
import { handleScheduled } from "../health/scheduled.ts";
import { compileRouteTable } from "../router/compile.ts";
import type { RouteAction } from "../schema/l7.ts";
import { handleRequest, type WorkerEnv } from "./handler.ts";
import { TableCache } from "./table-cache.ts";

export type Env = WorkerEnv & AdminEnv;

/** The compiled table lives in module scope: one per isolate, shared by all its requests. */
const cache = new TableCache<RouteAction>(stampLoadTime(compileRouteTable));

/**
 * Every method and path goes straight to one handler: routing is the compiled table's job, and
 * the handler normalizes the raw URL itself. (This used to be a Hono app with one catch-all
 * route; its dispatch, router and path parsing were measurable per-request cost under l7.throughput
 * and did nothing the handler needs, so the hot path no longer goes through it.)
 */
export default {
  fetch(request, env, ctx) {
    // The admin API (Hono) only when the ADMIN_TOKEN secret is set; otherwise its prefix is an ordinary path.
    // Dispatch is decided on the normalized path: every spelling of the prefix reaches the admin API.
    const admin = env.ADMIN_TOKEN ? adminTargetFor(request.url, env) : undefined;
    if (admin === undefined) return handleRequest(request, env, ctx, cache);
    const req = admin.url === undefined ? request : new Request(admin.url, request);
    return adminFetch(admin.prefix, req, env, ctx, cache);
  },
  // Cron Trigger (wrangler.toml): active health checks of every pool with `health`.
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;
