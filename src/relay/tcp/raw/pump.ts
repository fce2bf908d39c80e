import { type PeerName, type RawTcpHandle, rawTcp, type WriteReq } from "./binding.ts";

/*
 * Byte pumping between two TCP handles, below net.Socket. Each handle reads into a buffer of its
 * own (`useUserBuffer`: no allocation per read); a read is written at once to the other handle
 * (`writeBuffer`, no copy). Most writes complete inside the call; a write the kernel did not take
 * at once stays queued in libuv, which holds the reader's buffer: the reader stops reading until
 * the write completes (one write in flight per direction, the backpressure), and libuv's own write
 * queue keeps order, shutdowns included. Buffers start at 256 B (a slice of Node's shared pool) and
 * grow to 64 KiB and 256 KiB on full reads, as net.Socket sides do (tcp/read-buffers.ts).
 */

/** What a side reports to its session. */
export interface SideOwner {
  active: boolean;
  /** A read ended: EOF (`UV_EOF`) or an error status. */
  readEnded(side: Side, status: number): void;
  /** A queued write on `to` completed (status < 0: it failed). */
  completed(to: Side, status: number, syscall: string): void;
  /** A write or shutdown on `to` failed at once. */
  failedAt(to: Side, status: number, syscall: string): void;
}

const INITIAL = 256;
const MID = 64 * 1024;
const MAX = 256 * 1024;
const SHRINK_AFTER = 8;

function alloc(size: number): Buffer {
  return size === INITIAL ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size);
}

/** One end of a relayed connection: its handle, read buffer and state. */
export class Side {
  readonly owner: SideOwner;
  readonly isClient: boolean;
  readonly handle: RawTcpHandle;
  peer!: Side;
  buf: Buffer | undefined;
  /** The last partial view of `buf` handed to a write (request/response traffic repeats sizes). */
  view: Buffer | undefined;
  small = 0;
  bytesRead = 0;
  eof = false;
  /** Writes queued in libuv on this handle. */
  pending = 0;
  /** Reading stopped until a write of this side's bytes completes. */
  stalled = false;
  closed = false;

  constructor(owner: SideOwner, handle: RawTcpHandle, isClient: boolean) {
    this.owner = owner;
    this.handle = handle;
    this.isClient = isClient;
    handle.side = this;
  }

  /** Starts reading into a buffer of its own, relaying to `peer`. */
  start(): void {
    const buf = (this.buf = alloc(INITIAL));
    this.handle.onread = onRead;
    this.handle.useUserBuffer(buf);
    this.handle.readStart();
  }

  /** A FIN toward this side was requested (`shutdown`). */
  shutting = false;

  /**
   * Closes the handle: gracefully, or with a reset (`abort`). libuv refuses a reset while a
   * shutdown is pending, and Node then marks the handle closing without closing it (a later
   * `close()` does nothing): a side that was sent a FIN is closed gracefully instead.
   */
  close(abort: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (abort && !this.shutting) this.handle.reset();
    else this.handle.close();
  }

  /** The remote address (a getpeername call, once, while the handle is open; empty after). */
  peerName(): PeerName {
    let p = this.#peer;
    if (p === undefined) {
      p = {};
      if (this.closed) return p;
      this.handle.getpeername(p);
      this.#peer = p;
    }
    return p;
  }
  #peer: PeerName | undefined;

  /** Gives a side whose traffic stopped its small buffer back (a pending write keeps the old one alive). */
  shrink(): void {
    const b = this.buf;
    if (b === undefined || b.length <= INITIAL || this.closed) return;
    this.buf = alloc(INITIAL);
    this.view = undefined;
    this.small = 0;
    this.handle.useUserBuffer(this.buf);
  }
}

const B = rawTcp!;

function onRead(this: RawTcpHandle): Buffer | undefined {
  const side = this.side as Side;
  const n = B.streamBaseState[B.kReadBytesOrError]!;
  if (n > 0) return pump(side, n);
  if (n < 0) side.owner.readEnded(side, n);
  return undefined;
}

/** Relays a read of `n` bytes; returns the next buffer to read into when its size changes. */
function pump(side: Side, n: number): Buffer | undefined {
  side.owner.active = true;
  side.bytesRead += n;
  const buf = side.buf!;
  let chunk = buf;
  if (n !== buf.length) {
    const v = side.view;
    chunk = v !== undefined && v.length === n ? v : (side.view = buf.subarray(0, n));
  }
  if (!write(side.peer, chunk, side)) return undefined;
  // Grow on a full read; shrink only after SHRINK_AFTER small reads in a row (the burst is over).
  let size = buf.length;
  if (n === size) size = size < MID ? MID : MAX;
  else if (size > INITIAL) {
    if (n > INITIAL / 2) side.small = 0;
    else if (++side.small >= SHRINK_AFTER) size = INITIAL;
  }
  if (size === buf.length) return undefined;
  side.small = 0;
  side.view = undefined;
  side.buf = alloc(size);
  return side.buf; // libuv reads into it from now on; a pending write still holds the old one
}

/** The request object for the next write, shared by all handles (libuv keeps one only when it queues the write). */
let spare: WriteReq | undefined;

function onWritten(this: WriteReq, status: number): void {
  const to = this.to as Side;
  const from = this.from as Side | undefined;
  this.buffer = null;
  this.from = this.to = undefined;
  to.pending--;
  if (from?.stalled) {
    from.stalled = false;
    if (status >= 0 && !from.closed && !from.eof) from.handle.readStart();
  }
  to.owner.completed(to, status, "write");
}

/**
 * Writes `chunk` to `to`. A write libuv queues stops `from` reading until it completes. Returns
 * false when the write failed (reported to the owner, which closes the connection).
 */
export function write(to: Side, chunk: Buffer, from: Side | undefined): boolean {
  let req = spare;
  if (req === undefined) {
    req = spare = new B.WriteWrap();
    req.oncomplete = onWritten;
    req.buffer = null;
    req.from = req.to = undefined;
  }
  const err = to.handle.writeBuffer(req, chunk);
  if (err !== 0) {
    spare = undefined; // a failed queued write may have bound it; take a fresh one
    to.owner.failedAt(to, err, "write");
    return false;
  }
  if (B.streamBaseState[B.kLastWriteWasAsync] === 0) return true;
  spare = undefined; // libuv owns this one now
  req.buffer = chunk;
  req.from = from;
  req.to = to;
  to.pending++;
  if (from !== undefined) {
    from.stalled = true;
    from.handle.readStop();
  }
  return true;
}

/**
 * Sends FIN on `to` after its queued writes (libuv orders it behind them, on a later loop turn).
 * Nothing waits for it: when the other direction ends first, closing the handle sends the FIN
 * instead (libuv cancels the shutdown; HAProxy saves the call the same way), and a peer that
 * reset the connection shows up on the next read.
 */
export function shutdown(to: Side): void {
  to.shutting = true;
  const req = new B.ShutdownWrap();
  const err = to.handle.shutdown(req);
  if (err !== 0) to.owner.failedAt(to, err, "shutdown");
}
