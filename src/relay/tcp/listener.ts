import net from "node:net";
import type { L4Listener } from "../../schema/l4.ts";
import { NoPoolError } from "../errors.ts";
import { type ListenerContext, ListenerStats } from "../observability/listener-stats.ts";
import { closeLogged, logClose, logOpen } from "../observability/session-log.ts";
import type { Backend } from "../pool/backend.ts";
import { upstreamProxyHeader } from "../proxy-protocol/index.ts";
import { compileTrustedSources, isTrustedSource } from "../proxy-protocol/trusted-sources.ts";
import { fastPathOn } from "./fast-path-switch.ts";
import { type Inspection, inspectConnection } from "./inspect.ts";
import { interceptAccepts } from "./raw/accept.ts";
import { type RawTcpHandle, rawTcp } from "./raw/binding.ts";
import { rawEligiblePool } from "./raw/eligible.ts";
import { RawSession, type RawSessionHost } from "./raw/session.ts";
import { RELAY_HIGH_WATER_MARK, useUserBuffers } from "./read-buffers.ts";
import type { Relayed } from "./relayed.ts";
import { TcpSession } from "./session.ts";
import { SessionSweep } from "./session-sweep.ts";

export { type ListenerContext, ListenerStats } from "../observability/listener-stats.ts";

interface Queued {
  socket: net.Socket;
  timer: ReturnType<typeof setTimeout>;
  acceptedAt: number;
}

const swallow = () => {};

/**
 * One TCP listener: accept → trusted PROXY source → maxconn (reject or queue) → PROXY header → SNI → pool → backend
 * connect with retries → PROXY header out → relay. `update` swaps the config for new
 * connections; sessions already open keep the settings they started with.
 */
export class TcpListener implements RawSessionHost {
  config: L4Listener;
  readonly stats = new ListenerStats();
  /** Relaying sessions (backend connected). */
  readonly sessions = new Set<Relayed>();
  readonly #connecting = new Set<Relayed>();
  /** Connections admitted and not yet closed (inspecting, connecting or relaying). */
  active = 0;
  readonly #server: net.Server;
  readonly #ctx: ListenerContext;
  readonly #queue: Queued[] = [];
  readonly #pending = new Set<net.Socket>();
  readonly #sweep = new SessionSweep([this.#connecting, this.sessions], () => this.config.timeouts);
  /** acceptProxy.trustedSources, compiled per config. */
  #trusted: net.BlockList | undefined;

