/**
 * The worker without a framework: `main = "src/worker/bare.ts"` in wrangler.toml. The same
 * pipeline and admin API as the default (Hono) worker, one plain `fetch` function. A route with
 * policies still runs them: a Hono Context is made for that request only (route-request.ts).
 */
import { adminTargetFor } from "../admin/dispatch.ts";
import { adminFetch } from "../admin/mount.ts";
import { handleScheduled } from "../health/scheduled.ts";
import { loadedOf } from "./admin.ts";
import type { Env } from "./bindings.ts";
import { defaultEdgeCache, rolloutCounters } from "./edge-cache.ts";
import { routeRequest } from "./route-request.ts";

const cache = defaultEdgeCache();
const loaded = loadedOf(cache);

export default {
  fetch(request, env, ctx) {
    // The admin API only when the ADMIN_TOKEN secret is set (chosen on the normalized path, every
    // spelling of the prefix reaching it); otherwise its prefix is an ordinary path.
    const admin = env.ADMIN_TOKEN ? adminTargetFor(request.url, env) : undefined;
    if (admin === undefined) return routeRequest(request, env, ctx, cache, undefined, undefined) as Promise<Response>;
    const req = admin.url === undefined ? request : new Request(admin.url, request);
    return adminFetch(admin.prefix, req, env, ctx, loaded, rolloutCounters);
  },
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;

// The rate-limit policy's exact counters (Durable Object, wrangler.toml binding RATE_LIMITS).
export { RateLimitCounter } from "../policies/rate-limit/counter-object.ts";
