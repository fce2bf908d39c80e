import type { AddressInfo } from "node:net";
import type { L4Listener, L4Section } from "../../schema/l4.ts";
import type { Logger } from "../observability/log.ts";
import type { Sample } from "../observability/metrics.ts";
import { collectSamples } from "../observability/samples.ts";
import { HealthChecker } from "../pool/health.ts";
import { BackendPool } from "../pool/pool.ts";
import { configureFastPath } from "../tcp/fast-path.ts";
import { TcpListener } from "../tcp/listener.ts";
import { startUdp, type UdpHandle } from "../udp/bridge.ts";

export interface RelayOptions {
  log: Logger;
  /** Cluster workers bind their own SO_REUSEPORT sockets instead of sharing the primary's. */
  reusePort?: boolean;
}

/** Listeners keep their socket across reloads when their bind address stays the same. */
function bindKey(l: L4Listener): string {
  return l.port === 0 ? `${l.protocol}|name|${l.name}` : `${l.protocol}|${l.address}|${l.port}`;
}

/**
 * The running relay: pools with health checks, TCP and UDP listeners. `apply` moves it to a new
 * config (first bind, then swap, so a bind failure leaves the old config running).
 */
export class Relay {
  readonly log: Logger;
  readonly pools = new Map<string, BackendPool>();
  readonly tcp = new Map<string, TcpListener>();
  readonly udp = new Map<string, UdpHandle>();
  readonly #checkers = new Map<string, HealthChecker>();
  readonly #opts: RelayOptions;
  config: L4Section | undefined;

  constructor(opts: RelayOptions) {
    this.#opts = opts;
    this.log = opts.log;
  }

