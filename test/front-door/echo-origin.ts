import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What an echo origin saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  bodyBytes: number;
}

/**
 * A loopback origin that records every request (method, raw target, headers, body size) and answers
 * 200 with what it saw, or `status` when set. `requireLength` answers 411 to a request without a
 * Content-Length, as origins that refuse chunked uploads do.
 */
export interface EchoOrigin {
  readonly url: string;
  seen: Seen[];
  status: number;
  requireLength: boolean;
  close(): Promise<void>;
}

export async function startEchoOrigin(): Promise<EchoOrigin> {
  const o = { url: "", seen: [] as Seen[], status: 200, requireLength: false } as EchoOrigin;
  const server: Server = createServer((req, res) => {
    let size = 0;
    req.on("data", (c: Buffer) => (size += c.length));
    req.on("end", () => {
      const s: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        bodyBytes: size,
      };
      o.seen.push(s);
      const status = o.requireLength && req.headers["content-length"] === undefined && size > 0 ? 411 : o.status;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...s, rawHeaders: undefined }));
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  Object.assign(o, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  o.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return o;
}
