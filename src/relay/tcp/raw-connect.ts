import net from "node:net";
import type { Backend } from "../pool/backend.ts";
import { errnoError } from "./direct-write.ts";
import { RELAY_HIGH_WATER_MARK, userBufferRead } from "./read-buffers.ts";

/*
 * Backend connects below net.Socket (fast path only, IP-address backends): the TCP handle is
 * connected first and wrapped in a net.Socket only once the connection is up, as net.Server does
 * with an accepted handle. That skips, per connection, what `net.connect` does around the same
 * `connect(2)`: argument normalisation, option copies, the look-up step and its nextTick closure,
 * the `connecting` state and the 'connect'/'ready' events. A failed attempt never builds a Socket.
 * The handle is libuv's, from `process.binding("tcp_wrap")`; fast-path.ts checks its shape.
 */

export interface RawHandle {
  connect(req: ConnectReq, address: string, port: number): number;
  connect6(req: ConnectReq, address: string, port: number): number;
  setNoDelay(on: boolean): number;
  close(cb?: () => void): void;
}

/** Whoever started the attempt; told once, unless it dropped the handle first (`pending` changed). */
export interface ConnectOwner {
  rawConnected(status: number, handle: RawHandle, req: ConnectReq): void;
}

export interface ConnectReq {
  oncomplete: (status: number, handle: RawHandle, req: ConnectReq) => void;
  owner: ConnectOwner | null;
  address: string;
  port: number;
}

interface TcpWrapBinding {
  TCP: new (type: number) => RawHandle;
  TCPConnectWrap: new () => ConnectReq;
  constants: { SOCKET: number };
}

/** Node's tcp_wrap binding, or undefined if it is not as expected (then backends use net.connect). */
export const tcpWrap = ((): TcpWrapBinding | undefined => {
  try {
    const b = (process as unknown as { binding(n: string): Partial<TcpWrapBinding> }).binding("tcp_wrap");
    if (
      typeof b.TCP === "function" &&
      typeof b.TCPConnectWrap === "function" &&
      typeof b.constants?.SOCKET === "number"
    )
      return b as TcpWrapBinding;
  } catch {
    /* reported by fast-path.ts */
  }
  return undefined;
})();

/** 4 or 6 for a backend whose address is an IP literal (no look-up needed), else 0. Cached per backend. */
const families = new WeakMap<Backend, number>();
export function rawFamily(b: Backend): number {
  let f = families.get(b);
  if (f === undefined) families.set(b, (f = tcpWrap ? net.isIP(b.address) : 0));
  return f;
}

function oncomplete(status: number, handle: RawHandle, req: ConnectReq): void {
  const owner = req.owner;
  req.owner = null;
  owner?.rawConnected(status, handle, req);
}

/**
 * Starts connecting a new TCP handle to `b` (an IP literal, see rawFamily). Returns the handle, or
 * the error `connect(2)` failed with at once (the handle is closed then).
 */
export function rawConnect(b: Backend, family: number, owner: ConnectOwner): RawHandle | NodeJS.ErrnoException {
  const w = tcpWrap!;
  const handle = new w.TCP(w.constants.SOCKET);
  const req = new w.TCPConnectWrap();
  req.oncomplete = oncomplete;
  req.owner = owner;
  req.address = b.address;
  req.port = b.port;
  const err = family === 6 ? handle.connect6(req, b.address, b.port) : handle.connect(req, b.address, b.port);
  if (err === 0) return handle;
  req.owner = null;
  handle.close();
  return connectError(err, b.address, b.port);
}

/** The error net.connect reports for the same failure: `connect ECONNREFUSED 127.0.0.1:6379`. */
export function connectError(status: number, address: string, port: number): NodeJS.ErrnoException {
  const e = errnoError(status, "connect");
  e.message = `connect ${e.code} ${address}:${port}`;
  return Object.assign(e, { address, port });
}

/** Wraps a connected handle in a Socket reading into user buffers (read-buffers.ts), with Nagle off. */
export function adoptConnected(handle: RawHandle): net.Socket {
  handle.setNoDelay(true);
  const opts = {
    handle,
    allowHalfOpen: true,
    readable: true,
    writable: true,
    onread: userBufferRead,
    highWaterMark: RELAY_HIGH_WATER_MARK,
  };
  return new net.Socket(opts as unknown as net.SocketConstructorOpts);
}
