// Bindings from wrangler.toml, visible to `cloudflare:workers` (env, exports) in the worker and its tests.
declare namespace Cloudflare {
  interface Env {
    ROUTES: KVNamespace;
    ROUTES_KEY: string;
    ROUTES_REFRESH_SECONDS: string;
    HEALTH_KEY?: string;
    AFFINITY_SECRET?: string;
    /** Secret (`wrangler secret put ADMIN_TOKEN`): enables the admin API; unset = no admin API. */
    ADMIN_TOKEN?: string;
    /** Path prefix of the admin API (default `/_edge`). */
    ADMIN_PREFIX?: string;
    /** Rate Limiting binding of rateLimit policies with backend `binding` (wrangler.toml [[ratelimits]]). */
    RATE_LIMITER?: RateLimit;
    /** Exact counters of rateLimit policies with backend `durableObject`. */
    RATE_LIMITS?: DurableObjectNamespace<import("../policies/rate-limit/counter-object.ts").RateLimitCounter>;
    /** "1" trusts the x-edge-country header for the client country (local runs only; never in production). */
    EDGE_TRUST_COUNTRY_HEADER?: string;
  }
  interface GlobalProps {
    mainModule: typeof import("./index.ts");
  }
}
