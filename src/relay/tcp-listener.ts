import net from "node:net";
import type { L4Listener } from "../schema/l4.ts";
import { BackendConnector } from "./connect.ts";
import { RELAY_HIGH_WATER_MARK, adoptAccepted } from "./read-buffers.ts";
import type { Logger } from "./log.ts";
import type { BackendPool } from "./pool.ts";
import { readProxyHeader, upstreamProxyHeader, type ProxyAddressInfo } from "./proxy-protocol/index.ts";
import { TcpSession, type SessionEnd } from "./tcp-session.ts";
import { inspectServerName } from "./sni-route.ts";

export interface ListenerContext {
  pool(name: string): BackendPool | undefined;
  readonly log: Logger;
}

/** Counters of one listener; read by the metrics endpoint. Survive reloads with the listener. */
export class ListenerStats {
  connectionsTotal = 0;
  retriesTotal = 0;
  bytesReceived = 0;
  bytesSent = 0;
  readonly rejected = new Map<string, number>();
  readonly closed = new Map<string, number>();

  count(map: Map<string, number>, reason: string): void {
    map.set(reason, (map.get(reason) ?? 0) + 1);
  }
}

interface Queued {
  socket: net.Socket;
  timer: ReturnType<typeof setTimeout>;
  acceptedAt: number;
}

const swallow = () => {};
/** Close reasons that are not worth a line when logConnections is "errors". */
const NORMAL_CLOSE = new Set(["client_fin", "backend_fin"]);


/**
 * One TCP listener: accept → maxconn (reject or queue) → PROXY header → SNI → pool → backend
 * connect with retries → PROXY header out → relay. `update` swaps the config for new
 * connections; sessions already open keep the settings they started with.
 */
export class TcpListener {
  config: L4Listener;
  readonly stats = new ListenerStats();
  readonly sessions = new Set<TcpSession>();
  /** Connections admitted and not yet closed (inspecting, connecting or relaying). */
  active = 0;
  readonly #server: net.Server;
  readonly #ctx: ListenerContext;
  readonly #queue: Queued[] = [];
  readonly #pending = new Set<net.Socket>();

  constructor(config: L4Listener, ctx: ListenerContext, listenOpts: { exclusive?: boolean; reusePort?: boolean } = {}) {
    this.config = config;
    this.#ctx = ctx;
    this.#server = net.createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true, highWaterMark: RELAY_HIGH_WATER_MARK }, (s) => this.#onConnection(s));
    this.#server.on("error", (e) => ctx.log.error("listener_error", { listener: config.name, error: e.message }));
    this.#listenOpts = listenOpts;
  }
  readonly #listenOpts: { exclusive?: boolean; reusePort?: boolean };

