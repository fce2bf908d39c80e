/** Where a request for an origin goes: shared by the upstream stage and the active health checks. */

/** Origin base URL + forwarded path: `http://o:1/base` + `/x` -> `http://o:1/base/x`. */
export function originUrl(base: string, path: string, search: string): string {
  return `${originPrefix(base)}${path}${search}`;
}

/** Parsed prefixes of the table's origin URLs (a handful per table), so no request parses a URL for them. */
const prefixes = new Map<string, string>();

/** `scheme://host[:port]` + base path without its trailing slash. */
function originPrefix(base: string): string {
  let p = prefixes.get(base);
  if (p === undefined) {
    const u = new URL(base);
    p = u.origin + (u.pathname.endsWith("/") ? u.pathname.slice(0, -1) : u.pathname);
    if (prefixes.size >= 10_000) prefixes.clear(); // bounded across many table versions
    prefixes.set(base, p);
  }
  return p;
}
