import net from "node:net";
import { heldByWritable, relayWrite } from "./direct-write.ts";
import { fastPathOn } from "./fast-path-switch.ts";

/*
 * Zero-allocation reads (net.Socket `onread`): the kernel reads into a buffer the socket owns
 * and the callback writes it straight to the peer (direct-write.ts), bypassing the Readable
 * stream (no Buffer allocated per chunk, no 'data' event machinery). Buffers start small (256 B),
 * so an idle connection costs little memory. A read that fills the buffer grows it to 64 KiB, and
 * one that fills 64 KiB (a sustained transfer) to 256 KiB: a quarter of the read and write calls,
 * callbacks and wake-ups per byte of 64 KiB reads (measured: about 240 KiB per read under one
 * iperf3 stream). A run of small reads, or a sweep period without traffic (`releaseIdleBuffer`),
 * brings it back to 256 B. A write still pending in libuv stops the reader until it completes
 * (direct-write.ts), so the buffer is free again when reading resumes; only bytes held by the
 * peer's Writable (lead bytes, the fallback path) make the socket switch to a fresh buffer.
 */
/**
 * Socket buffer threshold for the relay. Node reads 64 KiB chunks; with the default 64 KiB mark
 * every chunk write reports "full" (the check runs before the write is attempted), so each chunk
 * would cost a pause and a resume of the other socket. Four chunks of room keep data moving and
 * still bound what the relay holds per direction.
 */
export const RELAY_HIGH_WATER_MARK = 256 * 1024;

export const kPeer = Symbol("relayPeer");
/** The session a socket belongs to (tcp-session.ts); its `active` flag marks traffic for the idle sweep. */
export const kSession = Symbol("relaySession");
const kNext = Symbol("relayNextBuffer");
const kEarly = Symbol("relayEarly");
/**
 * Idle size. Small buffers are slices of Node's shared 8 KiB allocation pool (Buffer.allocUnsafe),
 * so an idle socket costs its 256 bytes and one Buffer object, not an ArrayBuffer and a malloc'd
 * backing store of its own; messages up to this size still take one read.
 */
const INITIAL = 256;
const MID = 64 * 1024;
const MAX = 256 * 1024;
const SHRINK_AFTER = 8;
const kSmall = Symbol("relaySmallReads");
/** The last partial view handed to a write (kView) and the buffer it views (kViewOf). */
const kView = Symbol("relayView");
const kViewOf = Symbol("relayViewOf");

export type PeeredSocket = net.Socket & {
  [kPeer]?: net.Socket;
  [kSession]?: { active: boolean };
  [kNext]?: Buffer;
  [kEarly]?: Buffer[];
  [kSmall]?: number;
  [kView]?: Buffer;
  [kViewOf]?: Buffer;
};

function alloc(size: number): Buffer {
  return size === INITIAL ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size);
}

/** Node calls the buffer generator right after each callback, without `this`: hand over via this slot. */
let lastReader: PeeredSocket | undefined;

function nextBuffer(): Buffer | undefined {
  const s = lastReader;
  lastReader = undefined;
  if (!s) return alloc(INITIAL); // the socket's first buffer
  const b = s[kNext];
  if (b !== undefined) s[kNext] = undefined;
  return b; // undefined: keep reading into the same buffer
}

function onRead(this: PeeredSocket, n: number, buf: Buffer): boolean {
  lastReader = this;
  const peer = this[kPeer];
  if (!peer) {
    // Bytes before the session is wired (not expected: sessions start before the next read).
    (this[kEarly] ??= []).push(Buffer.from(buf.subarray(0, n)));
    return false;
  }
  this[kSession]!.active = true;
  let chunk = buf;
  if (n !== buf.length) {
    // Request/response traffic repeats message sizes: reuse the last view of this buffer if it fits.
    const v = this[kView];
    if (v !== undefined && v.length === n && this[kViewOf] === buf) chunk = v;
    else {
      chunk = this[kView] = buf.subarray(0, n);
      this[kViewOf] = buf;
    }
  }
  const ok = relayWrite(this, peer, chunk);
  // Grow on a full read; shrink only after SHRINK_AFTER small reads in a row (the burst is over),
  // so traffic hovering around the small size does not reallocate on every read.
  // (A read that does not fill the idle-size buffer touches none of this state.)
  let size = buf.length;
  if (n === size) size = size < MID ? MID : MAX;
  else if (size > INITIAL) {
    if (n > INITIAL / 2) {
      if (this[kSmall] !== 0) this[kSmall] = 0;
    } else if ((this[kSmall] = (this[kSmall] ?? 0) + 1) >= SHRINK_AFTER) size = INITIAL;
  }
  if (size !== buf.length) this[kSmall] = 0;
  // Still referenced by a write the peer's Writable holds, or the wrong size for the traffic: read
  // into a new one. (A pending direct write stops this socket's reads until it completes.)
  if (heldByWritable || size !== buf.length) {
    this[kNext] = alloc(size);
    this[kView] = this[kViewOf] = undefined; // do not keep the old buffer alive through its view
  }
  return ok; // false pauses this socket until the peer drains
}

