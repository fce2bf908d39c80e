import type { Socket } from "node:net";
import type { L4Timeouts } from "../schema/l4.ts";
import type { Backend, Closable } from "./backend.ts";
import { kPeer, takeEarly } from "./read-buffers.ts";

const kSession = Symbol("relaySession");
type RelaySocket = Socket & { [kPeer]: RelaySocket; [kSession]: TcpSession };

export interface SessionEnd {
  session: TcpSession;
  reason: string;
  bytesFromClient: number;
  bytesToClient: number;
  durationMs: number;
}

/*
 * The data path. Handlers are module-level functions bound to the socket (`this`), so a session
 * allocates no closures and a chunk costs one write call: read on one side, write on the other,
 * pause the reader when the writer's buffer is full, resume it on 'drain'. That bounds what the
 * relay holds per direction to about one highWaterMark plus one chunk. Sockets created with
 * `userBufferRead` (read-buffers.ts) deliver chunks through their onread callback instead of
 * 'data'; everything else (drain, FIN, errors, close) is the same.
 */
function onData(this: RelaySocket, chunk: Buffer): void {
  if (!this[kPeer].write(chunk)) this.pause();
}
function onDrain(this: RelaySocket): void {
  this[kPeer].resume();
}
/** FIN from this side: pass it on (after buffered bytes) and keep the other direction flowing. */
function onEnd(this: RelaySocket): void {
  const s = this[kSession];
  this[kPeer].end();
  s.sawFin(this === s.client ? "client" : "backend");
}
function onError(this: RelaySocket, err: NodeJS.ErrnoException): void {
  const s = this[kSession];
  s.noteError(this === s.client ? "client" : "backend", err);
}
function onClose(this: RelaySocket, hadError: boolean): void {
  const s = this[kSession];
  const peer = this[kPeer];
  // Closed without a clean FIN both ways: abort the other side now. A reset or error is passed
  // on as a reset, so the peer cannot take a truncated stream for a complete one.
  if (!peer.destroyed && !(this.readableEnded && this.writableFinished)) {
    if (hadError && !peer.connecting) peer.resetAndDestroy();
    else peer.destroy();
  }
  s.socketClosed();
}
function onIdle(this: RelaySocket): void {
  this[kSession].close("idle_timeout");
}

/** A relayed client↔backend connection, from the moment the backend connected. */
export class TcpSession implements Closable {
  readonly client: Socket;
  readonly backend: Socket;
  readonly target: Backend;
  readonly startedAt: number;
  reason: string | undefined;
  firstFin: "client" | "backend" | undefined;
  #closedSockets = 0;
  #halfTimer: ReturnType<typeof setTimeout> | undefined;
  #maxTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #timeouts: L4Timeouts;
  readonly #onEnd: (e: SessionEnd) => void;

  /** The client reads through `onread` user buffers rather than 'data' events. */
  readonly #clientUserBuffers: boolean;

  constructor(client: Socket, backend: Socket, target: Backend, timeouts: L4Timeouts, startedAt: number, onEnd: (e: SessionEnd) => void, clientUserBuffers: boolean) {
    this.#clientUserBuffers = clientUserBuffers;
    this.client = client;
    this.backend = backend;
    this.target = target;
    this.startedAt = startedAt;
    this.#timeouts = timeouts;
    this.#onEnd = onEnd;
  }

  /** Starts relaying; `prefix` holds client bytes already read (PROXY/SNI inspection). */
  start(prefix: Buffer | undefined, proxyHeader: Buffer | undefined): void {
    const c = this.client as RelaySocket;
    const b = this.backend as RelaySocket;
    c[kPeer] = b;
    b[kPeer] = c;
    c[kSession] = this;
    b[kSession] = this;
    b.setNoDelay(true);
    if (proxyHeader) b.write(proxyHeader);
    if (prefix && prefix.length > 0) b.write(prefix);
    for (const chunk of takeEarly(c) ?? []) b.write(chunk);
    for (const chunk of takeEarly(b) ?? []) c.write(chunk);
    for (const s of [c, b]) {
      // The backend always reads into user buffers (connect.ts); the client when it was adopted.
      if (s === c && !this.#clientUserBuffers) s.on("data", onData);
      s.on("drain", onDrain);
      s.on("end", onEnd);
      s.on("error", onError);
      s.on("close", onClose);
    }
    // Reads and writes on the client socket both refresh its timer, so it sees traffic either way.
    if (this.#timeouts.idleMs > 0) {
      c.setTimeout(this.#timeouts.idleMs);
      c.on("timeout", onIdle);
    }
    if (this.#timeouts.maxDurationMs > 0) {
      this.#maxTimer = setTimeout(() => this.close("max_duration"), this.#timeouts.maxDurationMs);
    }
    // A socket may have died while the backend was connecting (its 'close' may already be past).
    if (c.destroyed || b.destroyed) {
      this.reason ??= c.destroyed ? "client_closed_early" : "backend_closed_early";
      c.destroy();
      b.destroy();
      if (c.closed) this.socketClosed();
      if (b.closed) this.socketClosed();
      return;
    }
    // A FIN that came with the PROXY header or ClientHello was consumed by that inspection: its
    // 'end' is already past, so pass it on now (after the prefix written above).
    if (c.readableEnded) onEnd.call(c);
    c.resume();
    b.resume();
  }

  sawFin(side: "client" | "backend"): void {
    if (this.firstFin === undefined) {
      this.firstFin = side;
      if (this.#timeouts.halfClosedMs > 0 && this.#closedSockets === 0) {
        this.#halfTimer = setTimeout(() => this.close("half_closed_timeout"), this.#timeouts.halfClosedMs);
      }
    }
  }

  noteError(side: "client" | "backend", err: NodeJS.ErrnoException): void {
    this.reason ??= `${side}_error:${err.code ?? "unknown"}`;
  }

  /** Closes both sides now (timeouts, backend down/removed, shutdown). */
  close(reason: string): void {
    this.reason ??= reason;
    this.client.destroy();
    this.backend.destroy();
  }

  socketClosed(): void {
    if (++this.#closedSockets !== 2) return;
    if (this.#halfTimer) clearTimeout(this.#halfTimer);
    if (this.#maxTimer) clearTimeout(this.#maxTimer);
    this.#onEnd({
      session: this,
      reason: this.reason ?? (this.firstFin ? `${this.firstFin}_fin` : "closed"),
      bytesFromClient: this.client.bytesRead,
      bytesToClient: this.client.bytesWritten,
      durationMs: Date.now() - this.startedAt,
    });
  }
}
