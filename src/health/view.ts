import type { Origin } from "../schema/pool.ts";
import { HEALTH_STALE_AFTER_MS, type HealthDocument } from "./record.ts";

/** What the request path asks about health; answers from the last health document read. */
export interface HealthView {
  isUp(pool: string, origin: Origin, now: number): boolean;
  /** The origin's smoothed check latency (ms), when the checker has measured it (latency steering). */
  latencyOf?(pool: string, origin: Origin): number | undefined;
}

/** Used when there is no (fresh) health data: every origin counts as up. */
export const ALL_UP: HealthView = { isUp: () => true };

export function healthViewOf(doc: HealthDocument | null): HealthView {
  if (doc === null) return ALL_UP;
  const staleAt = doc.writtenAt + HEALTH_STALE_AFTER_MS;
  return {
    isUp(pool, origin, now) {
      if (now > staleAt) return true;
      const rec = doc.pools[pool]?.[origin.name];
      // A record taken for another URL (the config changed) says nothing about this origin.
      return rec === undefined || rec.url !== origin.url || rec.up;
    },
    latencyOf(pool, origin) {
      const rec = doc.pools[pool]?.[origin.name];
      return rec !== undefined && rec.url === origin.url && rec.up ? rec.latencyMs : undefined;
    },
  };
}
