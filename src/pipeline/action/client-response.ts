import { stripHopByHop } from "./hop-by-hop.ts";

/** What the edge adds to an origin's response; nothing set means the response may pass as it is. */
export interface ResponseEdits {
  /** `x-request-id` to return (settings.requestIdInResponse), or undefined. */
  requestId: string | undefined;
  setCookie: string | undefined;
  /** Extra headers to set (debug headers), or undefined. */
  set: readonly (readonly [string, string])[] | undefined;
  /** The route's responseHeaders mutations apply. */
  mutate: boolean;
}

/**
 * Turns the origin's response into the client's. When the edge adds nothing and the origin sent
 * no hop-by-hop header that would leak, the fetch response itself is returned: rebuilding a
 * Response and its Headers was the largest single JS cost per proxied request. The runtime's HTTP
 * server already drops Connection, Keep-Alive, TE, Trailer, Transfer-Encoding and Upgrade on its
 * own output (test/e2e/headers.test.ts pins Keep-Alive and TE down; the rest was checked against a raw
 * socket origin); what it passes on are Proxy-Authenticate,
 * Proxy-Connection and the headers a Connection header names, so only those force a rebuild.
 *
 * A rebuild is `new Response(body, res)`: one runtime call copies status, statusText and headers
 * (a fetch response's own headers are immutable), and the body stays the runtime's native stream,
 * so workerd pumps it without JS and a gzip/br body passes through compressed.
 * A 101 carries the origin's WebSocket back.
 */
export function toClientResponse(res: Response, edits: ResponseEdits): Response {
  if (res.status === 101 && res.webSocket) {
    const headers = new Headers(res.headers);
    stripHopByHop(headers);
    if (edits.requestId !== undefined) headers.set("x-request-id", edits.requestId);
    return new Response(null, { status: 101, webSocket: res.webSocket, headers });
  }
  const needsEdit =
    edits.requestId !== undefined || edits.setCookie !== undefined || edits.set !== undefined || edits.mutate;
  if (!needsEdit && !leaksHopByHop(res.headers)) return res;
  const out = new Response(res.body, res);
  const h = out.headers;
  stripHopByHop(h);
  if (edits.requestId !== undefined) h.set("x-request-id", edits.requestId);
  if (edits.setCookie !== undefined) h.append("set-cookie", edits.setCookie);
  if (edits.set !== undefined) for (const [name, value] of edits.set) h.set(name, value);
  return out;
}

/** Connection options that name no other header. */
const PLAIN_CONNECTION = /^\s*(?:keep-alive|close)?\s*(?:,\s*(?:keep-alive|close)\s*)*$/i;

/** Whether a hop-by-hop header the runtime would pass to the client is present. */
function leaksHopByHop(h: Headers): boolean {
  const connection = h.get("connection");
  if (connection !== null && !PLAIN_CONNECTION.test(connection)) return true;
  return h.has("proxy-authenticate") || h.has("proxy-connection");
}
