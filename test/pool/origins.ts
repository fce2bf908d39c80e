import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback HTTP origins whose behaviour a test can switch at any time, counting what they get.
 * `behave`: "ok" (200 JSON naming the origin), a status code, "hang" (never answers), "reset"
 * (destroys the socket). Health checks (path /health) are counted separately.
 */
export type Behaviour = "ok" | number | "hang" | "reset";

export interface TestOrigin {
  readonly name: string;
  readonly url: string;
  behave: Behaviour;
  health: Behaviour;
  hits: number;
  healthHits: number;
  /** Body sizes of the requests received (not counting health checks). */
  bodies: number[];
  close(): Promise<void>;
}

export async function startOrigin(name: string): Promise<TestOrigin> {
  const o = {
    name,
    url: "",
    behave: "ok" as Behaviour,
    health: "ok" as Behaviour,
    hits: 0,
    healthHits: 0,
    bodies: [] as number[],
  } as TestOrigin;
  const server: Server = createServer((req, res) => {
    const isHealth = req.url?.startsWith("/health") ?? false;
    let size = 0;
    req.on("data", (c: Buffer) => (size += c.length));
    req.on("end", () => {
      const b = isHealth ? o.health : o.behave;
      if (isHealth) o.healthHits++;
      else {
        o.hits++;
        o.bodies.push(size);
      }
      if (b === "hang") return;
      if (b === "reset") return void req.socket.destroy();
      const status = b === "ok" ? 200 : b;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ origin: name, status, path: req.url, body: size, ok: status < 400 }));
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  Object.assign(o, { url: `http://127.0.0.1:${port}` });
  o.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return o;
}

export async function startOrigins(names: string[]): Promise<TestOrigin[]> {
  return Promise.all(names.map(startOrigin));
}

/** A loopback URL where nothing listens (connection refused). */
export async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Resolves once `p` has settled or `origin` has received a request beyond `hitsBefore` — whichever
 * comes first. Waits on the condition itself (no fixed delay racing the work), so it holds on a
 * loaded machine.
 */
export async function settledOrReceived(p: Promise<unknown>, origin: TestOrigin, hitsBefore: number): Promise<void> {
  let settled = false;
  void p.finally(() => (settled = true)).catch(() => undefined);
  while (!settled && origin.hits === hitsBefore) await new Promise((r) => setTimeout(r, 5));
}
