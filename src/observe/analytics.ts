import type { RequestRecord } from "./request-record.ts";

/**
 * Workers Analytics Engine (binding EDGE_ANALYTICS, optional): one data point per request, the
 * fleet-wide counterpart of the per-isolate stats. writeDataPoint is fire-and-forget (no await, no
 * waitUntil): the runtime ships the points after the request. Column layout, queried by the SQL in
 * docs/operations.md ("Observability"):
 *   index1  = route key (`vhost/route`)
 *   blob1 route key, blob2 `pool/origin`, blob3 method, blob4 status class (`2xx`), blob5 table version,
 *   blob6 host, blob7 error code, blob8 cache status
 *   double1 status, double2 duration ms, double3 response bytes (-1 unknown), double4 attempts
 */
export interface AnalyticsEnv {
  EDGE_ANALYTICS?: AnalyticsEngineDataset;
}

/** Analytics Engine limits an index to 96 bytes (a char is at most 4 UTF-8 bytes). */
const MAX_INDEX_BYTES = 96;
const utf8 = new TextEncoder();

function indexOf(route: string): string {
  if (route.length <= MAX_INDEX_BYTES / 4) return route;
  let s = route.slice(0, MAX_INDEX_BYTES);
  while (utf8.encode(s).length > MAX_INDEX_BYTES) s = s.slice(0, -1);
  return s;
}

export function writeAnalytics(ds: AnalyticsEngineDataset, r: RequestRecord, durationMs: number): void {
  const route = r.routeKey;
  ds.writeDataPoint({
    indexes: [indexOf(route)],
    blobs: [
      route,
      r.pool === null ? "" : `${r.pool}/${r.origin}`,
      r.method,
      `${Math.trunc(r.status / 100)}xx`,
      r.version,
      r.host,
      r.error ?? "",
      r.cache ?? "",
    ],
    doubles: [r.status, durationMs, r.bytes ?? -1, r.attempts],
  });
}
