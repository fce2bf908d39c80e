import net, { type Socket } from "node:net";
import type { L4Balance, L4Timeouts } from "../../schema/l4.ts";
import { ConnectTimeoutError, NoBackendError } from "../errors.ts";
import { nextConnectionId } from "../observability/connection-id.ts";
import type { Backend } from "../pool/backend.ts";
import type { BackendPool } from "../pool/pool.ts";
import type { ProxyAddressInfo } from "../proxy-protocol/index.ts";
import { relayWrite } from "./direct-write.ts";
import { fastPathOn } from "./fast-path-switch.ts";
import {
  kPeer,
  kSession,
  RELAY_HIGH_WATER_MARK,
  releaseIdleBuffer,
  takeEarly,
  userBufferRead,
} from "./read-buffers.ts";
import { type Relayed, relayingTimeout } from "./relayed.ts";

type RelaySocket = Socket & { [kPeer]: RelaySocket | undefined; [kSession]: TcpSession };

/** What a session reports to its listener (logs, metrics, slot accounting). */
export interface SessionHost<S extends Relayed = TcpSession> {
  connectFailed(s: S, backend: Backend, err: NodeJS.ErrnoException): void;
  established(s: S): void;
  /** Relayed and closed (`reason`), never relayed (`failure`), or abandoned by the client while connecting (neither). */
  ended(s: S, reason: string | undefined, failure: NodeJS.ErrnoException | undefined): void;
}

const CONNECTING = 0;
const RELAYING = 1;
const CLOSED = 2;

/** net.connect options per backend, built once (the backend's address never changes). */
const connectOpts = new WeakMap<Backend, net.NetConnectOpts>();
function optsFor(b: Backend): net.NetConnectOpts {
  if (!fastPathOn) return { host: b.address, port: b.port, allowHalfOpen: true, noDelay: true };
  let o = connectOpts.get(b);
  if (!o) {
    // net.Socket passes stream options through to Duplex; @types/node does not list them.
    o = {
      host: b.address,
      port: b.port,
      allowHalfOpen: true,
      noDelay: true,
      highWaterMark: RELAY_HIGH_WATER_MARK,
      onread: userBufferRead,
    } as net.NetConnectOpts;
    connectOpts.set(b, o);
  }
  return o;
}

/*
 * Handlers are module-level functions bound to the socket (`this`): a connection allocates no
 * closures. Both sockets carry their session (kSession) and, once relaying, each other (kPeer).
 * A chunk costs one write: read on one side (read-buffers.ts onRead, or 'data' for clients that
 * were inspected through the stream API), write on the other, pause the reader when the writer's
 * buffer is full, resume it on 'drain'.
 */
function onData(this: RelaySocket, chunk: Buffer): void {
  this[kSession].active = true;
  if (!relayWrite(this, this[kPeer]!, chunk)) this.pause();
}
function onDrain(this: RelaySocket): void {
  this[kPeer]?.resume();
}
/** FIN from this side: pass it on (after buffered bytes) and keep the other direction flowing. */
function onEnd(this: RelaySocket): void {
  const s = this[kSession];
  if (s.state !== RELAYING) return; // seen again at establishment (readableEnded)
  const peer = this[kPeer]!;
  s.sawFin(this === s.client);
  // The second FIN: both directions are done. With nothing left in either Writable (a pending
  // direct write to a socket keeps its peer from reading, so none can be pending here), closing
  // both descriptors is a graceful end: the kernel sends what it holds, then the FIN that
  // `peer.end()` would have sent, and neither side has unread bytes (no reset). This skips a
  // shutdown call and Node's end/finish ticks on every connection.
  if (peer.readableEnded && peer.writableLength === 0 && this.writableLength === 0) {
    this.destroy();
    peer.destroy();
    return;
  }
  peer.end();
}
function onError(this: RelaySocket, err: NodeJS.ErrnoException): void {
  const s = this[kSession];
  if (s.state === CONNECTING && this === s.backend) s.attemptFailed(err);
  else if (this === s.client || this === s.backend)
    s.reason ??= `${this === s.client ? "client" : "backend"}_error:${err.code ?? "unknown"}`;
}
function onClose(this: RelaySocket, hadError: boolean): void {
  const s = this[kSession];
  if (this !== s.client && this !== s.backend) return; // a failed connect attempt
  if (s.state === CONNECTING) return s.abandon();
  if (s.state !== RELAYING) return;
  const peer = this[kPeer]!;
  // Closed without a clean FIN both ways: abort the other side now. A reset or error is passed
  // on as a reset, so the peer cannot take a truncated stream for a complete one.
  if (!peer.destroyed && !(this.readableEnded && this.writableFinished)) {
    if (hadError && !peer.connecting) peer.resetAndDestroy();
    else peer.destroy();
  }
  s.socketClosed();
}
function onConnect(this: RelaySocket): void {
  const s = this[kSession];
  if (s.state === CONNECTING && this === s.backend) s.relay();
}

