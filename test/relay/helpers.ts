import { createHash, randomBytes } from "node:crypto";
import net from "node:net";
import { Worker } from "node:worker_threads";
import { Relay } from "../../src/relay/control/relay.ts";
import { MemoryLogger } from "../../src/relay/observability/log.ts";
import { formatIssues, parseEdgeConfig } from "../../src/schema/index.ts";
import type { L4Section } from "../../src/schema/l4.ts";

/** Validates an l4 section through the real schema (defaults applied). */
export function l4(section: unknown): L4Section {
  const r = parseEdgeConfig({ version: "test", l4: section });
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.config.l4!;
}

export async function startRelay(
  section: unknown,
): Promise<{ relay: Relay; log: MemoryLogger; port: (name?: string) => number }> {
  const log = new MemoryLogger();
  const relay = new Relay({ log });
  await relay.apply(l4(section));
  return { relay, log, port: (name = "t") => relay.address(name)!.port };
}

const serverSockets = new WeakMap<net.Server, Set<net.Socket>>();

export function listen(handler: (s: net.Socket) => void, port = 0): Promise<net.Server & { port: number }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    handler(s);
  });
  serverSockets.set(server, sockets);
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve(Object.assign(server, { port: (server.address() as net.AddressInfo).port })),
    ),
  );
}

export function closeServer(s: net.Server): Promise<void> {
  return new Promise((r) => {
    s.close(() => r());
    for (const c of serverSockets.get(s) ?? []) c.destroy();
  });
}

export function connect(port: number, host = "127.0.0.1"): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host, allowHalfOpen: true });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

/** A port with nothing listening (bound then closed). */
export async function deadPort(): Promise<number> {
  const s = await listen(() => {});
  const p = s.port;
  await closeServer(s);
  return p;
}

/** Reads a socket to its end; resolves with the SHA-256 and byte count. */
export function drain(s: net.Socket): Promise<{ sha: string; bytes: number }> {
  const h = createHash("sha256");
  let bytes = 0;
  return new Promise((resolve, reject) => {
    s.on("data", (c: Buffer) => {
      h.update(c);
      bytes += c.length;
    });
    s.once("end", () => resolve({ sha: h.digest("hex"), bytes }));
    s.once("error", reject);
  });
}

/** Writes `total` random bytes with backpressure; resolves with their SHA-256 (does not end). */
export async function sendRandom(s: net.Socket, total: number, chunk = 64 * 1024): Promise<string> {
  const h = createHash("sha256");
  for (let sent = 0; sent < total; ) {
    const b = randomBytes(Math.min(chunk, total - sent));
    h.update(b);
    sent += b.length;
    if (!s.write(b)) await new Promise<void>((r) => s.once("drain", () => r()));
  }
  return h.digest("hex");
}

export function once<T = unknown>(e: NodeJS.EventEmitter, event: string): Promise<T> {
  return new Promise((r) => e.once(event, r as (v: T) => void));
}

export async function until(cond: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A loopback port that never completes new handshakes: a listener with backlog 1 in a thread
 * whose event loop is blocked (so nothing is ever accepted), its queue filled by our own
 * connects. Further SYNs are dropped by the kernel, so connects hang like a black hole.
 */
export async function blackhole(): Promise<{ port: number; close: () => Promise<void> }> {
  const w = new Worker(
    `const net = require("node:net"); const { parentPort } = require("node:worker_threads");
     const s = net.createServer(); s.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
       parentPort.postMessage(s.address().port);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); });`,
    { eval: true },
  );
  const port = await once<number>(w, "message");
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const f = net.connect({ port, host: "127.0.0.1" });
    f.on("error", () => {});
    fillers.push(f);
  }
  await new Promise((r) => setTimeout(r, 200));
  return {
    port,
    close: async () => {
      for (const f of fillers) f.destroy();
      await w.terminate();
    },
  };
}

/**
 * A loopback server socket and the client connected to it (both ends of one TCP connection).
 * `cleanup` receives a function that destroys both and closes the listener.
 */
export async function socketPair(cleanup: (() => void)[]): Promise<{ server: net.Socket; client: net.Socket }> {
  const srv = net.createServer();
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const accepted = once<net.Socket>(srv, "connection");
  const client = net.connect((srv.address() as net.AddressInfo).port, "127.0.0.1");
  client.setNoDelay(true);
  const server = await accepted;
  cleanup.push(() => (client.destroy(), server.destroy(), srv.close()));
  return { server, client };
}
