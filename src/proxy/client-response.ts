import { stripHopByHop } from "./hop-by-hop.ts";

/**
 * Turns the origin's response into the client's: hop-by-hop headers removed, x-request-id added,
 * body streamed through untouched. `encodeBody: "manual"` tells workerd the bytes are already
 * encoded as Content-Encoding says, so a gzip/br body passes through compressed instead of
 * being decoded and re-encoded. A 101 carries the origin's WebSocket back to the client.
 */
export function toClientResponse(res: Response, requestId: string): Response {
  const headers = new Headers(res.headers);
  stripHopByHop(headers);
  headers.set("x-request-id", requestId);
  if (res.status === 101 && res.webSocket) {
    return new Response(null, { status: 101, webSocket: res.webSocket, headers });
  }
  return new Response(res.body, {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
}
