/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1) describe one connection, never the end-to-end message,
 * so a proxy removes them in both directions, plus every header the Connection header names.
 * Proxy-Authorization/-Authenticate are credentials for this hop and must not leak to origins.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
]);

/** Deletes hop-by-hop headers from a mutable Headers object. */
export function stripHopByHop(headers: Headers): void {
  const connection = headers.get("connection");
  if (connection !== null) {
    for (const name of connection.split(",")) {
      const n = name.trim().toLowerCase();
      // Never let Connection remove headers the edge itself sets or relies on.
      if (n !== "" && !PROTECTED.has(n)) headers.delete(n);
    }
  }
  for (const h of HOP_BY_HOP) headers.delete(h);
}

const PROTECTED: ReadonlySet<string> = new Set(["host", "content-length", "content-type", "content-encoding"]);