/**
 * One client connection from admission to close: backend connect with retries on other backends
 * (HAProxy `retries` + `option redispatch`), then the relay. Timeouts (connect, idle, half-closed,
 * max duration) are not timers of their own: the listener's sweep calls `tick` (see tcp-listener.ts).
 */
export class TcpSession implements Relayed {
  readonly client: Socket;
  backend: Socket | undefined;
  target: Backend | undefined;
  readonly pool: BackendPool;
  readonly startedAt: number;
  /** The connection id of its log lines (`requestId`, the worker's name for the same fact). */
  readonly requestId = nextConnectionId();
  state = CONNECTING;
  /** Set by every relayed chunk; the sweep turns it into `lastActive`. */
  active = true;
  lastActive: number;
  reason: string | undefined;
  firstFin: "client" | "backend" | undefined;
  retries = 0;
  /** Set by inspecting listeners, for the open log line. */
  origin: ProxyAddressInfo | undefined;
  serverName: string | undefined;
  #halfClosedAt = 0;
  #deadline = 0;
  #closedSockets = 0;
  #tried: Set<Backend> | undefined;
  #lastError: NodeJS.ErrnoException | undefined;
  readonly #host: SessionHost;
  readonly #timeouts: L4Timeouts;
  readonly #policy: L4Balance;
  readonly #clientKey: string;
  readonly #clientUserBuffers: boolean;
  /** Whether the backend socket reads into user buffers (fast path on when it was connected). */
  #backendUserBuffers = true;
  /** Bytes to send before the client's: PROXY header, then bytes read during inspection. */
  readonly #lead: (Buffer | undefined)[] | undefined;

  constructor(
    host: SessionHost,
    client: Socket,
    pool: BackendPool,
    policy: L4Balance,
    timeouts: L4Timeouts,
    startedAt: number,
    clientKey: string,
    clientUserBuffers: boolean,
    lead?: (Buffer | undefined)[],
  ) {
    this.#host = host;
    this.client = client;
    this.pool = pool;
    this.#policy = policy;
    this.#timeouts = timeouts;
    this.startedAt = startedAt;
    this.lastActive = startedAt;
    this.#clientKey = clientKey;
    this.#clientUserBuffers = clientUserBuffers;
    this.#lead = lead;
    const c = client as RelaySocket;
    c[kSession] = this;
    c[kPeer] = undefined;
    c.on("error", onError);
    c.on("close", onClose);
    c.on("end", onEnd);
    c.on("drain", onDrain);
  }

  get clientAddress(): string | undefined {
    const c = this.client;
    return c.remoteAddress === undefined ? undefined : `${c.remoteAddress}:${c.remotePort}`;
  }
  get clientIp(): string | undefined {
    return this.client.remoteAddress;
  }
  get bytesFromClient(): number {
    return this.client.bytesRead;
  }
  get bytesToClient(): number {
    return this.client.bytesWritten;
  }

  /** Starts the first connect attempt. */
  connect(): void {
    if (this.client.destroyed) return this.abandon();
    this.#attempt();
  }

