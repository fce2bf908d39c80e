import type { Endpoint } from "../../lb/types.ts";
import type { L4Backend } from "../../schema/l4.ts";

/** Something that holds a backend connection open and can be told to close it. */
export interface Closable {
  close(reason: string): void;
}

/**
 * One backend of a pool with its runtime state. The object survives reloads while its
 * identity (`id`) stays in the pool, so health, counters and open connections carry over.
 */
export class Backend implements Endpoint {
  readonly id: string;
  readonly address: string;
  readonly port: number;
  weight: number;
  backup: boolean;
  /** Health as seen by the balancer. Starts up (HAProxy does the same) until checks say otherwise. */
  up = true;
  /** Open connections (acquire/release); the load for least_conn and p2c. */
  active = 0;
  /** Consecutive active-check results in the current direction, for rise/fall. */
  checkStreak = 0;
  /** Consecutive failed connects by clients (passive health). */
  connectFails = 0;
  /** Counters exported as metrics. */
  connectionsTotal = 0;
  connectFailuresTotal = 0;
  /** Open relayed connections, for closeOnDown / closeOnRemove. */
  readonly connections = new Set<Closable>();
  /** Set when the backend left its pool at a reload. */
  removed = false;

  constructor(cfg: L4Backend) {
    this.id = backendId(cfg);
    this.address = cfg.address;
    this.port = cfg.port;
    this.weight = cfg.weight;
    this.backup = cfg.backup;
  }

  get target(): string {
    return this.address.includes(":") ? `[${this.address}]:${this.port}` : `${this.address}:${this.port}`;
  }

  closeAll(reason: string): number {
    let n = 0;
    for (const c of [...this.connections]) {
      c.close(reason);
      n++;
    }
    return n;
  }
}

export function backendId(cfg: Pick<L4Backend, "name" | "address" | "port">): string {
  return cfg.name ?? `${cfg.address}:${cfg.port}`;
}
