import dgram from "node:dgram";
import net from "node:net";
import type { L4Listener } from "../../schema/l4.ts";
import type { Logger } from "../observability/log.ts";
import type { BackendPool } from "../pool/pool.ts";
import { UdpSession } from "./session.ts";

/** Session cap when the listener sets no maxConnections: each session holds one file descriptor. */
export const DEFAULT_MAX_UDP_SESSIONS = 10_000;

export class UdpStats {
  sessionsTotal = 0;
  packetsReceived = 0;
  packetsSent = 0;
  bytesReceived = 0;
  bytesSent = 0;
  /** Datagrams not forwarded, by reason (session_limit, no_backend, queue_full, send_error). */
  readonly dropped = new Map<string, number>();
  drop(reason: string, n = 1): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + n);
  }
}

/**
 * A UDP listener: one bound socket facing clients and, per client address:port, a session with
 * its own connected socket to the backend the pool picked (affinity lasts as long as the session).
 * Replies leave through the listener socket, so clients see the address they sent to. Sessions
 * end after `timeouts.idleMs` without a datagram either way, or at `timeouts.maxDurationMs`.
 */
export class UdpListener {
  config: L4Listener;
  pool: BackendPool;
  readonly stats = new UdpStats();
  readonly sessions = new Map<string, UdpSession>();
  readonly #log: Logger;
  readonly #socket: dgram.Socket;
  readonly #poolOf = new Map<UdpSession, BackendPool>();
  readonly #lastDropLog = new Map<string, number>();
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #sweepEvery = 0;

  constructor(config: L4Listener, pool: BackendPool, log: Logger) {
    this.config = config;
    this.pool = pool;
    this.#log = log;
    const host = config.address.replace(/^\[(.*)\]$/, "$1");
    this.#socket = dgram.createSocket({ type: net.isIPv6(host) ? "udp6" : "udp4" });
    this.#socket.on("message", (msg, rinfo) => this.#onMessage(msg, rinfo));
  }

  listen(): Promise<net.AddressInfo> {
    const host = this.config.address.replace(/^\[(.*)\]$/, "$1");
    return new Promise((resolve, reject) => {
      this.#socket.once("error", reject);
      this.#socket.bind(this.config.port, host, () => {
        this.#socket.off("error", reject);
        this.#socket.on("error", (e) =>
          this.#log.error("listener_error", { listener: this.config.name, protocol: "udp", error: e.message }),
        );
        this.#armSweeper();
        resolve(this.address());
      });
    });
  }

  address(): net.AddressInfo {
    return this.#socket.address();
  }

  /** New config and pool for new sessions; open sessions keep their backend. Timeouts apply to all. */
  update(config: L4Listener, pool: BackendPool): void {
    this.config = config;
    this.pool = pool;
    this.#armSweeper();
  }

  async close(): Promise<void> {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    for (const s of [...this.sessions.values()]) s.close("shutdown");
    await new Promise<void>((r) => this.#socket.close(() => r()));
  }

  #onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.stats.packetsReceived++;
    this.stats.bytesReceived += msg.length;
    const key = `${rinfo.address}|${rinfo.port}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = this.#open(key, rinfo);
      if (!s) return;
    }
    const before = s.dropped;
    s.send(msg);
    if (s.dropped !== before) this.#dropped("queue_full", rinfo.address);
  }

  #open(key: string, rinfo: dgram.RemoteInfo): UdpSession | undefined {
    const max = this.config.maxConnections ?? DEFAULT_MAX_UDP_SESSIONS;
    if (this.sessions.size >= max) return void this.#dropped("session_limit", rinfo.address);
    const pool = this.pool;
    const backend = pool.pick(rinfo.address, undefined, this.config.balance ?? pool.config.balance);
    if (!backend) return void this.#dropped("no_backend", rinfo.address);
    let replied = false;
    const s = new UdpSession(rinfo.address, rinfo.port, backend, {
      reply: (sess, m) => {
        if (!replied) {
          replied = true;
          pool.reportConnect(backend, true);
        }
        this.#socket.send(m, sess.clientPort, sess.clientAddress, (err) => {
          if (err) this.#dropped("send_error", sess.clientAddress);
          else {
            this.stats.packetsSent++;
            this.stats.bytesSent += m.length;
          }
        });
      },
      closed: (sess, reason, error) => this.#closed(key, sess, reason, error),
    });
    this.sessions.set(key, s);
    this.#poolOf.set(s, pool);
    pool.acquire(backend, s);
    this.stats.sessionsTotal++;
    this.#log.info("open", {
      requestId: s.requestId,
      listener: this.config.name,
      protocol: "udp",
      client: `${rinfo.address}:${rinfo.port}`,
      pool: pool.name,
      backend: backend.id,
    });
    return s;
  }

  #closed(key: string, s: UdpSession, reason: string, error?: Error): void {
    if (this.sessions.get(key) === s) this.sessions.delete(key);
    const pool = this.#poolOf.get(s)!;
    this.#poolOf.delete(s);
    pool.release(s.backend, s);
    // ICMP port unreachable on the connected socket: the backend is not serving (passive health).
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ECONNREFUSED") pool.reportConnect(s.backend, false);
    this.#log.info("close", {
      requestId: s.requestId,
      listener: this.config.name,
      protocol: "udp",
      client: `${s.clientAddress}:${s.clientPort}`,
      pool: pool.name,
      backend: s.backend.id,
      packetsFromClient: s.packetsFromClient,
      packetsToClient: s.packetsToClient,
      bytesFromClient: s.bytesFromClient,
      bytesToClient: s.bytesToClient,
      durationMs: Date.now() - s.startedAt,
      reason,
      ...(error ? { error: code ?? error.message } : {}),
    });
  }

  /** Counts a drop; logs at most once a second per reason so a flood cannot flood the log. */
  #dropped(reason: string, client: string): void {
    this.stats.drop(reason);
    const now = Date.now();
    if (now - (this.#lastDropLog.get(reason) ?? 0) < 1000) return;
    this.#lastDropLog.set(reason, now);
    this.#log.warn("udp_drop", {
      listener: this.config.name,
      client,
      reason,
      droppedTotal: this.stats.dropped.get(reason),
    });
  }

  /**
   * One timer per listener, not per session or per packet: sessions only stamp `lastActivity`,
   * and the sweep closes the idle ones. Granularity is a quarter of the idle timeout (25 ms-1 s).
   */
  #armSweeper(): void {
    const { idleMs, maxDurationMs } = this.config.timeouts;
    const base = Math.min(...[idleMs, maxDurationMs].filter((x) => x > 0));
    const every = Number.isFinite(base) ? Math.max(25, Math.min(1000, Math.floor(base / 4))) : 0;
    if (every === this.#sweepEvery && (this.#sweeper !== undefined) === every > 0) return;
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#sweepEvery = every;
    if (every === 0) return;
    this.#sweeper = setInterval(() => this.#sweep(), every);
    this.#sweeper.unref();
  }

  #sweep(): void {
    const now = Date.now();
    const { idleMs, maxDurationMs } = this.config.timeouts;
    for (const s of [...this.sessions.values()]) {
      if (idleMs > 0 && now - s.lastActivity >= idleMs) s.close("idle_timeout");
      else if (maxDurationMs > 0 && now - s.startedAt >= maxDurationMs) s.close("max_duration");
    }
  }
}
