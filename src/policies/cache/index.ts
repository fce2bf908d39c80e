import type { MiddlewareHandler } from "hono";
import { refreshMsOf } from "../../core/env.ts";
import type { CacheConfig } from "../../schema/policy-cache.ts";
import { cacheKey } from "./key.ts";
import { isPurged, purgeMarkers } from "./purges.ts";
import { storableTtl } from "./storable.ts";

/** Headers the stored copy carries for the edge only (removed before a hit is served). */
const CACHED_AT = "x-edge-cached-at";
const ORIGIN_CC = "x-edge-origin-cache-control";
/** Set-Cookie values kept aside (JSON): the Cache API refuses responses that set cookies. */
const SET_COOKIE = "x-edge-set-cookie";

interface CacheBindings {
  ROUTES: KVNamespace;
  ROUTES_REFRESH_SECONDS?: string;
}

/**
 * The cache policy (Hono middleware, one per route and table version): GET and HEAD only. A
 * request with a bypass cookie or header (or Authorization, unless allowed) goes on with
 * `x-cache: BYPASS`; otherwise the Cache API is asked under the route's key (HEAD asks for the
 * GET entry): a hit is answered with `x-cache: HIT` and Age, a miss goes on to the origin and a
 * storable answer is put in the cache in waitUntil while it streams to the client (`x-cache: MISS`).
 */
export function cachePolicy(cfg: CacheConfig): MiddlewareHandler<{ Bindings: CacheBindings }> {
  const bypassCookies = cfg.bypass.cookies.map(
    (n) => new RegExp(`(?:^|;)\\s*${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}=`),
  );
  return async (c, next) => {
    const req = c.req.raw;
    const method = req.method;
    if (method !== "GET" && method !== "HEAD") return next();
    const h = req.headers;
    const cookie = h.get("cookie") ?? "";
    const bypass =
      (!cfg.cacheAuthorized && h.has("authorization")) ||
      cfg.bypass.headers.some((n) => h.has(n)) ||
      (cookie !== "" && bypassCookies.some((re) => re.test(cookie)));
    if (bypass) {
      await next();
      c.res = withHeader(c.res, "x-cache", "BYPASS");
      return;
    }
    const { key, identity } = cacheKey(cfg, new URL(req.url), h);
    const cache = caches.default;
    const ctx = c.executionCtx;
    const hit = await cache.match(key);
    if (hit !== undefined) {
      const cachedAt = Number(hit.headers.get(CACHED_AT) ?? 0);
      const markers = await purgeMarkers(c.env.ROUTES, refreshMsOf(c.env), ctx);
      if (!isPurged(markers, identity, cachedAt)) return fromCache(hit, cachedAt, method);
      await hit.body?.cancel();
      ctx.waitUntil(cache.delete(key));
    }
    await next();
    const res = c.res;
    const ttl = method === "GET" ? storableTtl(cfg, res) : 0;
    if (ttl > 0 && res.body !== null) {
      const out = withHeader(res, "x-cache", "MISS");
      ctx.waitUntil(store(cache, key, out.clone(), ttl).catch(() => {}));
      c.res = out;
    } else c.res = withHeader(res, "x-cache", "MISS");
  };
}

/** The stored copy: the Cache API keeps it for `ttl` (its Cache-Control); the origin's is kept aside. */
async function store(cache: Cache, key: string, res: Response, ttl: number): Promise<void> {
  const copy = new Response(res.body, res);
  const h = copy.headers;
  const origin = h.get("cache-control");
  if (origin !== null) h.set(ORIGIN_CC, origin);
  h.set("cache-control", `public, max-age=${ttl}`);
  h.set(CACHED_AT, String(Date.now()));
  const cookies = h.getSetCookie();
  if (cookies.length > 0) {
    h.set(SET_COOKIE, JSON.stringify(cookies));
    h.delete("set-cookie");
  }
  h.delete("x-cache");
  h.delete("x-request-id");
  await cache.put(key, copy);
}

function fromCache(hit: Response, cachedAt: number, method: string): Response {
  const out = new Response(method === "HEAD" ? null : hit.body, hit);
  const h = out.headers;
  const origin = h.get(ORIGIN_CC);
  if (origin !== null) h.set("cache-control", origin);
  else h.delete("cache-control");
  h.delete(ORIGIN_CC);
  h.delete(CACHED_AT);
  h.delete("cf-cache-status");
  const cookies = h.get(SET_COOKIE);
  if (cookies !== null) {
    for (const v of JSON.parse(cookies) as string[]) h.append("set-cookie", v);
    h.delete(SET_COOKIE);
  }
  h.set("age", String(Math.max(0, Math.floor((Date.now() - cachedAt) / 1000))));
  h.set("x-cache", "HIT");
  return out;
}

/** A copy of `res` with one header set (an origin's response headers are immutable). */
function withHeader(res: Response, name: string, value: string): Response {
  if (res.webSocket) return res; // a 101 carries its socket; rebuilding would drop it
  const out = new Response(res.body, res);
  out.headers.set(name, value);
  return out;
}
