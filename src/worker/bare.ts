/**
 * The worker without a framework: `main = "src/worker/bare.ts"` in wrangler.toml. The same
 * pipeline and admin API as the default (Hono) worker, one plain `fetch` function. A route with
 * policies still runs them: a Hono Context is made for that request only (route-request.ts).
 */
import { adminPrefixFor } from "../admin/dispatch.ts";
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
    // The admin API only when the ADMIN_TOKEN secret is set; otherwise its prefix is an ordinary path.
    const prefix = env.ADMIN_TOKEN ? adminPrefixFor(request.url, env) : undefined;
    return prefix === undefined
      ? (routeRequest(request, env, ctx, cache, undefined, undefined) as Promise<Response>)
      : adminFetch(prefix, request, env, ctx, loaded, rolloutCounters);
  },
  scheduled: (_controller, env, ctx) => handleScheduled(env, ctx),
} satisfies ExportedHandler<Env>;

// The rate-limit policy's exact counters (Durable Object, wrangler.toml binding RATE_LIMITS).
export { RateLimitCounter } from "../policies/rate-limit/counter-object.ts";
