import type { CacheConfig } from "../../schema/policy-cache.ts";

/** Host every key lives under when the virtual host is not part of the key. */
const ANY_HOST = "any-host.edge-cache.invalid";

/**
 * The key of a request under one cache config: a GET URL `https://<host><path>?<query>` where the
 * query holds the chosen parameters (sorted, so their order in the request does not matter) and
 * one `__edge_h` parameter per chosen header. Returns the key and the purge identity
 * (`host/path?query` of the request as seen, which purge-by-URL and purge-by-prefix compare to).
 */
export function cacheKey(cfg: CacheConfig, url: URL, headers: Headers): { key: string; identity: string } {
  const params: [string, string][] = [];
  const q = cfg.key.query;
  if (q !== "none") {
    for (const [name, value] of url.searchParams) if (q === "all" || q.includes(name)) params.push([name, value]);
    params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  for (const name of cfg.key.headers) params.push(["__edge_h", `${name.toLowerCase()}:${headers.get(name) ?? ""}`]);
  const search = params.length === 0 ? "" : `?${new URLSearchParams(params).toString()}`;
  const host = cfg.key.host ? url.host : ANY_HOST;
  return { key: `https://${host}${url.pathname}${search}`, identity: `${url.host}${url.pathname}${url.search}` };
}
