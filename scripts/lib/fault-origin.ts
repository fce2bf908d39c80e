import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A loopback origin whose failure mode a test switches at any time:
 * - "ok": 200 with a 4 KiB body and its Content-Length;
 * - "refuse": not listening (connection refused; `restart` listens again on the same port);
 * - "reset-headers": the socket is destroyed before any response byte;
 * - "reset-body": headers and part of the body, then the socket is destroyed;
 * - "stall-headers": never answers; "stall-body": headers and part of the body, then nothing;
 * - a number: that status (e.g. 503), with a body.
 */
export type Fault = "ok" | "refuse" | "reset-headers" | "reset-body" | "stall-headers" | "stall-body" | number;

export const BODY_BYTES = 4096;

export interface FaultOrigin {
  readonly name: string;
  readonly url: string;
  mode: Fault;
  /** Requests answered "ok" / received at all. */
  ok: number;
  hits: number;
  setMode(m: Fault): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultOrigin(name: string): Promise<FaultOrigin> {
  const sockets = new Set<Socket>();
  const body = Buffer.alloc(BODY_BYTES, name.charCodeAt(0));
  let listening = false;
  let port = 0;
  const server: Server = createServer((req, res) => {
    o.hits++;
    req.resume();
    const m = o.mode;
    if (m === "reset-headers") return void req.socket.destroy();
    if (m === "stall-headers") return;
    if (m === "reset-body" || m === "stall-body") {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(BODY_BYTES) });
      res.write(body.subarray(0, 512));
      if (m === "reset-body") setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    const status = m === "ok" ? 200 : typeof m === "number" ? m : 500;
    if (status === 200) o.ok++;
    res.writeHead(status, { "content-type": "application/octet-stream", "x-origin": name });
    res.end(body);
  });
  server.keepAliveTimeout = 200;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const listen = () =>
    new Promise<void>((r) => {
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        listening = true;
        r();
      });
    });
  const stop = () =>
    new Promise<void>((r) => {
      listening = false;
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  const o = {
    name,
    url: "",
    mode: "ok" as Fault,
    ok: 0,
    hits: 0,
    async setMode(m: Fault) {
      if (m === "refuse" && listening) await stop();
      if (m !== "refuse" && !listening) await listen();
      // Connections kept alive from before a mode change would carry on the old behaviour.
      for (const s of sockets) s.destroy();
      o.mode = m;
    },
    close: async () => {
      if (listening) await stop();
    },
  } as FaultOrigin;
  await listen();
  Object.assign(o, { url: `http://127.0.0.1:${port}` });
  return o;
}
