import type net from "node:net";
import { getSystemErrorName } from "node:util";
import { RelaySystemError } from "../errors.ts";
import { fastPathOn } from "./fast-path-switch.ts";

/*
 * Relayed chunks go straight to the peer's libuv handle (`handle.writeBuffer`), as net.Socket's
 * own `_writeGeneric` does, minus the Writable machinery around it: no WriteWrap object, callback
 * closure, nextTick and state bookkeeping per chunk. Most writes complete inside the call (the
 * kernel took every byte); Node then attaches nothing to the request object (it binds one to the
 * C++ write only when the write is queued), so one spare request object serves every socket of the
 * process until a write is queued with it. A write the kernel did not take at once stays queued in libuv, which still holds the
 * bytes: the reader stops reading until it completes (one pending write per direction, as a
 * proxy with one buffer per direction does), so its read buffer is free again afterwards.
 *
 * Ordering: libuv writes a handle's requests in order, and a shutdown (FIN, from `socket.end()`)
 * waits for them. Chunks take the Writable path instead whenever the socket's Writable still holds
 * bytes (lead bytes written at establishment), so they never overtake those.
 */

interface WriteReq {
  oncomplete: (this: WriteReq, status: number) => void;
  /** Keeps the chunk alive while libuv writes it. */
  buffer: Buffer | null;
  src: net.Socket | null;
  dst: net.Socket | null;
}
interface StreamHandle {
  writeBuffer(req: WriteReq, chunk: Buffer): number;
}
interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

/** Node's stream_wrap binding (the WriteWrap class net.Socket uses); undefined if it is not as expected. */
export const binding = ((): StreamWrapBinding | undefined => {
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding("stream_wrap");
    if (
      typeof b.WriteWrap === "function" &&
      b.streamBaseState instanceof Int32Array &&
      typeof b.kLastWriteWasAsync === "number"
    )
      return b as StreamWrapBinding;
  } catch {
    /* not available: every chunk takes socket.write */
  }
  return undefined;
})();

/** The Writable's own state object (one class for every socket, so these loads stay monomorphic). */
interface WritableStateView {
  length: number;
  ending: boolean;
  destroyed: boolean;
}
type Writer = net.Socket & { _handle?: StreamHandle | null; _writableState: WritableStateView };

/** The request object for the next direct write, shared by all sockets (replaced when libuv keeps one). */
let spare: WriteReq | undefined;

/**
 * Set by `relayWrite` when the chunk went through the Writable, which may still hold it: the
 * reader must then read into a fresh buffer (read-buffers.ts).
 */
export let heldByWritable = false;

export function errnoError(status: number, syscall: string): NodeJS.ErrnoException {
  let code: string;
  try {
    code = getSystemErrorName(status);
  } catch {
    code = `E${-status}`;
  }
  return new RelaySystemError(status, code, syscall);
}

function onComplete(this: WriteReq, status: number): void {
  const src = this.src!;
  const dst = this.dst!;
  this.buffer = this.src = this.dst = null;
  if (status < 0) dst.destroy(errnoError(status, "write"));
  else if (!src.destroyed) src.resume();
}

/**
 * Writes a chunk read from `src` to `dst`. Returns true when `src` may keep reading (into the same
 * buffer); false when `src` must stop reading: the write is pending (reading resumes when it
 * completes), it failed (`dst` is destroyed with the error), or it went through dst's Writable
 * and filled it (reading resumes on dst's 'drain', see tcp-session.ts).
 */
export function relayWrite(src: net.Socket, dst: net.Socket, chunk: Buffer): boolean {
  if (!fastPathOn || binding === undefined) {
    // The public API only (fast path off, or Node's internals are not as expected: fast-path.ts).
    const ok = dst.write(chunk);
    heldByWritable = dst.writableLength !== 0;
    return ok;
  }
  const w = dst as Writer;
  const h = w._handle;
  const ws = w._writableState;
  if (!h || ws.length !== 0 || ws.ending || ws.destroyed || w.connecting) {
    const ok = w.write(chunk);
    heldByWritable = ws.length !== 0;
    return ok;
  }
  heldByWritable = false;
  let req = spare;
  if (req === undefined) {
    req = spare = new binding.WriteWrap();
    req.oncomplete = onComplete;
    req.buffer = req.src = req.dst = null;
  }
  const err = h.writeBuffer(req, chunk);
  if (err !== 0) {
    spare = undefined; // a failed queued write may have bound it; errors are rare, take a fresh one
    w.destroy(errnoError(err, "write"));
    return false;
  }
  if (binding.streamBaseState[binding.kLastWriteWasAsync] === 0) return true;
  // Queued in libuv, which now owns this request object: the next write gets a new one.
  spare = undefined;
  req.buffer = chunk;
  req.src = src;
  req.dst = dst;
  return false;
}

/** Whether chunks bypass the Writable now (false when the fast path is off or unavailable: socket.write). */
export function directWrites(): boolean {
  return fastPathOn && binding !== undefined;
}