  constructor(config: L4Listener, ctx: ListenerContext, listenOpts: { exclusive?: boolean; reusePort?: boolean } = {}) {
    this.config = config;
    this.#trusted = compileTrustedSources(config.acceptProxy?.trustedSources);
    this.#ctx = ctx;
    this.#server = net.createServer(
      { allowHalfOpen: true, noDelay: true, pauseOnConnect: true, highWaterMark: RELAY_HIGH_WATER_MARK },
      (s) => this.#onConnection(s),
    );
    this.#server.on("error", (e) => ctx.log.error("listener_error", { listener: config.name, error: e.message }));
    this.#listenOpts = listenOpts;
  }
  readonly #listenOpts: { exclusive?: boolean; reusePort?: boolean };

  listen(): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen({ host: this.config.address, port: this.config.port, ...this.#listenOpts }, () => {
        this.#server.off("error", reject);
        interceptAccepts(this.#server, (h) => this.#onRawConnection(h));
        resolve(this.address());
      });
    });
  }

  address(): net.AddressInfo {
    return this.#server.address() as net.AddressInfo;
  }

  update(config: L4Listener): void {
    this.config = config;
    this.#trusted = compileTrustedSources(config.acceptProxy?.trustedSources);
    this.#admitQueued();
  }

  /** Stops accepting; open connections continue (server.close's callback would wait for them). */
  stopAccepting(): Promise<void> {
    for (const q of this.#queue.splice(0)) this.#dropQueued(q, "shutdown");
    if (this.#server.listening) this.#server.close();
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Closes every connection of this listener now. */
  closeAll(reason: string): void {
    for (const s of [...this.#pending]) s.destroy();
    for (const s of [...this.#connecting]) s.close(reason);
    for (const s of [...this.sessions]) s.close(reason);
  }

  #onConnection(socket: net.Socket): void {
    this.stats.connectionsTotal++;
    // Refused before maxconn and before reading a byte: only trusted peers may claim an address.
    if (this.#trusted && !isTrustedSource(this.#trusted, socket.remoteAddress))
      return this.#reject(socket, "untrusted_proxy_source", "source address not in acceptProxy.trustedSources");
    const max = this.config.maxConnections;
    if (max !== undefined && this.active >= max) {
      if (this.config.overflow === "queue") {
        const q: Queued = {
          socket,
          acceptedAt: Date.now(),
          timer: setTimeout(() => this.#dropQueued(q, "queue_timeout"), this.config.queueTimeoutMs),
        };
        this.#queue.push(q);
        socket.on("error", swallow);
        socket.once("close", () => {
          const i = this.#queue.indexOf(q);
          if (i >= 0) {
            this.#queue.splice(i, 1);
            clearTimeout(q.timer);
          }
        });
        return;
      }
      return this.#reject(socket, "maxconn");
    }
    this.#admit(socket, Date.now());
  }

  /**
   * Plain pass-through connections (no first-byte inspection, a pool of IP-address backends, a
   * free slot) take the raw data path when the fast path is on: the accepted handle is never
   * wrapped in a net.Socket (raw/session.ts). Everything else returns false and goes on as
   * `#onConnection` (net.Server builds the Socket).
   */
  #onRawConnection(handle: RawTcpHandle): boolean {
    const cfg = this.config;
    if (!fastPathOn || rawTcp === undefined || cfg.acceptProxy !== undefined || cfg.sni !== undefined) return false;
    if (cfg.maxConnections !== undefined && this.active >= cfg.maxConnections) return false;
    const pool = cfg.pool === undefined ? undefined : this.#ctx.pool(cfg.pool);
    if (!pool || !rawEligiblePool(pool)) return false;
    const now = Date.now();
    this.stats.connectionsTotal++;
    this.active++;
    const s = new RawSession(this, handle, pool, cfg.balance ?? pool.config.balance, cfg.timeouts, now);
    if (cfg.sendProxy !== undefined) s.lead = upstreamProxyHeader(cfg.sendProxy, s.addresses());
    this.#open(s);
    return true;
  }

  #dropQueued(q: Queued, reason: string): void {
    const i = this.#queue.indexOf(q);
    if (i >= 0) this.#queue.splice(i, 1);
    clearTimeout(q.timer);
    this.#reject(q.socket, reason);
  }

  /** Refused before admission: counted in relay_connections_rejected_total{reason}. */
  #reject(socket: net.Socket, reason: string, error?: string): void {
    this.stats.count(this.stats.rejected, reason);
    this.#ctx.log.warn("reject", { listener: this.config.name, client: socket.remoteAddress, reason, error });
    socket.destroy();
  }

  #admitQueued(): void {
    const max = this.config.maxConnections;
    while (this.#queue.length > 0 && (max === undefined || this.active < max)) {
      const q = this.#queue.shift()!;
      clearTimeout(q.timer);
      if (!q.socket.destroyed) this.#admit(q.socket, q.acceptedAt);
    }
  }

  #release(): void {
    this.active--;
    this.#admitQueued();
  }

  #admit(accepted: net.Socket, acceptedAt: number): void {
    const cfg = this.config;
    this.active++;
    // Listeners that inspect the first bytes (PROXY header, SNI) read them through the stream API.
    if (cfg.acceptProxy !== undefined || cfg.sni !== undefined)
      return void this.#admitInspected(accepted, acceptedAt, cfg);
    // The common case stays synchronous: no promise, no closure, one session object. The client
    // switches to zero-allocation user-buffer reads (nothing was read yet: pauseOnConnect).
    const pool = cfg.pool === undefined ? undefined : this.#ctx.pool(cfg.pool);
    if (!pool) return this.#refuse(accepted, cfg.pool, acceptedAt, new NoPoolError(cfg.pool));
    // Fast path off: the client stays a plain stream-API socket ('data' events, see tcp/session.ts).
    const userBuffers = fastPathOn;
    const client = userBuffers ? useUserBuffers(accepted) : accepted;
    const policy = cfg.balance ?? pool.config.balance;
    // Only consistent hashing needs the client's address (a getpeername call) to pick.
    const key = policy === "hash" ? (client.remoteAddress ?? "") : "";
    const lead =
      cfg.sendProxy === undefined ? undefined : [upstreamProxyHeader(cfg.sendProxy, client, undefined, undefined)];
    this.#open(new TcpSession(this, client, pool, policy, cfg.timeouts, acceptedAt, key, userBuffers, lead));
  }

  async #admitInspected(client: net.Socket, acceptedAt: number, cfg: L4Listener): Promise<void> {
    client.on("error", swallow); // inspection reports its own failures; the session adds its handler
    this.#pending.add(client);
    let seen: Inspection;
    try {
      seen = await inspectConnection(client, cfg);
    } catch (e) {
      this.#pending.delete(client);
      return this.#refuse(client, cfg.pool, acceptedAt, e as NodeJS.ErrnoException);
    }
    this.#pending.delete(client);
    const { poolName, origin, serverName } = seen;
    const pool = poolName === undefined ? undefined : this.#ctx.pool(poolName);
    if (!pool) return this.#refuse(client, poolName, acceptedAt, new NoPoolError(poolName));
    const policy = cfg.balance ?? pool.config.balance;
    const key = policy === "hash" ? (origin?.sourceAddress ?? client.remoteAddress ?? "") : "";
    const header =
      cfg.sendProxy === undefined ? undefined : upstreamProxyHeader(cfg.sendProxy, client, origin, serverName);
    const s = new TcpSession(this, client, pool, policy, cfg.timeouts, acceptedAt, key, false, [header, seen.prefix]);
    s.origin = origin;
    s.serverName = serverName;
    this.#open(s);
  }

  #open(s: Relayed & { connect(): void }): void {
    this.#connecting.add(s);
    this.#sweep.start();
    s.connect();
  }

  /** The connection never reached the backend stage (inspection failed, pool gone). */
  #refuse(client: net.Socket, pool: string | undefined, acceptedAt: number, err: NodeJS.ErrnoException): void {
    const reason = err.code ?? "error";
    if (reason !== "ERR_RELAY_CLIENT_GONE") {
      this.stats.count(this.stats.closed, reason);
      this.#ctx.log.warn("close", {
        listener: this.config.name,
        client: client.remoteAddress,
        pool,
        reason,
        error: err.message,
        durationMs: Date.now() - acceptedAt,
      });
    }
    client.destroy();
    this.#release();
  }

  // SessionHost: called by sessions.
  logsClose(reason: string): boolean {
    return closeLogged(this.config, reason);
  }

  connectFailed(s: Relayed, b: Backend, err: NodeJS.ErrnoException): void {
    this.#ctx.log.warn("connect_failed", {
      requestId: s.requestId,
      listener: this.config.name,
      pool: s.pool.name,
      backend: b.id,
      target: b.target,
      error: err.code ?? err.message,
    });
  }

  established(s: Relayed): void {
    this.#connecting.delete(s);
    this.sessions.add(s);
    this.stats.retriesTotal += s.retries;
    logOpen(this.#ctx.log, this.config, s);
  }

  ended(s: Relayed, reason: string | undefined, failure: NodeJS.ErrnoException | undefined): void {
    this.#connecting.delete(s);
    this.sessions.delete(s);
    this.#release();
    const log = this.#ctx.log;
    if (failure) {
      const r = failure.code ?? "error";
      this.stats.count(this.stats.closed, r);
      log.warn("close", {
        requestId: s.requestId,
        listener: this.config.name,
        client: s.clientIp,
        pool: s.pool.name,
        reason: r,
        error: failure.message,
        durationMs: Date.now() - s.startedAt,
      });
      return;
    }
    if (reason === undefined) return; // the client left while we were connecting
    this.stats.bytesReceived += s.bytesFromClient;
    this.stats.bytesSent += s.bytesToClient;
    this.stats.count(this.stats.closed, reason);
    logClose(log, this.config, s, reason);
  }
}
