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

/**
 * Deletes hop-by-hop headers from a mutable Headers object, plus every name `alsoDrop` accepts.
 * One pass over the names, then one delete per name actually present (usually none): each Headers
 * call crosses into the runtime, so deleting the whole list blindly costs more than looking.
 */
export function stripHopByHop(headers: Headers, alsoDrop?: (name: string) => boolean): void {
  let drop: string[] | undefined;
  let connection = false;
  for (const name of headers.keys()) {
    if (name === "connection") connection = true;
    if (HOP_BY_HOP.has(name) || (alsoDrop !== undefined && alsoDrop(name))) (drop ??= []).push(name);
  }
  if (connection) {
    for (const name of headers.get("connection")!.split(",")) {
      const n = name.trim().toLowerCase();
      // Never let Connection remove headers the edge itself sets or relies on.
      if (n !== "" && !PROTECTED.has(n)) (drop ??= []).push(n);
    }
  }
  if (drop !== undefined) for (const name of drop) headers.delete(name);
}

const PROTECTED: ReadonlySet<string> = new Set(["host", "content-length", "content-type", "content-encoding"]);
