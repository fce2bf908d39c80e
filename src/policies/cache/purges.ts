import { Revalidator, type WaitUntil } from "../../core/revalidate.ts";

/**
 * Purges as markers: `{ url | prefix, at }` entries in one KV document (`cache-purges:v1`). A
 * cached entry whose identity matches a marker newer than the entry counts as a miss (and is
 * deleted). The Cache API is per data centre and cannot list its keys, so a marker is the one
 * way a purge reaches every location and every key variant (query, headers). Each isolate reads
 * the document like the route table (stale-while-revalidate); the purging isolate sees its own
 * purge at once.
 */
export const PURGES_KEY = "cache-purges:v1";
/** Markers older than the longest TTL a table allows (1 year) are dropped; at most this many are kept. */
const MAX_MARKERS = 1000;

export interface PurgeMarker {
  url?: string;
  prefix?: string;
  at: number;
}

class PurgeList {
  markers: readonly PurgeMarker[] = [];
  loaded = false;
  readonly swr = new Revalidator();

  async current(kv: KVNamespace, refreshMs: number, ctx: WaitUntil): Promise<readonly PurgeMarker[]> {
    if (this.loaded) {
      if (this.swr.due(refreshMs)) this.swr.start(ctx, () => this.load(kv));
    } else await this.swr.await(ctx, () => this.load(kv));
    return this.markers;
  }

  async load(kv: KVNamespace): Promise<void> {
    try {
      const doc = await kv.get<{ markers?: PurgeMarker[] }>(PURGES_KEY, "json");
      this.markers = Array.isArray(doc?.markers) ? doc.markers : [];
      this.loaded = true;
    } catch {
      // keep the previous list; the next refresh tries again
    }
  }
}

const list = new PurgeList();

export function purgeMarkers(kv: KVNamespace, refreshMs: number, ctx: WaitUntil): Promise<readonly PurgeMarker[]> {
  return list.current(kv, refreshMs, ctx);
}

/** True when a marker newer than `cachedAt` covers `identity` (`host/path?query`). */
export function isPurged(markers: readonly PurgeMarker[], identity: string, cachedAt: number): boolean {
  for (const m of markers) {
    if (m.at < cachedAt) continue;
    if (m.url !== undefined ? m.url === identity : identity.startsWith(m.prefix!)) return true;
  }
  return false;
}

/** Adds a marker (read-modify-write of the KV document; concurrent purges may race, see docs). */
export async function addPurge(kv: KVNamespace, marker: { url?: string; prefix?: string }): Promise<PurgeMarker> {
  const doc = await kv.get<{ markers?: PurgeMarker[] }>(PURGES_KEY, "json");
  const now = Date.now();
  const m: PurgeMarker = { ...marker, at: now };
  const kept = (doc?.markers ?? []).filter((x) => now - x.at < 31_536_000_000).slice(-(MAX_MARKERS - 1));
  const markers = [...kept, m];
  await kv.put(PURGES_KEY, JSON.stringify({ markers }));
  list.markers = markers;
  list.loaded = true;
  return m;
}
