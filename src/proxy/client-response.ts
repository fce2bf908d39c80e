import { stripHopByHop } from "./hop-by-hop.ts";

/**
 * Turns the origin's response into the client's: hop-by-hop headers removed, x-request-id added,
 * body streamed through untouched. `new Response(body, res)` copies status, statusText and headers
 * in one runtime call (a fetch response's own headers are immutable), and the body stays the
 * runtime's native stream, so workerd pumps it without JS and a gzip/br body passes through
 * compressed instead of being decoded and re-encoded. A 101 carries the origin's WebSocket back.
 */
export function toClientResponse(res: Response, requestId: string): Response {
  if (res.status === 101 && res.webSocket) {
    const headers = new Headers(res.headers);
    stripHopByHop(headers);
    headers.set("x-request-id", requestId);
    return new Response(null, { status: 101, webSocket: res.webSocket, headers });
  }
  const out = new Response(res.body, res);
  stripHopByHop(out.headers);
  out.headers.set("x-request-id", requestId);
  return out;
}