  async apply(l4: L4Section): Promise<void> {
    // Before any listener accepts: new connections take the path this decides.
    await configureFastPath(l4.fastPath, this.log);
    const ctx = { pool: (n: string) => this.pools.get(n), log: this.log };
    const wanted = new Map(l4.listeners.map((l) => [bindKey(l), l]));
    // 1. Bind what is new. On failure undo these binds and keep everything else as it was.
    const fresh: [string, TcpListener][] = [];
    const freshUdp: [string, UdpHandle][] = [];
    this.#syncPools(l4, false);
    try {
      for (const [key, l] of wanted) {
        if (l.protocol === "tcp" && !this.tcp.has(key)) {
          const t = new TcpListener(
            l,
            ctx,
            this.#opts.reusePort && l.port !== 0 ? { exclusive: true, reusePort: true } : {},
          );
          await t.listen();
          fresh.push([key, t]);
        } else if (l.protocol === "udp" && !this.udp.has(key)) {
          freshUdp.push([key, await startUdp(l, this.#poolFor(l, l4), this.log)]);
        }
      }
    } catch (e) {
      await Promise.all([...fresh.map(([, t]) => t.stopAccepting()), ...freshUdp.map(([, u]) => u.close())]);
      for (const name of [...this.pools.keys()])
        if (!this.config || !Object.hasOwn(this.config.pools, name)) this.#dropPool(name);
      throw e;
    }
    // 2. Swap: pools (keeping backend state), then listeners.
    this.#syncPools(l4, true);
    for (const [key, t] of fresh) this.tcp.set(key, t);
    for (const [key, u] of freshUdp) this.udp.set(key, u);
    for (const [key, t] of this.tcp) {
      const l = wanted.get(key);
      if (l) t.update(l);
      else {
        this.tcp.delete(key);
        void t.stopAccepting();
      }
    }
    for (const [key, u] of this.udp) {
      const l = wanted.get(key);
      if (l) u.update(l, this.#poolFor(l, l4));
      else {
        this.udp.delete(key);
        void u.close();
      }
    }
    this.config = l4;
    for (const [, t] of fresh) this.log.info("listening", { listener: t.config.name, protocol: "tcp", ...t.address() });
    for (const [key, u] of freshUdp)
      this.log.info("listening", { listener: wanted.get(key)!.name, protocol: "udp", ...u.address() });
    if (l4.listeners.length === 0)
      this.log.warn("no_listeners", { message: "the config has no l4 listeners; the relay is idle" });
  }

  /** The address a listener is bound to (useful with port 0). */
  address(name: string): AddressInfo | undefined {
    for (const t of this.tcp.values()) if (t.config.name === name) return t.address();
    for (const [key, u] of this.udp)
      if (this.config?.listeners.find((l) => bindKey(l) === key)?.name === name) return u.address();
    return undefined;
  }

  samples(): Sample[] {
    return collectSamples(this);
  }

  /** SIGTERM: stop accepting, let connections finish for up to drainMs, then close the rest. */
  async shutdown(drainMs: number): Promise<void> {
    await Promise.all([
      ...[...this.tcp.values()].map((t) => t.stopAccepting()),
      ...[...this.udp.values()].map((u) => u.close()),
    ]);
    this.udp.clear();
    const deadline = Date.now() + drainMs;
    while (this.openConnections() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const t of this.tcp.values()) t.closeAll("shutdown");
    while (this.openConnections() > 0) await new Promise((r) => setTimeout(r, 10));
    this.tcp.clear();
    for (const c of this.#checkers.values()) c.stop();
    for (const p of this.pools.values()) p.close();
  }

  openConnections(): number {
    let n = 0;
    for (const t of this.tcp.values()) n += t.active;
    return n;
  }

  #poolFor(l: L4Listener, l4: L4Section): BackendPool {
    const p = this.pools.get(l.pool!) ?? new BackendPool(l.pool!, l4.pools[l.pool!]!);
    if (!this.pools.has(l.pool!)) this.#adoptPool(p);
    return p;
  }

  /** Creates missing pools (always) and, when `commit`, updates and removes the others. */
  #syncPools(l4: L4Section, commit: boolean): void {
    for (const [name, cfg] of Object.entries(l4.pools)) {
      const existing = this.pools.get(name);
      if (!existing) this.#adoptPool(new BackendPool(name, cfg));
      else if (commit) this.#closeRemoved(existing, existing.update(cfg));
    }
    if (!commit) return;
    for (const [name, pool] of this.pools) {
      if (Object.hasOwn(l4.pools, name)) {
        this.#checkers.get(name)!.restart();
        continue;
      }
      this.#dropPool(name);
      const gone = [...pool.backends, ...pool.retired()];
      for (const b of gone) b.removed = true;
      this.#closeRemoved(pool, gone);
      pool.close();
    }
  }

  #dropPool(name: string): void {
    this.#checkers.get(name)?.stop();
    this.#checkers.delete(name);
    this.pools.get(name)?.close();
    this.pools.delete(name);
  }

  #adoptPool(p: BackendPool): void {
    this.pools.set(p.name, p);
    p.onStateChange = (pool, b, up, reason) => {
      this.log[up ? "info" : "warn"](up ? "backend_up" : "backend_down", {
        pool: pool.name,
        backend: b.id,
        target: b.target,
        reason,
      });
      if (!up && pool.config.closeOnDown) {
        const n = b.closeAll("backend_down");
        if (n > 0)
          this.log.warn("backend_connections_closed", {
            pool: pool.name,
            backend: b.id,
            count: n,
            reason: "backend_down",
          });
      }
    };
    const checker = new HealthChecker(p);
    this.#checkers.set(p.name, checker);
    checker.restart();
  }

  #closeRemoved(pool: BackendPool, removed: ReturnType<BackendPool["update"]>): void {
    for (const b of removed) {
      const open = b.connections.size;
      this.log.info("backend_removed", { pool: pool.name, backend: b.id, open, closing: pool.config.closeOnRemove });
      if (pool.config.closeOnRemove) b.closeAll("backend_removed");
    }
    if (!pool.config.closeOnRemove) return;
    // Connections kept by an earlier removal (closeOnRemove was off then): with closeOnRemove on,
    // nothing may stay open on a backend that is not in the pool. TCP and UDP sessions alike.
    for (const b of pool.retired()) {
      if (removed.includes(b)) continue;
      const n = b.closeAll("backend_removed");
      this.log.warn("backend_connections_closed", {
        pool: pool.name,
        backend: b.id,
        count: n,
        reason: "backend_removed",
      });
    }
  }
}
