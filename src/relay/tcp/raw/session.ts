import type { L4Balance, L4Timeouts } from "../../../schema/l4.ts";
import { ConnectTimeoutError, NoBackendError } from "../../errors.ts";
import { nextConnectionId } from "../../observability/connection-id.ts";
import type { Backend, Closable } from "../../pool/backend.ts";
import type { BackendPool } from "../../pool/pool.ts";
import type { SocketAddresses } from "../../proxy-protocol/from-socket.ts";
import type { ProxyAddressInfo } from "../../proxy-protocol/index.ts";
import { errnoError } from "../direct-write.ts";
import { relayingTimeout } from "../relayed.ts";
import type { SessionHost } from "../session.ts";
import { type ConnectReq, type PeerName, type RawTcpHandle, rawTcp } from "./binding.ts";
import { connectError, type DialOwner, dial } from "./connect.ts";
import { type Side, Side as SideImpl, type SideOwner, shutdown, write } from "./pump.ts";

const CONNECTING = 0;
const RELAYING = 1;
const CLOSED = 2;

/** What the raw session needs from its listener beyond SessionHost. */
export interface RawSessionHost extends SessionHost<RawSession> {
  /** Whether the close line for `reason` is written (then the client's address is read before closing). */
  logsClose(reason: string): boolean;
}

/**
 * A plain TCP pass-through connection driven at the libuv handle level (no net.Socket on either
 * side): the accepted client handle, a backend handle connected with retries on other backends,
 * then the byte pump of raw/pump.ts. Same life cycle, timeouts (the listener's sweep calls `tick`),
 * close reasons, logs and metrics as TcpSession; listeners that inspect the first bytes (PROXY
 * header, SNI) keep TcpSession.
 */
export class RawSession implements Closable, SideOwner, DialOwner {
  readonly client: Side;
  backend: Side | undefined;
  target: Backend | undefined;
  readonly pool: BackendPool;
  readonly startedAt: number;
  readonly requestId = nextConnectionId();
  state = CONNECTING;
  active = true;
  lastActive: number;
  reason: string | undefined;
  firstFin: "client" | "backend" | undefined;
  retries = 0;
  readonly origin: ProxyAddressInfo | undefined = undefined;
  readonly serverName: string | undefined = undefined;
  #connecting: RawTcpHandle | undefined;
  #halfClosedAt = 0;
  #deadline = 0;
  #tried: Set<Backend> | undefined;
  #lastError: NodeJS.ErrnoException | undefined;
  readonly #host: RawSessionHost;
  readonly #timeouts: L4Timeouts;
  readonly #policy: L4Balance;
  #clientKey = "";
  /** Bytes to send before the client's (a PROXY header). */
  lead: Buffer | undefined;

  constructor(
    host: RawSessionHost,
    client: RawTcpHandle,
    pool: BackendPool,
    policy: L4Balance,
    timeouts: L4Timeouts,
    startedAt: number,
  ) {
    this.#host = host;
    this.client = new SideImpl(this, client, true);
    this.pool = pool;
    this.#policy = policy;
    this.#timeouts = timeouts;
    this.startedAt = startedAt;
    this.lastActive = startedAt;
    if (policy === "hash") this.#clientKey = this.clientIp ?? "";
    client.setNoDelay(true); // as net.Server does for noDelay servers
  }

  /** The client's address (a getpeername call, once, while the handle is open). */
  get clientIp(): string | undefined {
    return this.client.peerName().address;
  }
  get clientAddress(): string | undefined {
    const p = this.client.peerName();
    return p.address === undefined ? undefined : `${p.address}:${p.port}`;
  }
  /** Both ends of the client connection, as net.Socket names them (for a PROXY header). */
  addresses(): SocketAddresses {
    const local: PeerName = {};
    if (!this.client.closed) this.client.handle.getsockname(local);
    const peer = this.client.peerName();
    return { remoteAddress: peer.address, remotePort: peer.port, localAddress: local.address, localPort: local.port };
  }
  get bytesFromClient(): number {
    return this.client.bytesRead;
  }
  get bytesToClient(): number {
    return this.backend?.bytesRead ?? 0;
  }

