import { compileRouteTable } from "../router/compile.ts";
import type { RouteAction } from "../schema/l7.ts";
import { handleRequest, type WorkerEnv } from "./handler.ts";
import { TableCache } from "./table-cache.ts";
import { handleScheduled } from "../health/scheduled.ts";

export type Env = WorkerEnv;

/** The compiled table lives in module scope: one per isolate, shared by all its requests. */
const cache = new TableCache<RouteAction>(compileRouteTable);

/**
 * Every method and path goes straight to one handler: routing is the compiled table's job, and
 * the handler normalizes the raw URL itself. (This used to be a Hono app with one catch-all
 * route; its dispatch, router and path parsing were measurable per-request cost under l7.throughput
 * and did nothing the handler needs, so the hot path no longer goes through it.)
 */
export default {
  fetch: (request, env, ctx) => handleRequest(request, env, ctx, cache),
  // Cron Trigger (wrangler.toml): active health checks of every pool with `health`.
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;
