import type { CacheConfig } from "../../schema/policy-cache.ts";

/** Cache-Control directives of a response, lower-cased names; values without quotes. */
export function directives(value: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (value === null) return out;
  for (const part of value.split(",")) {
    const [name, raw] = part.split("=", 2) as [string, string | undefined];
    const n = name.trim().toLowerCase();
    if (n !== "") out.set(n, (raw ?? "").trim().replace(/^"|"$/g, ""));
  }
  return out;
}

/** TTL of the status from the table: an exact status first, then its class; undefined: not cached. */
export function ttlByStatus(cfg: CacheConfig, status: number): number | undefined {
  return cfg.ttl[String(status)] ?? cfg.ttl[`${Math.floor(status / 100)}xx`];
}

/**
 * Seconds to keep `res`, or 0 when it must not be stored: statuses without a TTL, partial content,
 * `Vary: *`, responses that set cookies or are private (unless the config allows), and with
 * `respect` the origin's no-store/no-cache/private, whose s-maxage or max-age then set the TTL.
 */
export function storableTtl(cfg: CacheConfig, res: Response): number {
  if (res.status === 206 || res.status === 101) return 0;
  const byStatus = ttlByStatus(cfg, res.status);
  if (byStatus === undefined || byStatus === 0) return 0;
  const h = res.headers;
  if (!cfg.cacheSetCookie && h.has("set-cookie")) return 0;
  if (h.get("vary")?.trim() === "*") return 0;
  const cc = directives(h.get("cache-control"));
  if (cc.has("private") && !cfg.cachePrivate) return 0;
  if (cfg.originCacheControl === "override") return byStatus;
  if (cc.has("no-store") || cc.has("no-cache")) return 0;
  const given = cc.get("s-maxage") ?? cc.get("max-age");
  if (given !== undefined && /^\d+$/.test(given)) return Number(given);
  return byStatus;
}
