/**
 * Request correlation: `x-request-id` (reused when the client sent a sane one) and the
 * W3C Trace Context `traceparent` header (https://www.w3.org/TR/trace-context/).
 */

/** A reusable incoming id: 1-128 visible token characters, nothing that could smuggle into logs. */
const SANE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming !== null && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Byte -> two lower-case hex digits, built once (per-byte toString/padStart showed up in profiles). */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? "0" : "") + i.toString(16));
/** Reused for every id: filled and read synchronously, so no request sees another's bytes. */
const RANDOM = new Uint8Array(24);

/** Hex of `bytes` random bytes (at most 24), from one getRandomValues call. */
function randomHex(bytes: number): string {
  crypto.getRandomValues(RANDOM);
  let s = "";
  for (let i = 0; i < bytes; i++) s += HEX[RANDOM[i]!]!;
  return s;
}

/**
 * The traceparent to send upstream. A valid incoming one keeps its trace-id and flags and gets a
 * new parent-id (the edge is a hop in the trace); an absent or invalid one starts a new trace.
 * Version ff and all-zero ids are invalid per the spec.
 */
export function nextTraceparent(incoming: string | null): string {
  const m = incoming === null ? null : TRACEPARENT.exec(incoming.trim());
  if (m && m[1] !== "ff" && !/^0+$/.test(m[2]!) && !/^0+$/.test(m[3]!) && (m[1] !== "00" || m[5] === undefined)) {
    return `00-${m[2]}-${randomHex(8)}-${m[4]}`;
  }
  const ids = randomHex(24);
  return `00-${ids.slice(0, 32)}-${ids.slice(32)}-00`;
}
