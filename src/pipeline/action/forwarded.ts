import type { Settings } from "../../schema/settings.ts";

/** What the edge saw of the client connection. */
export interface ClientView {
  /** Client IP as Cloudflare reports it (CF-Connecting-IP); empty if unknown (local runs). */
  ip: string;
  /** Host (with port if any) and scheme of the URL the client requested. */
  host: string;
  proto: string;
}

/** Forwarded-for/by node per RFC 7239: IPv6 in quotes and brackets, unknown as "unknown". */
function forwardedNode(ip: string): string {
  if (ip === "") return "unknown";
  return ip.includes(":") ? `"[${ip}]"` : ip;
}

function quoteIfNeeded(v: string): string {
  // Most requests of an isolate name the same host: the last answer is kept.
  if (v === lastHost) return lastQuoted;
  lastHost = v;
  lastQuoted = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v) ? v : `"${v.replace(/["\\]/g, "\\$&")}"`;
  return lastQuoted;
}
let lastHost: string | undefined;
let lastQuoted = "";

/**
 * Client-supplied headers the edge never passes on (it does not set them itself):
 * - X-Real-IP, X-Forwarded-Port, X-Forwarded-Prefix: an origin must not mistake client input for edge output;
 * - X-Original-URL, X-Rewrite-URL: IIS, Symfony and Laravel route by them, so a client could reach
 *   `/admin` through a path the edge matched as `/public`;
 * - X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override: frameworks take them as the method,
 *   turning a GET the edge matched into a DELETE at the origin.
 */
export const NEVER_FROM_CLIENT: ReadonlySet<string> = new Set([
  "x-real-ip",
  "x-forwarded-port",
  "x-forwarded-prefix",
  "x-original-url",
  "x-rewrite-url",
  "x-http-method-override",
  "x-http-method",
  "x-method-override",
]);

/**
 * Sets X-Forwarded-For/-Proto/-Host and Forwarded on the upstream headers (the caller already
 * dropped NEVER_FROM_CLIENT).
 *
 * - `replace` (default): client-supplied values are discarded — a client can send anything, and
 *   origins often trust these headers for access control and logging.
 * - `append`: the client's X-Forwarded-For / Forwarded chains are kept and the client IP appended
 *   (for setups where every client of the edge is itself a trusted proxy).
 */
export function writeForwardedHeaders(h: Headers, client: ClientView, policy: Settings["forwardedHeaders"]): void {
  const append = policy === "append";
  const v = forwardedHeaderValues(client, append ? h.get("x-forwarded-for") : null, append ? h.get("forwarded") : null);
  h.set("x-forwarded-for", v.xff);
  h.set("x-forwarded-proto", client.proto);
  h.set("x-forwarded-host", client.host);
  h.set("forwarded", v.forwarded);
}

/** X-Forwarded-For and Forwarded for this hop, after the client's chains when given (`append`). */
export function forwardedHeaderValues(
  client: ClientView,
  priorXff: string | null,
  priorFwd: string | null,
): { xff: string; forwarded: string } {
  const ipForXff = client.ip === "" ? "unknown" : client.ip;
  const elem = `for=${forwardedNode(client.ip)};host=${quoteIfNeeded(client.host)};proto=${client.proto}`;
  return {
    xff: priorXff ? `${priorXff}, ${ipForXff}` : ipForXff,
    forwarded: priorFwd ? `${priorFwd}, ${elem}` : elem,
  };
}
