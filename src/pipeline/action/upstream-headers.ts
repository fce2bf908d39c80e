import type { Settings } from "../../schema/settings.ts";
import { type ClientView, NEVER_FROM_CLIENT, writeForwardedHeaders } from "./forwarded.ts";
import { stripHopByHopAnd } from "./hop-by-hop.ts";

export interface UpstreamHeaderContext {
  requestId: string;
  /** Set when the edge acts as a trace hop; undefined passes the client's traceparent on as it is. */
  traceparent: string | undefined;
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
 * - x-request-id and the forwarded headers are set; traceparent only in traceContext "hop" mode.
 */
export function buildUpstreamHeaders(incoming: Headers, ctx: UpstreamHeaderContext): Headers {
  const h = new Headers(incoming);
  stripHopByHopAnd(h, notForOrigin);
  h.set("x-request-id", ctx.requestId);
  if (ctx.traceparent !== undefined) h.set("traceparent", ctx.traceparent);
  writeForwardedHeaders(h, ctx.client, ctx.forwardedPolicy);
  if (ctx.webSocket) h.set("upgrade", "websocket");
  return h;
}

/** Request headers dropped besides hop-by-hop ones: Host, cf-*, and forwarding headers the edge never sets. */
function notForOrigin(name: string): boolean {
  return name === "host" || name.startsWith("cf-") || NEVER_FROM_CLIENT.has(name);
}

/** True for a WebSocket opening handshake (RFC 6455 section 4.1). */
export function isWebSocketUpgrade(method: string, headers: Headers): boolean {
  return method === "GET" && headers.get("upgrade")?.trim().toLowerCase() === "websocket";
}