  listen(): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen({ host: this.config.address, port: this.config.port, ...this.#listenOpts }, () => {
        this.#server.off("error", reject);
        resolve(this.address());
      });
    });
  }

  address(): net.AddressInfo {
    return this.#server.address() as net.AddressInfo;
  }

  update(config: L4Listener): void {
    this.config = config;
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
    for (const s of [...this.sessions]) s.close(reason);
  }

  #onConnection(socket: net.Socket): void {
    socket.on("error", swallow); // errors before the session exists are handled where they matter
    this.stats.connectionsTotal++;
    const max = this.config.maxConnections;
    if (max !== undefined && this.active >= max) {
      if (this.config.overflow === "queue") {
        const q: Queued = { socket, acceptedAt: Date.now(), timer: setTimeout(() => this.#dropQueued(q, "queue_timeout"), this.config.queueTimeoutMs) };
        this.#queue.push(q);
        socket.once("close", () => {
          const i = this.#queue.indexOf(q);
          if (i >= 0) {
            this.#queue.splice(i, 1);
            clearTimeout(q.timer);
          }
        });
        return;
      }
      this.stats.count(this.stats.rejected, "maxconn");
      this.#ctx.log.warn("reject", { listener: this.config.name, client: socket.remoteAddress, reason: "maxconn" });
      socket.destroy();
      return;
    }
    void this.#admit(socket, Date.now());
  }

  #dropQueued(q: Queued, reason: string): void {
    const i = this.#queue.indexOf(q);
    if (i >= 0) this.#queue.splice(i, 1);
    clearTimeout(q.timer);
    this.stats.count(this.stats.rejected, reason);
    this.#ctx.log.warn("reject", { listener: this.config.name, client: q.socket.remoteAddress, reason });
    q.socket.destroy();
  }

  #admitQueued(): void {
    const max = this.config.maxConnections;
    while (this.#queue.length > 0 && (max === undefined || this.active < max)) {
      const q = this.#queue.shift()!;
      clearTimeout(q.timer);
      if (!q.socket.destroyed) void this.#admit(q.socket, q.acceptedAt);
    }
  }

  #release(): void {
    this.active--;
    this.#admitQueued();
  }

  async #admit(accepted: net.Socket, acceptedAt: number): Promise<void> {
    const cfg = this.config;
    // Listeners that inspect the first bytes (PROXY header, SNI) read them through the stream
    // API; the others switch the client to zero-allocation user-buffer reads right away.
    const inspects = cfg.acceptProxy !== undefined || cfg.sni !== undefined;
    const client = inspects ? accepted : adoptAccepted(accepted);
    if (client !== accepted) client.on("error", swallow);
    const log = this.#ctx.log;
    this.active++;
    this.#pending.add(client);
    const connector = new BackendConnector();
    const onEarlyClose = () => connector.cancel();
    client.once("close", onEarlyClose);
    let poolName = cfg.pool;
    let prefix: Buffer | undefined;
    let origin: ProxyAddressInfo | undefined;
    let serverName: string | undefined;
    try {
      if (cfg.acceptProxy) {
        const r = await readProxyHeader(client, cfg.acceptProxy.timeoutMs);
        if (r.info.command === "PROXY" && r.info.family !== "UNKNOWN") origin = r.info;
        prefix = r.rest;
      }
      if (cfg.sni) {
        const r = await inspectServerName(client, cfg.sni, prefix);
        prefix = r.buffered;
        serverName = r.serverName;
        poolName = r.pool;
        if (poolName === undefined) throw Object.assign(new Error(`no pool for server name ${serverName ?? "(none)"}`), { code: "ERR_RELAY_SNI_NO_MATCH" });
      }
      const pool = poolName === undefined ? undefined : this.#ctx.pool(poolName);
      if (!pool) throw Object.assign(new Error(`pool "${poolName}" is gone`), { code: "ERR_RELAY_NO_POOL" });
      if (client.destroyed) throw Object.assign(new Error("client closed"), { code: "ERR_RELAY_CLIENT_GONE" });
      const clientKey = origin?.sourceAddress ?? client.remoteAddress ?? "";
      const hooks = {
        onFailure: (b: { id: string; target: string }, err: Error) =>
          log.warn("connect_failed", { listener: cfg.name, pool: pool.name, backend: b.id, target: b.target, error: (err as NodeJS.ErrnoException).code ?? err.message }),
      };
      const { socket, backend, retries } = await connector.connect(pool, clientKey, cfg.balance, cfg.timeouts.connectMs, hooks);
      this.stats.retriesTotal += retries;
      client.off("close", onEarlyClose);
      this.#pending.delete(client);
      const header = cfg.sendProxy === undefined ? undefined : upstreamProxyHeader(cfg.sendProxy, client, origin, serverName);
      const session = new TcpSession(client, socket, backend, cfg.timeouts, acceptedAt, (e) => this.#ended(e, pool), client !== accepted);
      pool.acquire(backend, session);
      this.sessions.add(session);
      if (cfg.logConnections === "all") log.info("open", { listener: cfg.name, client: `${client.remoteAddress}:${client.remotePort}`, origin: origin ? `${origin.sourceAddress}:${origin.sourcePort}` : undefined, sni: serverName, pool: pool.name, backend: backend.id, retries });
      session.start(prefix, header);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      client.off("close", onEarlyClose);
      this.#pending.delete(client);
      const reason = err.code ?? "error";
      if (reason !== "ERR_RELAY_CLIENT_GONE" && err.message !== "cancelled") {
        this.stats.count(this.stats.closed, reason);
        log.warn("close", { listener: cfg.name, client: client.remoteAddress, pool: poolName, reason, error: err.message, durationMs: Date.now() - acceptedAt });
      }
      client.destroy();
      this.#release();
    }
  }

  #ended(e: SessionEnd, pool: BackendPool): void {
    const s = e.session;
    this.sessions.delete(s);
    pool.release(s.target, s);
    this.stats.bytesReceived += e.bytesFromClient;
    this.stats.bytesSent += e.bytesToClient;
    this.stats.count(this.stats.closed, e.reason);
    const mode = this.config.logConnections;
    if (mode === "none" || (mode === "errors" && NORMAL_CLOSE.has(e.reason))) return this.#release();
    this.#ctx.log.info("close", { listener: this.config.name, client: `${s.client.remoteAddress}:${s.client.remotePort}`, pool: pool.name, backend: s.target.id, bytesFromClient: e.bytesFromClient, bytesToClient: e.bytesToClient, durationMs: e.durationMs, reason: e.reason });
    this.#release();
  }
}
