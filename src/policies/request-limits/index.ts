/**
 * Request limits: allowed methods (405 with Allow), URL size (414), header size (431) and body
 * size (413) on hono/body-limit: a Content-Length above the limit is refused before any byte is
 * read; a chunked body is counted while it streams in and refused as soon as it passes the limit
 * (what was read, at most the limit, is buffered and sent upstream as a fixed-length body).
 */
import { bodyLimit } from "hono/body-limit";
import type { RequestLimitsPolicy } from "../../schema/policies.ts";
import { HeadersTooLargeError, MethodNotAllowedError, PayloadTooLargeError, UriTooLongError } from "../errors.ts";
import type { PolicyFactory, PolicyMiddleware } from "../types.ts";

/** Bytes of path and query (the request target), not counting scheme and host. */
function targetLength(url: string): number {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start === -1 ? 1 : url.length - start;
}

/** Header bytes as on the wire: `name: value\r\n` per field. */
function headerBytes(headers: Headers): number {
  let n = 0;
  headers.forEach((v, k) => {
    n += k.length + v.length + 4;
  });
  return n;
}

export const requestLimitsPolicy: PolicyFactory<RequestLimitsPolicy> = (p) => {
  const methods = p.methods ? new Set(p.methods.map((m) => m.toUpperCase())) : undefined;
  const allow = methods ? [...methods] : [];
  const { maxUrlBytes, maxHeaderBytes, maxBodyBytes } = p;
  const body =
    maxBodyBytes === undefined
      ? undefined
      : (bodyLimit({
          maxSize: maxBodyBytes,
          onError: () => {
            throw new PayloadTooLargeError(maxBodyBytes);
          },
        }) as unknown as PolicyMiddleware);

  const mw: PolicyMiddleware = async (c, next) => {
    const raw = c.req.raw;
    if (methods && !methods.has(raw.method)) throw new MethodNotAllowedError(raw.method, allow);
    if (maxUrlBytes !== undefined && targetLength(raw.url) > maxUrlBytes) throw new UriTooLongError(maxUrlBytes);
    if (maxHeaderBytes !== undefined && headerBytes(raw.headers) > maxHeaderBytes)
      throw new HeadersTooLargeError(maxHeaderBytes);
    return body ? body(c, next) : next();
  };
  return mw;
};
