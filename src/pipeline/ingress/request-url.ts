import type { RequestUrl } from "../request-context.ts";

export type { RequestUrl } from "../request-context.ts";

/**
 * Splits `request.url` into the parts the edge needs, without `new URL()`.
 * The runtime hands a Worker `request.url` as a URL it already parsed and serialized, so its parts
 * are substrings at fixed delimiters; parsing it again (and reading each part back through a
 * runtime call) was a measurable cost per request. Anything unusual (no "//" authority, userinfo)
 * goes through `new URL()`, and test/pipeline/ingress/request-url.test.ts checks every field against it.
 */
export function splitRequestUrl(href: string): RequestUrl {
  const schemeEnd = href.indexOf("://");
  if (schemeEnd <= 0) return new URL(href);
  const authStart = schemeEnd + 3;
  let authEnd = authStart;
  while (authEnd < href.length) {
    const c = href.charCodeAt(authEnd);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    authEnd++;
  }
  const host = href.slice(authStart, authEnd);
  if (host === "" || host.includes("@")) return new URL(href);
  let hostname = host;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon !== -1 && (host.charCodeAt(0) !== 91 /* [ */ || colon > host.indexOf("]"))) {
    hostname = host.slice(0, colon);
    port = host.slice(colon + 1);
  }
  let end = href.indexOf("#", authEnd);
  if (end === -1) end = href.length;
  let q = href.indexOf("?", authEnd);
  if (q === -1 || q > end) q = end;
  const pathname = q > authEnd ? href.slice(authEnd, q) : "/";
  const search = end - q > 1 ? href.slice(q, end) : "";
  return { protocol: href.slice(0, schemeEnd + 1), host, hostname, port, pathname, search };
}
