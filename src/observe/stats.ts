import { Histogram, type HistogramJson } from "./histogram.ts";
import type { RequestRecord } from "./request-record.ts";

/**
 * Per-isolate counters: per route (requests, status classes, latency) and per origin (attempts,
 * failed attempts, latency). Isolates are many and short-lived, so these describe one isolate
 * since `since`; Analytics Engine (analytics.ts) holds the fleet-wide numbers.
 */
class RouteStats {
  requests = 0;
  readonly status: Record<string, number> = {};
  readonly latency = new Histogram();
}

class OriginStats {
  requests = 0;
  errors = 0;
  readonly latency = new Histogram();
}

/** Bounds memory when route or origin names churn across many table versions. */
const MAX_KEYS = 1000;

export class EdgeStats {
  /** Set by the first count: workerd's clock reads 0 at module scope (time only moves inside requests). */
  since = 0;
  version = "";
  readonly routes = new Map<string, RouteStats>();
  readonly origins = new Map<string, OriginStats>();

  /** One answered request (the access-log record). */
  request(r: RequestRecord, durationMs: number): void {
    if (this.since === 0) this.since = r.start;
    if (r.version !== "") this.version = r.version;
    const s = entry(this.routes, r.routeKey, RouteStats);
    if (s === undefined) return;
    s.requests++;
    const cls = `${Math.trunc(r.status / 100)}xx`;
    s.status[cls] = (s.status[cls] ?? 0) + 1;
    s.latency.record(durationMs);
  }

  /** One attempt at an origin; `ok` false for a connect failure, a timeout or a 5xx. */
  attempt(pool: string, origin: string, durationMs: number, ok: boolean): void {
    if (this.since === 0) this.since = Date.now();
    const s = entry(this.origins, `${pool}/${origin}`, OriginStats);
    if (s === undefined) return;
    s.requests++;
    if (!ok) s.errors++;
    s.latency.record(durationMs);
  }

  reset(): void {
    this.since = 0;
    this.routes.clear();
    this.origins.clear();
  }
}

function entry<T>(map: Map<string, T>, key: string, make: new () => T): T | undefined {
  let s = map.get(key);
  if (s === undefined) {
    if (map.size >= MAX_KEYS) return undefined;
    s = new make();
    map.set(key, s);
  }
  return s;
}

export interface OriginLiveState {
  inFlight: number;
  ejected: boolean;
}

export interface StatsJson {
  /** When this isolate counted its first request (null: nothing counted yet). */
  since: string | null;
  version: string | null;
  routes: Record<string, { requests: number; status: Record<string, number>; latencyMs: HistogramJson }>;
  origins: Record<
    string,
    { requests: number; errors: number; inFlight: number; ejected: boolean; latencyMs: HistogramJson }
  >;
}

/**
 * The `GET /stats` body. `live` adds the in-flight count and ejection state of every origin of the
 * loaded table (also for origins that have not been tried yet).
 */
export function statsJson(stats: EdgeStats, live: ReadonlyMap<string, OriginLiveState>): StatsJson {
  const routes: StatsJson["routes"] = {};
  for (const [k, s] of stats.routes)
    routes[k] = { requests: s.requests, status: { ...s.status }, latencyMs: s.latency.toJSON() };
  const origins: StatsJson["origins"] = {};
  const keys = new Set([...live.keys(), ...stats.origins.keys()]);
  for (const k of keys) {
    const s = stats.origins.get(k) ?? new OriginStats();
    const l = live.get(k);
    origins[k] = {
      requests: s.requests,
      errors: s.errors,
      inFlight: l?.inFlight ?? 0,
      ejected: l?.ejected ?? false,
      latencyMs: s.latency.toJSON(),
    };
  }
  return {
    since: stats.since === 0 ? null : new Date(stats.since).toISOString(),
    version: stats.version || null,
    routes,
    origins,
  };
}

/** This isolate's counters. */
export const edgeStats = new EdgeStats();
