import type { Backend } from "../../pool/backend.ts";
import { errnoError } from "../direct-write.ts";
import { type ConnectReq, type RawTcpHandle, rawTcp } from "./binding.ts";

/** Told once when a connect attempt completes, unless it dropped the handle first. */
export interface DialOwner {
  connected(status: number, handle: RawTcpHandle, req: ConnectReq): void;
}

function onConnected(this: ConnectReq, status: number, handle: RawTcpHandle): void {
  const owner = this.owner as DialOwner | null;
  this.owner = null;
  owner?.connected(status, handle, this);
}

/** The error net.connect reports for the same failure: `connect ECONNREFUSED 127.0.0.1:6379`. */
export function connectError(status: number, address: string, port: number): NodeJS.ErrnoException {
  const e = errnoError(status, "connect");
  e.message = `connect ${e.code} ${address}:${port}`;
  return Object.assign(e, { address, port });
}

/**
 * Starts connecting a new TCP handle to `b`, an IP-address backend (the listener takes the raw
 * path only for pools of those: no look-up). Returns the handle, or the error `connect(2)` failed
 * with at once (the handle is closed then).
 */
export function dial(b: Backend, owner: DialOwner): RawTcpHandle | NodeJS.ErrnoException {
  const B = rawTcp!;
  const handle = new B.TCP(B.SOCKET);
  const req = new B.TCPConnectWrap();
  req.oncomplete = onConnected;
  req.owner = owner;
  req.address = b.address;
  req.port = b.port;
  const err = b.address.includes(":")
    ? handle.connect6(req, b.address, b.port)
    : handle.connect(req, b.address, b.port);
  if (err === 0) return handle;
  req.owner = null;
  handle.close();
  return connectError(err, b.address, b.port);
}