  #attempt(): void {
    const b = this.pool.pick(this.#clientKey, this.#tried, this.#policy);
    if (!b) return this.#fail(this.#lastError ?? new NoBackendError(this.pool.name));
    this.target = b;
    this.#deadline = (this.retries === 0 ? this.startedAt : Date.now()) + this.#timeouts.connectMs;
    this.#backendUserBuffers = fastPathOn;
    const s = net.connect(optsFor(b)) as RelaySocket;
    s[kSession] = this;
    s[kPeer] = undefined;
    this.backend = s;
    s.on("connect", onConnect);
    s.on("error", onError);
    s.on("close", onClose);
    s.on("end", onEnd);
    s.on("drain", onDrain);
  }

  /** A connect attempt failed (error or timeout): feed passive health, try another backend. */
  attemptFailed(err: NodeJS.ErrnoException): void {
    const b = this.target!;
    const s = this.backend!;
    this.backend = undefined;
    s.destroy();
    this.#lastError = err;
    this.#host.connectFailed(this, b, err);
    this.pool.reportConnect(b, false);
    (this.#tried ??= new Set()).add(b);
    if (this.state !== CONNECTING) return;
    if (this.client.destroyed) return this.abandon();
    if (this.#tried.size >= this.pool.config.maxConnectAttempts) return this.#fail(err);
    this.retries++;
    this.#attempt();
  }

  /** The client went away (or was closed) before a backend answered. */
  abandon(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.backend?.destroy();
    this.client.destroy();
    this.#host.ended(this, undefined, undefined);
  }

  #fail(err: NodeJS.ErrnoException): void {
    this.state = CLOSED;
    this.client.destroy();
    this.#host.ended(this, undefined, err);
  }

  /** The backend connected: wire the two sockets together and let bytes flow. */
  relay(): void {
    const c = this.client as RelaySocket;
    const b = this.backend as RelaySocket;
    this.state = RELAYING;
    this.pool.reportConnect(this.target!, true);
    this.pool.acquire(this.target!, this);
    this.#host.established(this);
    c[kPeer] = b;
    b[kPeer] = c;
    if (this.#lead) for (const chunk of this.#lead) if (chunk && chunk.length > 0) b.write(chunk);
    for (const chunk of takeEarly(c) ?? []) b.write(chunk);
    for (const chunk of takeEarly(b) ?? []) c.write(chunk);
    if (!this.#clientUserBuffers) c.on("data", onData);
    if (!this.#backendUserBuffers) b.on("data", onData);
    // A FIN that came with the PROXY header or ClientHello was consumed by that inspection: its
    // 'end' is already past, so pass it on now (after the bytes written above).
    if (c.readableEnded) onEnd.call(c);
    c.resume();
  }

  sawFin(fromClient: boolean): void {
    if (this.firstFin !== undefined) return;
    this.firstFin = fromClient ? "client" : "backend";
    if (this.#closedSockets === 0) this.#halfClosedAt = Date.now();
  }

  /** Called by the listener's sweep: connect, idle, half-closed and max-duration timeouts. */
  tick(now: number): void {
    const t = this.#timeouts;
    if (this.state === CONNECTING) {
      if (now >= this.#deadline && this.backend)
        this.attemptFailed(new ConnectTimeoutError(this.target!.target, t.connectMs));
      return;
    }
    if (this.state !== RELAYING) return;
    const reason = relayingTimeout(this, t, this.#halfClosedAt, now);
    if (reason !== undefined) this.close(reason);
  }

  /** After a quiet sweep period: large read buffers go back (relayed.ts). */
  releaseIdleBuffers(): void {
    releaseIdleBuffer(this.client);
    if (this.backend) releaseIdleBuffer(this.backend);
  }

  /** Closes both sides now (timeouts, backend down/removed, shutdown). */
  close(reason: string): void {
    this.reason ??= reason;
    if (this.state === CONNECTING) return this.abandon();
    this.client.destroy();
    this.backend?.destroy();
  }

  socketClosed(): void {
    if (++this.#closedSockets !== 2) return;
    this.state = CLOSED;
    this.pool.release(this.target!, this);
    this.#host.ended(this, this.reason ?? (this.firstFin ? `${this.firstFin}_fin` : "closed"), undefined);
  }
}
