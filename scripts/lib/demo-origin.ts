import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { gzipSync } from "node:zlib";
import { acceptWebSocketEcho } from "./ws-echo.ts";

/**
 * A small HTTP origin for `npm start` and the tests. Every answer is JSON naming the origin and
 * echoing what it received (method, url, headers, body size and SHA-256). Query switches:
 *   ?delay=MS      wait before sending headers        ?status=N     answer with status N
 *   ?redirect=URL  302 to URL                         ?gzip=1       gzip-encoded JSON body (if Accept-Encoding allows)
 *   ?bytes=N       stream N deterministic bytes       ?hop=1        send hop-by-hop response headers
 *   ?hop=proxy     send Proxy-Connection              ?hop=runtime  send the hop-by-hop headers workerd drops itself
 * A WebSocket upgrade gets an echo socket that prefixes text messages with "<name>: ".
 */
export interface DemoOrigin {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Requests received so far (HTTP and upgrades). */
  readonly requests: number;
  close(): Promise<void>;
}

/** Deterministic pseudo-random bytes (xorshift32), so tests can hash what they expect. */
export function payload(n: number, seed = 0x9e3779b9): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

export async function startDemoOrigin(name: string, port = 0, host = "127.0.0.1"): Promise<DemoOrigin> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    handle(name, req, res).catch(() => res.destroy());
  });
  // Upgraded sockets leave the server's bookkeeping; track them so close() can end them.
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (req, socket) => {
    requests++;
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    acceptWebSocketEcho(req, socket, `${name}: `);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    name,
    port: actual,
    url: `http://${host}:${actual}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of upgraded) s.destroy();
      }),
  };
}

async function handle(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const q = new URL(req.url ?? "/", "http://origin.invalid").searchParams;
  const hash = createHash("sha256");
  let bodyBytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bodyBytes += chunk.length;
    hash.update(chunk);
  }
  const delay = Number(q.get("delay") ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 120_000)));
  if (res.destroyed) return;
  const status = Number(q.get("status") ?? 200);
  const redirect = q.get("redirect");
  if (redirect !== null) {
    res.writeHead(302, { location: redirect, "content-type": "text/plain" }).end(`redirecting to ${redirect}`);
    return;
  }
  const bytes = q.get("bytes");
  if (bytes !== null) {
    const data = payload(Math.min(Number(bytes), 256 * 1024 * 1024));
    res.writeHead(status, {
      "content-type": "application/octet-stream",
      "content-length": data.length,
      "x-origin": name,
    });
    // Stream in chunks so the body really flows over time.
    for (let off = 0; off < data.length; off += 64 * 1024) {
      if (!res.write(data.subarray(off, off + 64 * 1024))) await new Promise((r) => res.once("drain", r));
    }
    res.end();
    return;
  }
  const echo = {
    origin: name,
    method: req.method,
    url: req.url,
    headers: req.headers,
    // As received, in order: names like `__proto__` that an object cannot hold as a field.
    rawHeaders: req.rawHeaders,
    bodyBytes,
    bodySha256: bodyBytes > 0 ? hash.digest("hex") : null,
  };
  const json = Buffer.from(`${JSON.stringify(echo, null, 2)}\n`);
  const headers: Record<string, string | number> = { "content-type": "application/json", "x-origin": name };
  if (q.get("hop") === "1") {
    headers.connection = "keep-alive, x-hop-secret";
    headers["x-hop-secret"] = "must-not-reach-client";
    headers["keep-alive"] = "timeout=5";
    headers["proxy-authenticate"] = "Basic";
  } else if (q.get("hop") === "proxy") {
    headers["proxy-connection"] = "keep-alive";
  } else if (q.get("hop") === "runtime") {
    headers.connection = "keep-alive";
    headers["keep-alive"] = "timeout=5";
    headers.te = "trailers";
  }
  if (q.get("gzip") === "1" && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    const gz = gzipSync(json);
    headers["content-encoding"] = "gzip";
    headers["content-length"] = gz.length;
    headers["x-gzip-sha256"] = createHash("sha256").update(gz).digest("hex");
    res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : gz);
    return;
  }
  headers["content-length"] = json.length;
  res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : json);
}
