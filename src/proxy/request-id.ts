/**
 * Request correlation: `x-request-id` (reused when the client sent a sane one) and the
 * W3C Trace Context `traceparent` header (https://www.w3.org/TR/trace-context/).
 */

/** A reusable incoming id: 1-128 visible token characters, nothing that could smuggle into logs. */
const SANE_ID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming !== null && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
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
  return `00-${randomHex(16)}-${randomHex(8)}-00`;
}
