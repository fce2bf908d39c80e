import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * The `cache` policy: responses kept in the Cache API (per Cloudflare data centre) per route.
 * Written as a policy type of the named-policy union (`{ type: "cache", ... }`); on this branch a
 * route can also carry the same fields as `route.cache` (src/schema/route-shielding.ts).
 */
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HeaderName = z.string().regex(token, "must be a valid HTTP header name");
const CookieName = z.string().regex(token, "must be a valid cookie name");
const seconds = z.number().int().min(0).max(31_536_000);

export const CacheFields = {
  ttl: z
    .record(z.string().regex(/^(?:[1-5]xx|[1-5]\d\d)$/, 'must be a status class ("2xx") or a status ("404")'), seconds)
    .default({ "2xx": 300 }),
  originCacheControl: z.enum(["respect", "override"]).default("respect"),
  key: z
    .strictObject({
      host: z.boolean().default(true),
      query: z.union([z.enum(["all", "none"]), z.array(z.string().min(1)).max(32)]).default("all"),
      headers: z.array(HeaderName).max(8).default([]),
    })
    .prefault({}),
  bypass: z
    .strictObject({
      cookies: z.array(CookieName).default([]),
      headers: z.array(HeaderName).default([]),
    })
    .prefault({}),
  cachePrivate: z.boolean().default(false),
  cacheSetCookie: z.boolean().default(false),
  cacheAuthorized: z.boolean().default(false),
};

/* @__PURE__ */ describeFields(CacheFields, {
  ttl: 'Seconds to keep a response by status ("404") or class ("2xx"); an exact status wins. Unlisted statuses are not cached.',
  originCacheControl:
    "respect: the origin's no-store/no-cache/private refuse and its s-maxage/max-age set the TTL; override: the ttl table alone decides.",
  "key.host": "The virtual host is part of the key.",
  "key.query": "Query parameters in the key: all (sorted), none, or only these (sorted).",
  "key.headers": "Request headers whose values are part of the key.",
  "bypass.cookies": "A request carrying any of these cookies skips the cache.",
  "bypass.headers": "A request carrying any of these headers skips the cache.",
  cachePrivate: "Also cache responses marked Cache-Control: private (only for per-user keys).",
  cacheSetCookie: "Also cache responses that set cookies (they are then shared).",
  cacheAuthorized: "Also look up and fill the cache for requests with an Authorization header.",
});

export const CacheConfigSchema = z.strictObject(CacheFields);
export const CachePolicySchema = z.strictObject({ type: z.literal("cache"), ...CacheFields });

export type CacheConfig = z.infer<typeof CacheConfigSchema>;
