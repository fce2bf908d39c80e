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
 * Deletes hop-by-hop headers from a mutable Headers object, and every header Connection names.
 * Blind deletes: in workerd, iterating a Headers object costs more than deleting the whole list
 * (measured under load), so names are only iterated when `alsoDrop` needs to see them all.
 */
export function stripHopByHop(headers: Headers): void {
  const connection = headers.get("connection");
  if (connection !== null) for (const name of connectionNamed(connection)) headers.delete(name);
  for (const name of HOP_BY_HOP) headers.delete(name);
}

/**
 * stripHopByHop plus every name `alsoDrop` accepts (e.g. any `cf-*`, which no fixed list covers).
 * One pass over the names, then one delete per name actually present.
 */
export function stripHopByHopAnd(headers: Headers, alsoDrop: (name: string) => boolean): void {
  let drop: string[] | undefined;
  let connection = false;
  for (const name of headers.keys()) {
    if (name === "connection") connection = true;
    if (HOP_BY_HOP.has(name) || alsoDrop(name)) (drop ??= []).push(name);
  }
  if (connection) for (const name of connectionNamed(headers.get("connection")!)) (drop ??= []).push(name);
  if (drop !== undefined) for (const name of drop) headers.delete(name);
}

/**
 * Names listed in a Connection header, lower-cased; never one the edge itself sets or relies on.
 * A listed item that is not a header-name token (`a=b`) names no header: it is skipped, where
 * `Headers.delete` would throw on it and turn the client's odd header into a 500.
 */
export function connectionNamed(value: string): string[] {
  const out: string[] = [];
  for (const name of value.split(",")) {
    const n = name.trim().toLowerCase();
    if (n !== "" && !PROTECTED.has(n) && TOKEN.test(n)) out.push(n);
  }
  return out;
}

/** RFC 9110 token: what a field name may be. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

const PROTECTED: ReadonlySet<string> = new Set(["host", "content-length", "content-type", "content-encoding"]);
