import type { Settings } from "../schema/settings.ts";
import { setForwardedHeaders, type ClientView } from "./forwarded.ts";
import { stripHopByHop } from "./hop-by-hop.ts";

export interface UpstreamHeaderContext {
  requestId: string;
  traceparent: string;
  client: ClientView;
  forwardedPolicy: Settings["forwardedHeaders"];
  /** The client asked for a WebSocket upgrade: the only hop-by-hop intent passed on. */
  webSocket: boolean;
}

/**
 * Headers sent to the origin, built once per request (retries reuse them).
 * - hop-by-hop headers and everything named in Connection are removed;
 * - every `cf-*` header is removed: CF-Connecting-IP and friends are the edge's input, and
 *   forwarding them to a zone on Cloudflare triggers error 1000;
 * - Host is removed: fetch derives it from the origin URL, so the client's Host never reaches
 *   (or selects) an origin;
 * - x-request-id / traceparent and the forwarded headers are set.
 */
export function buildUpstreamHeaders(incoming: Headers, ctx: UpstreamHeaderContext): Headers {
  const h = new Headers(incoming);
  stripHopByHop(h);
  const cfNames: string[] = [];
  for (const name of h.keys()) if (name.startsWith("cf-")) cfNames.push(name);
  for (const name of cfNames) h.delete(name);
  h.delete("host");
  h.set("x-request-id", ctx.requestId);
  h.set("traceparent", ctx.traceparent);
  setForwardedHeaders(h, ctx.client, ctx.forwardedPolicy);
  if (ctx.webSocket) h.set("upgrade", "websocket");
  return h;
}

/** True for a WebSocket opening handshake (RFC 6455 section 4.1). */
export function isWebSocketUpgrade(method: string, headers: Headers): boolean {
  return method === "GET" && headers.get("upgrade")?.trim().toLowerCase() === "websocket";
}