export const userBufferRead = { buffer: nextBuffer, callback: onRead };

/** Bytes a socket read before it had a peer; the session writes them first. */
export function takeEarly(s: net.Socket): Buffer[] | undefined {
  const p = s as PeeredSocket;
  const e = p[kEarly];
  p[kEarly] = undefined;
  return e;
}

/**
 * Re-wraps an accepted socket (from a `pauseOnConnect` server, nothing read yet) in a Socket that
 * reads into user buffers; net.Server has no `onread` option of its own. Falls back to the
 * original socket if its handle is not accessible.
 */
export function adoptAccepted(s: net.Socket): net.Socket {
  const handle = (s as net.Socket & { _handle?: unknown })._handle;
  if (!handle || s.destroyed) return s;
  const opts = {
    handle,
    allowHalfOpen: true,
    pauseOnCreate: true,
    readable: true,
    writable: true,
    onread: userBufferRead,
    highWaterMark: RELAY_HIGH_WATER_MARK,
  };
  return new net.Socket(opts as unknown as net.SocketConstructorOpts);
}

/** Node's private onread slots (kBuffer, kBufferGen, kBufferCb), found on a probe socket. */
export const onreadSlots = (() => {
  const probe = new net.Socket({ onread: userBufferRead } as net.SocketConstructorOpts);
  const find = (d: string) => Object.getOwnPropertySymbols(probe).find((k) => k.description === d);
  const slots = { buffer: find("kBuffer"), gen: find("kBufferGen"), cb: find("kBufferCb") };
  return slots.buffer && slots.gen && slots.cb ? (slots as Record<keyof typeof slots, symbol>) : undefined;
})();

/**
 * Switches an accepted socket (from a `pauseOnConnect` server, nothing read yet) to user-buffer
 * reads in place: what the Socket constructor does for `onread`, without constructing a second
 * Socket around the same handle (that cost a Socket's CPU and memory per connection). Falls back
 * to re-wrapping (`adoptAccepted`) if Node's internals are not as expected.
 */
export function useUserBuffers(s: net.Socket): net.Socket {
  const handle = (s as net.Socket & { _handle?: { useUserBuffer?: (b: Buffer) => void } })._handle;
  if (!onreadSlots || typeof handle?.useUserBuffer !== "function" || s.destroyed) return adoptAccepted(s);
  const buf = alloc(INITIAL);
  const slots = s as unknown as Record<symbol, unknown>;
  slots[onreadSlots.gen] = nextBuffer;
  slots[onreadSlots.cb] = onRead;
  slots[onreadSlots.buffer] = buf;
  handle.useUserBuffer(buf);
  return s;
}

/**
 * Gives a socket whose traffic stopped (no read for a sweep period, see tcp-session.ts `tick`) a
 * small buffer again, so a connection that once moved bulk data does not keep 64–256 KiB while it
 * idles. A write still holding the old buffer keeps it alive until it completes.
 */
export function releaseIdleBuffer(s: net.Socket): void {
  if (!fastPathOn) return; // stream-API sockets own no user buffer
  const handle = (s as net.Socket & { _handle?: { useUserBuffer?: (b: Buffer) => void } | null })._handle;
  if (!onreadSlots || !handle?.useUserBuffer || s.destroyed) return;
  const slots = s as unknown as Record<symbol, unknown>;
  const current = slots[onreadSlots.buffer] as Buffer | null | undefined;
  if (!current || current.length <= INITIAL) return;
  const buf = alloc(INITIAL);
  slots[onreadSlots.buffer] = buf;
  const p = s as PeeredSocket;
  p[kSmall] = 0;
  p[kView] = p[kViewOf] = undefined;
  handle.useUserBuffer(buf);
}
