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
  /** virtual host → route → counters; two levels so counting builds no key string per request. */
  readonly routes = new Map<string, Map<string, RouteStats>>();
  /** pool → origin → counters. */
  readonly origins = new Map<string, Map<string, OriginStats>>();
  #keys = 0;

  /** One answered request (the access-log record). */
  request(r: RequestRecord, durationMs: number): void {
    if (this.since === 0) this.since = r.start;
    if (r.version !== "") this.version = r.version;
    const s = this.#entry(this.routes, r.virtualHost ?? "", r.route ?? NO_ROUTE, RouteStats);
    if (s === undefined) return;
    s.requests++;
    const cls = `${Math.trunc(r.status / 100)}xx`;
    s.status[cls] = (s.status[cls] ?? 0) + 1;
    s.latency.record(durationMs);
  }

  /** One attempt at an origin; `ok` false for a connect failure, a timeout or a 5xx. */
  attempt(pool: string, origin: string, durationMs: number, ok: boolean): void {
    if (this.since === 0) this.since = Date.now();
    const s = this.#entry(this.origins, pool, origin, OriginStats);
    if (s === undefined) return;
    s.requests++;
    if (!ok) s.errors++;
    s.latency.record(durationMs);
  }

  reset(): void {
    this.since = 0;
    this.routes.clear();
    this.origins.clear();
    this.#keys = 0;
  }

  #entry<T>(map: Map<string, Map<string, T>>, outer: string, inner: string, make: new () => T): T | undefined {
    let m = map.get(outer);
    let s = m?.get(inner);
    if (s === undefined) {
      if (this.#keys >= MAX_KEYS) return undefined;
      this.#keys++;
      if (m === undefined) map.set(outer, (m = new Map()));
      s = new make();
      m.set(inner, s);
    }
    return s;
  }
}

/** The route key of a request that matched no route. */
const NO_ROUTE = "(no route)";

/** `a/b` keys of a two-level map, for the JSON view. */
function* flat<T>(map: Map<string, Map<string, T>>): Generator<[string, T]> {
  for (const [outer, m] of map) for (const [inner, s] of m) yield [outer === "" ? inner : `${outer}/${inner}`, s];
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
  for (const [k, s] of flat(stats.routes))
    routes[k] = { requests: s.requests, status: { ...s.status }, latencyMs: s.latency.toJSON() };
  const origins: StatsJson["origins"] = {};
  const counted = new Map(flat(stats.origins));
  const keys = new Set([...live.keys(), ...counted.keys()]);
  for (const k of keys) {
    const s = counted.get(k) ?? new OriginStats();
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
