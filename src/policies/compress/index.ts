import type { Context, MiddlewareHandler } from "hono";
import type { CompressConfig } from "../../schema/policy-compress.ts";
import { compressibleType, negotiate } from "./negotiate.ts";

/**
 * The compress policy (Hono middleware): after the action, a response the origin left unencoded
 * is compressed with CompressionStream when its type is listed, it is not too small, and the
 * client's Accept-Encoding allows gzip or deflate. Never for HEAD, 1xx/204/206/304, a body already
 * carrying Content-Encoding, or `Cache-Control: no-transform`. Every response of a listed type
 * gets `Vary: Accept-Encoding` (caches must keep the variants apart); a strong ETag is weakened.
 * The body is sent as compressed (`encodeBody: "manual"`), so the runtime does not encode it again.
 */
export function compressPolicy(cfg: CompressConfig): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const req = c.req.raw;
    const res = c.res;
    if (req.method === "HEAD" || res.body === null || res.webSocket) return;
    const s = res.status;
    if (s < 200 || s === 204 || s === 206 || s === 304) return;
    const h = res.headers;
    if (h.has("content-encoding") || !compressibleType(h.get("content-type"), cfg.types)) return;
    if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(h.get("cache-control") ?? "")) return;
    const length = h.get("content-length");
    const small = length !== null && Number(length) < cfg.minBytes;
    const enc = small ? undefined : negotiate(clientAcceptEncoding(req), cfg.encodings);
    const headers = new Headers(h);
    addVary(headers);
    if (enc === undefined) {
      replaceResponse(c, new Response(res.body, { status: s, statusText: res.statusText, headers }));
      return;
    }
    headers.set("content-encoding", enc);
    headers.delete("content-length");
    const etag = headers.get("etag");
    if (etag !== null && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
    const body = res.body.pipeThrough(new CompressionStream(enc));
    replaceResponse(c, new Response(body, { status: s, statusText: res.statusText, headers, encodeBody: "manual" }));
  };
}

function addVary(h: Headers): void {
  const vary = h.get("vary");
  if (vary === null) h.set("vary", "Accept-Encoding");
  else if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary)) h.set("vary", `${vary}, Accept-Encoding`);
}

/**
 * The client's own Accept-Encoding. On Cloudflare (and in Miniflare, which emulates it) the worker
 * sees `Accept-Encoding: br, gzip` whatever the client sent, and the original is in
 * `request.cf.clientAcceptEncoding`; elsewhere the header is the client's.
 */
function clientAcceptEncoding(req: Request): string | null {
  const cf = (req as { cf?: { clientAcceptEncoding?: string } }).cf;
  return cf?.clientAcceptEncoding ?? req.headers.get("accept-encoding");
}

/**
 * Sets c.res to exactly `res`: Hono's setter merges the previous response's headers over a new one
 * (which would bring back Content-Length and the strong ETag), unless the previous one is cleared.
 */
function replaceResponse(c: Context, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}