  /** Starts a connect attempt (the first, or a retry on another backend). */
  connect(): void {
    const b = this.pool.pick(this.#clientKey, this.#tried, this.#policy);
    if (!b) return this.#fail(this.#lastError ?? new NoBackendError(this.pool.name));
    this.target = b;
    this.#deadline = (this.retries === 0 ? this.startedAt : Date.now()) + this.#timeouts.connectMs;
    const h = dial(b, this);
    if (h instanceof Error) this.#attemptFailed(h);
    else this.#connecting = h;
  }

  /** A connect attempt completed. */
  connected(status: number, handle: RawTcpHandle, req: ConnectReq): void {
    if (this.#connecting !== handle) return; // dropped (timeout, closed): already closed
    this.#connecting = undefined;
    if (status < 0) {
      handle.close();
      return this.#attemptFailed(connectError(status, req.address, req.port));
    }
    this.#relay(handle);
  }

  /** A connect attempt failed (error or timeout): feed passive health, try another backend. */
  #attemptFailed(err: NodeJS.ErrnoException): void {
    const b = this.target!;
    this.#lastError = err;
    this.#host.connectFailed(this, b, err);
    this.pool.reportConnect(b, false);
    (this.#tried ??= new Set()).add(b);
    if (this.state !== CONNECTING) return;
    if (this.#tried.size >= this.pool.config.maxConnectAttempts) return this.#fail(err);
    this.retries++;
    this.connect();
  }

  #dropAttempt(): void {
    const h = this.#connecting;
    this.#connecting = undefined;
    h?.close();
  }

  #fail(err: NodeJS.ErrnoException): void {
    this.state = CLOSED;
    this.client.peerName(); // the failure line names the client
    this.client.close(false);
    this.#host.ended(this, undefined, err);
  }

  #relay(handle: RawTcpHandle): void {
    handle.setNoDelay(true);
    const c = this.client;
    const b = (this.backend = new SideImpl(this, handle, false));
    c.peer = b;
    b.peer = c;
    this.state = RELAYING;
    this.pool.reportConnect(this.target!, true);
    this.pool.acquire(this.target!, this);
    this.#host.established(this);
    if (this.lead !== undefined && !write(b, this.lead, undefined)) return;
    c.start();
    b.start();
  }

  // SideOwner: called by the pump.
  readEnded(side: Side, status: number): void {
    if (this.state !== RELAYING) return;
    if (status !== rawTcp!.UV_EOF) return this.#abort(side, status, "read");
    side.eof = true;
    if (this.firstFin === undefined) {
      this.firstFin = side.isClient ? "client" : "backend";
      this.#halfClosedAt = Date.now();
    }
    // FIN from this side: pass it on after the bytes queued to the peer. After the second FIN,
    // both handles close once their queued writes are done (the kernel sends what it holds, then
    // FIN; neither side has unread bytes, so no reset).
    if (side.peer.eof) this.#closeIfDone();
    else shutdown(side.peer);
  }

  completed(to: Side, status: number, syscall: string): void {
    if (this.state !== RELAYING) return; // cancelled by close
    if (status < 0) return this.#abort(to, status, syscall);
    this.#closeIfDone();
  }

  failedAt(to: Side, status: number, syscall: string): void {
    if (this.state === RELAYING) this.#abort(to, status, syscall);
  }

  #closeIfDone(): void {
    const c = this.client;
    const b = this.backend!;
    if (c.eof && b.eof && c.pending === 0 && b.pending === 0) this.#finish();
  }

  /** `side` failed (read, write or shutdown error): close it, reset the other, so a truncated stream is not taken for a complete one. */
  #abort(side: Side, status: number, syscall: string): void {
    this.reason ??= `${side.isClient ? "client" : "backend"}_error:${errnoError(status, syscall).code ?? "unknown"}`;
    this.#finish(side);
  }

  /** Closes both handles and reports the end: gracefully, or (`failed` given) that one closed and the other reset. */
  #finish(failed?: Side): void {
    if (this.state === CLOSED) return;
    const reason = this.reason ?? (this.firstFin ? `${this.firstFin}_fin` : "closed");
    if (this.#host.logsClose(reason)) this.client.peerName(); // while the client's handle is open
    this.state = CLOSED;
    failed?.close(false);
    this.client.close(failed !== undefined);
    this.backend?.close(failed !== undefined);
    this.pool.release(this.target!, this);
    this.#host.ended(this, reason, undefined);
  }

  /** Called by the listener's sweep: connect, idle, half-closed and max-duration timeouts. */
  tick(now: number): void {
    const t = this.#timeouts;
    if (this.state === CONNECTING) {
      if (now >= this.#deadline && this.#connecting) {
        this.#dropAttempt();
        this.#attemptFailed(new ConnectTimeoutError(this.target!.target, t.connectMs));
      }
      return;
    }
    if (this.state !== RELAYING) return;
    const reason = relayingTimeout(this, t, this.#halfClosedAt, now);
    if (reason !== undefined) this.close(reason);
  }

  /** After a quiet sweep period: large read buffers go back (relayed.ts). */
  releaseIdleBuffers(): void {
    this.client.shrink();
    this.backend?.shrink();
  }

  /** Closes both sides now (timeouts, backend down/removed, shutdown). */
  close(reason: string): void {
    this.reason ??= reason;
    if (this.state === CONNECTING) return this.abandon();
    this.#finish();
  }

  /** Closed before a backend answered: not counted as a relayed connection. */
  abandon(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.#dropAttempt();
    this.client.close(false);
    this.#host.ended(this, undefined, undefined);
  }
}
