import type { Context } from "hono";
import { CachePurgeInvalidError } from "../core/errors/index.ts";
import { log } from "../core/log.ts";
import { addPurge } from "../policies/cache/purges.ts";
import { readBodyCapped } from "./body.ts";
import { jsonResponse } from "./respond.ts";

type C = Context<{ Bindings: { ROUTES: KVNamespace } }>;

/** `https://host/p?q` or `host/p?q` → `host/p?q` (the identity the cache policy compares). */
function identityOf(value: string, field: string): string {
  if (value.length === 0 || value.length > 4096 || /[\s\0]/.test(value))
    throw new CachePurgeInvalidError(`\`${field}\` must be a non-empty URL or host/path without spaces`);
  if (/^https?:\/\//i.test(value)) {
    const u = new URL(value);
    return `${u.host}${u.pathname}${field === "url" ? u.search : ""}`;
  }
  if (value.startsWith("/")) throw new CachePurgeInvalidError(`\`${field}\` must start with the host (host/path)`);
  return value.replace(/^[^/]*/, (h) => h.toLowerCase());
}

/**
 * POST {prefix}/cache/purge `{ "url": "https://host/path?q" }` or `{ "prefix": "host/path" }`:
 * records a purge marker (src/policies/cache/purges.ts). Entries stored before it under that URL
 * (exact, with its query) or prefix are misses from then on, in every data centre, once each
 * isolate has re-read the marker list (ROUTES_REFRESH_SECONDS; KV propagation up to ~60 s).
 */
export async function purgeCache(c: C): Promise<Response> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyCapped(c.req.raw, 16_384)));
  } catch {
    throw new CachePurgeInvalidError('the body must be JSON: { "url": "..." } or { "prefix": "..." }');
  }
  const b = body as { url?: unknown; prefix?: unknown };
  const keys = body !== null && typeof body === "object" ? Object.keys(body) : [];
  if (keys.length !== 1 || (typeof b.url !== "string" && typeof b.prefix !== "string"))
    throw new CachePurgeInvalidError('the body must have exactly one of "url" or "prefix" (a string)');
  const marker =
    typeof b.url === "string"
      ? { url: identityOf(b.url, "url") }
      : { prefix: identityOf(b.prefix as string, "prefix") };
  const saved = await addPurge(c.env.ROUTES, marker);
  log.info("cache_purge", { ...marker });
  return jsonResponse({ purged: saved }, 202);
}
