import type { Settings } from "../../schema/settings.ts";
import { type ClientView, forwardedHeaderValues, NEVER_FROM_CLIENT, writeForwardedHeaders } from "./forwarded.ts";
import { connectionNamed, HOP_BY_HOP, stripHopByHopAnd } from "./hop-by-hop.ts";

export interface UpstreamHeaderContext {
  requestId: string;
  /** Set when the edge acts as a trace hop; undefined passes the client's traceparent on as it is. */
  traceparent: string | undefined;
  client: ClientView;
  forwardedPolicy: Settings["forwardedHeaders"];
  /** The client asked for a WebSocket upgrade: the only hop-by-hop intent passed on. */
  webSocket: boolean;
}

/** Header pairs as fetch takes them (`HeadersInit`): what the hot path hands to the runtime. */
export type HeaderList = [string, string][];

/**
 * Headers sent to the origin, built once per request (retries reuse them).
 * - hop-by-hop headers and everything named in Connection are removed;
 * - every `cf-*` header is removed: CF-Connecting-IP and friends are the edge's input, and
 *   forwarding them to a zone on Cloudflare triggers error 1000;
 * - Host is removed: fetch derives it from the origin URL, so the client's Host never reaches
 *   (or selects) an origin;
 * - x-request-id and the forwarded headers are set; traceparent only in traceContext "hop" mode.
 *
 * One pass over the client's headers into a list of pairs: a Headers copy with its deletes and
 * sets was a dozen runtime calls per request (the largest JS cost of a proxied request in the
 * workerd profile); fetch converts the list in one. Iteration yields each name once, lower-cased,
 * with repeated fields already joined, as a copied Headers would send them.
 */
export function upstreamHeaderList(incoming: Headers, ctx: UpstreamHeaderContext): HeaderList {
  const out: HeaderList = [];
  const append = ctx.forwardedPolicy === "append";
  let connection: string | null = null;
  let priorXff: string | null = null;
  let priorFwd: string | null = null;
  for (const pair of incoming) {
    const name = pair[0];
    // The forwarding headers are rewritten below; the client's chains are kept only in "append" mode.
    if (name === "x-forwarded-for") priorXff = pair[1];
    else if (name === "forwarded") priorFwd = pair[1];
    else if (name === "x-forwarded-proto" || name === "x-forwarded-host" || name === "x-request-id") continue;
    else if (name === "traceparent") {
      if (ctx.traceparent === undefined) out.push(pair);
    } else if (HOP_BY_HOP.has(name) || notForOrigin(name)) {
      if (name === "connection") connection = pair[1];
    } else out.push(pair);
  }
  // Every header the Connection header names is hop-by-hop too (never Host, Content-*).
  const named = connection === null ? undefined : connectionNamed(connection);
  let list = out;
  if (named !== undefined && named.length > 0) {
    list = out.filter((p) => !named.includes(p[0]));
    if (named.includes("x-forwarded-for")) priorXff = null;
    if (named.includes("forwarded")) priorFwd = null;
  }
  list.push(["x-request-id", ctx.requestId]);
  if (ctx.traceparent !== undefined) list.push(["traceparent", ctx.traceparent]);
  const fwd = forwardedHeaderValues(ctx.client, append ? priorXff : null, append ? priorFwd : null);
  list.push(["x-forwarded-for", fwd.xff], ["x-forwarded-proto", ctx.client.proto]);
  list.push(["x-forwarded-host", ctx.client.host], ["forwarded", fwd.forwarded]);
  if (ctx.webSocket) list.push(["upgrade", "websocket"]);
  return list;
}

/** The same headers as a mutable Headers object (mirrors, explain, and routes that edit request headers). */
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
