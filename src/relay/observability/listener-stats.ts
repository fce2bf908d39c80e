import type { BackendPool } from "../pool/pool.ts";
import type { Logger } from "./log.ts";

/** What a listener needs from the relay: its pools (by name, current config) and the logger. */
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
