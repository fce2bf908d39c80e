import { createBalancer } from "../../lb/index.ts";
import type { PickContext } from "../../lb/types.ts";

type Picker = { pick(candidates: readonly Backend[], ctx?: PickContext): Backend | undefined };

import type { L4Balance, L4Pool } from "../../schema/l4.ts";
import { Backend, backendId, type Closable } from "./backend.ts";
import { LeastConnBalancer } from "./least-conn.ts";
import { slowStartPick, startRamp } from "./slow-start.ts";

export { Backend } from "./backend.ts";
export type StateListener = (pool: BackendPool, backend: Backend, up: boolean, reason: string) => void;

function makeBalancer(policy: L4Balance): Picker {
  switch (policy) {
    case "least_conn":
      return new LeastConnBalancer();
    case "p2c":
      return createBalancer("least_load");
    default:
      return createBalancer(policy);
  }
}

const identity = (b: { id: string; address: string; port: number }) => `${b.id}\0${b.address}\0${b.port}`;

/**
 * The backends of one L4 pool with their health and connection counts. `pick` honours the
 * balance policy, health, and backups (used only when no primary is up). The object lives
 * across reloads: `update` keeps the state of backends that stay.
 */
export class BackendPool {
  readonly name: string;
  config: L4Pool;
  backends: Backend[] = [];
  onStateChange: StateListener | undefined;
  #upPrimaries: Backend[] = [];
  #upBackups: Backend[] = [];
  readonly #balancers = new Map<L4Balance, Picker>();
  readonly #byId = new Map<string, Backend>();
  readonly #ctx: PickContext = { load: (id) => this.#byId.get(id)?.active ?? 0 };
  readonly #passiveTimers = new Map<Backend, ReturnType<typeof setTimeout>>();
  /**
   * Backends that left the pool with connections still open (closeOnRemove off), by identity.
   * A re-added backend takes its old object back, so those connections are its own again (and
   * count for least_conn); `closeRetired` ends them when a later config turns closeOnRemove on.
   */
  readonly #retired = new Map<string, Backend>();

  constructor(name: string, config: L4Pool) {
    this.name = name;
    this.config = config;
    this.update(config);
  }

  /** Applies a new pool config; returns the backends that left the pool. */
  update(config: L4Pool): Backend[] {
    const reload = this.backends.length > 0;
    const old = new Map(this.backends.map((b) => [identity(b), b]));
    const next: Backend[] = [];
    for (const cfg of config.backends) {
      const key = identity({ id: backendId(cfg), address: cfg.address, port: cfg.port });
      const known = old.get(key);
      let b = known;
      if (!b) {
        b = this.#retired.get(key);
        if (b) this.#revive(b);
        else b = new Backend(cfg);
      }
      this.#retired.delete(key);
      if (known === undefined && reload && config.slowStartMs > 0) startRamp(b, Date.now()); // slow start: joined
      old.delete(key);
      b.weight = cfg.weight;
      b.backup = cfg.backup;
      next.push(b);
    }
    for (const [key, b] of old) {
      b.removed = true;
      this.#clearPassive(b);
      this.#retired.set(key, b);
    }
    for (const [key, b] of this.#retired) if (b.connections.size === 0) this.#retired.delete(key);
    if (this.config.balance !== config.balance) this.#balancers.clear();
    this.config = config;
    this.backends = next;
    this.#byId.clear();
    for (const b of next) this.#byId.set(b.id, b);
    this.#refresh();
    return [...old.values()];
  }

  /** Backends no longer in the pool that still carry connections (kept at an earlier removal). */
  retired(): Backend[] {
    return [...this.#retired.values()].filter((b) => b.connections.size > 0);
  }

  /** A retired backend comes back: fresh health (its checks and passive timer stopped at removal). */
  #revive(b: Backend): void {
    b.removed = false;
    b.up = true;
    b.checkStreak = 0;
    b.connectFails = 0;
  }

  /** Chooses a backend for a new connection; `exclude` holds backends already tried. */
  pick(
    clientKey: string,
    exclude?: ReadonlySet<Backend>,
    policy: L4Balance = this.config.balance,
  ): Backend | undefined {
    let balancer = this.#balancers.get(policy);
    if (!balancer) this.#balancers.set(policy, (balancer = makeBalancer(policy)));
    this.#ctx.key = clientKey;
    let primaries = this.#upPrimaries;
    let backups = this.#upBackups;
    if (exclude && exclude.size > 0) {
      primaries = primaries.filter((b) => !exclude.has(b));
      backups = backups.filter((b) => !exclude.has(b));
    }
    const cands = primaries.length > 0 ? primaries : backups;
    const slow = this.config.slowStartMs;
    return (slow > 0 ? slowStartPick(cands, slow, Date.now()) : undefined) ?? balancer.pick(cands, this.#ctx);
  }

  acquire(b: Backend, conn?: Closable): void {
    b.active++;
    b.connectionsTotal++;
    if (conn) b.connections.add(conn);
  }

  release(b: Backend, conn?: Closable): void {
    if (b.active > 0) b.active--;
    if (conn) b.connections.delete(conn);
  }

  /** Passive health: a client connect attempt finished. */
  reportConnect(b: Backend, ok: boolean): void {
    if (ok) {
      b.connectFails = 0;
      return;
    }
    b.connectFailuresTotal++;
    b.connectFails++;
    const max = this.config.passive.maxFails;
    if (max === 0 || b.connectFails < max || !b.up) return;
    this.setUp(b, false, `${b.connectFails} failed connect(s)`);
    if (this.config.health) return; // active checks bring it back (rise)
    this.#clearPassive(b);
    const t = setTimeout(() => {
      this.#passiveTimers.delete(b);
      b.connectFails = 0;
      if (!b.removed) this.setUp(b, true, "passive down time over");
    }, this.config.passive.downMs);
    t.unref();
    this.#passiveTimers.set(b, t);
  }

  /** Active health: one check result, applied with rise/fall hysteresis. */
  reportCheck(b: Backend, ok: boolean, detail = ""): void {
    const h = this.config.health;
    if (!h || b.removed) return;
    if (ok === b.up) {
      b.checkStreak = 0;
      if (ok) b.connectFails = 0;
      return;
    }
    b.checkStreak++;
    if (b.checkStreak >= (ok ? h.rise : h.fall)) {
      const why = ok
        ? `${b.checkStreak} passed check(s)`
        : `${b.checkStreak} failed check(s)${detail ? `: ${detail}` : ""}`;
      this.setUp(b, ok, why);
    }
  }

  setUp(b: Backend, up: boolean, reason: string): void {
    b.checkStreak = 0;
    if (b.up === up) return;
    b.up = up;
    if (up) b.connectFails = 0;
    if (up && this.config.slowStartMs > 0) startRamp(b, Date.now()); // slow start: came back
    this.#refresh();
    this.onStateChange?.(this, b, up, reason);
  }

  get upCount(): number {
    return this.#upPrimaries.length + this.#upBackups.length;
  }

  close(): void {
    for (const b of this.backends) this.#clearPassive(b);
  }

  #clearPassive(b: Backend): void {
    const t = this.#passiveTimers.get(b);
    if (t) clearTimeout(t);
    this.#passiveTimers.delete(b);
  }

  #refresh(): void {
    this.#upPrimaries = this.backends.filter((b) => b.up && !b.backup);
    this.#upBackups = this.backends.filter((b) => b.up && b.backup);
  }
}
