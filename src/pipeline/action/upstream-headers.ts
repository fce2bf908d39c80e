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

/** Header pairs, as the scan collects them. */
export type HeaderList = [string, string][];

/**
 * The upstream headers as fetch takes them on the hot path: a plain record (`HeadersInit`). In
 * workerd, fetch converts a record about 3 µs cheaper per field than a list of pairs (16 µs per
 * request on the bench's requests; docs/benchmarks.md, "Worker throughput"). Built with
 * Object.fromEntries, so a client header named `__proto__` is an own field, never a prototype.
 */
export type HeaderRecord = Record<string, string>;

/**
 * The client's headers after one pass: the pairs that may go to the origin, and what the forward
 * action checks (upgrade, body framing) and rewrites (the forwarding chains), noted on the way so
 * nothing asks the runtime for a header twice.
 */
export interface ClientHeaderScan {
  kept: HeaderList;
  connection: string | null;
  upgrade: string | null;
  contentLength: string | null;
  transferEncoding: boolean;
  priorXff: string | null;
  priorFwd: string | null;
}

/**
 * One pass over the client's headers (iteration yields each name once, lower-cased, with repeated
 * fields already joined, as a copied Headers would send them): hop-by-hop, `cf-*`, Host, the
 * forwarding headers and x-request-id are left out of `kept`.
 */
export function scanClientHeaders(incoming: Headers): ClientHeaderScan {
  const scan: ClientHeaderScan = {
    kept: [],
    connection: null,
    upgrade: null,
    contentLength: null,
    transferEncoding: false,
    priorXff: null,
    priorFwd: null,
  };
  for (const pair of incoming) {
    const name = pair[0];
    if (name === "x-forwarded-for") scan.priorXff = pair[1];
    else if (name === "forwarded") scan.priorFwd = pair[1];
    else if (name === "x-forwarded-proto" || name === "x-forwarded-host" || name === "x-request-id") continue;
    else if (HOP_BY_HOP.has(name) || notForOrigin(name)) {
      if (name === "connection") scan.connection = pair[1];
      else if (name === "upgrade") scan.upgrade = pair[1];
      else if (name === "transfer-encoding") scan.transferEncoding = true;
    } else {
      if (name === "content-length") scan.contentLength = pair[1];
      scan.kept.push(pair);
    }
  }
  return scan;
}

/**
 * Headers sent to the origin, built once per request (retries reuse them), from one pass over the
 * client's headers: a Headers copy with its deletes and sets was a dozen runtime calls per request
 * (the largest JS cost of a proxied request in the workerd profile); fetch converts the record in
 * one. The rules are buildUpstreamHeaders' (below), which a property test holds this to. Builds
 * on the scan's own `kept` array (one list per request, used once); names are unique (iteration
 * yields each once, and the edge's own fields were left out of `kept`).
 */
export function upstreamHeaderRecord(scan: ClientHeaderScan, ctx: UpstreamHeaderContext): HeaderRecord {
  let list = scan.kept;
  let { priorXff, priorFwd } = scan;
  // Every header the Connection header names is hop-by-hop too (never Host, Content-*).
  const named = scan.connection === null ? undefined : connectionNamed(scan.connection);
  if (named !== undefined && named.length > 0) {
    list = list.filter((p) => !named.includes(p[0]));
    if (named.includes("x-forwarded-for")) priorXff = null;
    if (named.includes("forwarded")) priorFwd = null;
  }
  list.push(["x-request-id", ctx.requestId]);
  if (ctx.traceparent !== undefined) {
    // A trace hop replaces the client's traceparent (kept as is otherwise).
    list = list.filter((p) => p[0] !== "traceparent");
    list.push(["traceparent", ctx.traceparent]);
  }
  const append = ctx.forwardedPolicy === "append";
  const fwd = forwardedHeaderValues(ctx.client, append ? priorXff : null, append ? priorFwd : null);
  list.push(["x-forwarded-for", fwd.xff], ["x-forwarded-proto", ctx.client.proto]);
  list.push(["x-forwarded-host", ctx.client.host], ["forwarded", fwd.forwarded]);
  if (ctx.webSocket) list.push(["upgrade", "websocket"]);
  return Object.fromEntries(list);
}

/**
 * Headers sent to the origin, as a mutable Headers object (mirrors, explain, and routes that edit
 * request headers; upstreamHeaderRecord builds the same list on the hot path):
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
  return method === "GET" && isWebSocketToken(headers.get("upgrade"));
}

/** An Upgrade header value that asks for a WebSocket. */
export function isWebSocketToken(upgrade: string | null | undefined): boolean {
  return upgrade?.trim().toLowerCase() === "websocket";
}
