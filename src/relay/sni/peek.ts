import type { Socket } from "node:net";
import { type HelloScan, MAX_CLIENT_HELLO, scanClientHello } from "./client-hello.ts";

export interface PeekResult {
  /** Lower-case host name without trailing dot; undefined for no TLS, no SNI, malformed, too large or timeout. */
  serverName: string | undefined;
  /** Every byte taken from the socket (after `initial`, included): the caller sends these upstream first. */
  buffered: Buffer;
  /** Why serverName is what it is (for logs and metrics). */
  reason: Extract<HelloScan, { done: true }>["reason"] | "timeout" | "closed";
}

/** Hard cap on bytes held while inspecting: a full ClientHello plus record headers. */
const MAX_BUFFERED = MAX_CLIENT_HELLO + 4 * 1024;

/**
 * Reads just enough of a TLS ClientHello to learn the server name (ssl_preread / req.ssl_sni),
 * without terminating TLS. Resolves — never rejects for bad or slow input — once the name is
 * known or cannot be; leaves the socket paused. `initial` holds bytes already read (e.g. what
 * followed a PROXY header). Rejects only if the socket errors while being read.
 */
export function peekServerName(socket: Socket, timeoutMs: number, initial?: Buffer): Promise<PeekResult> {
  let buf: Buffer = initial && initial.length > 0 ? initial : Buffer.alloc(0);
  const first = buf.length > 0 ? scanClientHello(buf) : undefined;
  if (first?.done) return Promise.resolve({ serverName: first.serverName, buffered: buf, reason: first.reason });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (result: PeekResult | undefined, err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("error", onError);
      socket.pause();
      if (err) reject(err);
      else resolve(result!);
    };
    let parts: Buffer[] = buf.length > 0 ? [buf] : [];
    let size = buf.length;
    let wait = first?.done === false ? first.needBytes : 1;
    const onData = (chunk: Buffer) => {
      parts.push(chunk);
      size += chunk.length;
      if (size < wait && size <= MAX_BUFFERED) return; // nothing to decide yet: no copy, no scan
      buf = Buffer.concat(parts, size);
      parts = [buf];
      const r = scanClientHello(buf);
      if (r.done) finish({ serverName: r.serverName, buffered: buf, reason: r.reason });
      else if (size > MAX_BUFFERED) finish({ serverName: undefined, buffered: buf, reason: "too-large" });
      else wait = r.needBytes;
    };
    // A client that half-closes before finishing its hello: route it without a name; the FIN stays
    // visible to the caller through socket.readableEnded.
    const all = () => (size === buf.length ? buf : Buffer.concat(parts, size));
    const onEnd = () => finish({ serverName: undefined, buffered: all(), reason: "closed" });
    const onError = (e: Error) => finish(undefined, e);
    const timer = setTimeout(() => finish({ serverName: undefined, buffered: all(), reason: "timeout" }), timeoutMs);
    socket.on("data", onData);
    socket.once("end", onEnd);
    socket.on("error", onError);
    socket.resume();
  });
}
