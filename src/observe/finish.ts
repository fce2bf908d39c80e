import { log } from "../core/log.ts";
import type { Settings } from "../schema/settings.ts";
import { accessLine, sampled } from "./access-log.ts";
import { type AnalyticsEnv, writeAnalytics } from "./analytics.ts";
import { flushEvents, hasPendingEvents } from "./events.ts";
import type { RequestRecord } from "./request-record.ts";
import { edgeStats } from "./stats.ts";

/**
 * Once the response headers are known: count the request (per-isolate stats; Analytics Engine
 * where bound), write its access-log line (sampled by `settings.accessLog.sample`) and hand queued
 * health events to the webhook. The log line is written before the response is returned:
 * console.log hands it to the runtime synchronously and needs no waitUntil, and a line per request
 * is microseconds. Duration is to response headers; `bytes` is the Content-Length when the
 * response declares one (a streamed body without it: null).
 */
export function finishRequest(
  r: RequestRecord,
  res: Response,
  settings: Settings | undefined,
  env: AnalyticsEnv,
  ctx: { waitUntil(p: Promise<unknown>): void },
): void {
  try {
    r.status = res.status;
    const length = res.headers.get("content-length");
    if (length !== null) r.bytes = Number(length);
    // Only a route with a policy chain can have a cache policy: others pay no header read.
    if (r.policies.length > 0) r.cache = res.headers.get("x-cache");
    const durationMs = Date.now() - r.start;
    edgeStats.request(r, durationMs);
    const ds = env.EDGE_ANALYTICS;
    if (ds !== undefined) writeAnalytics(ds, r, durationMs);
    if (sampled(r, settings?.accessLog.sample ?? 1)) console.log(accessLine(r, durationMs));
    if (hasPendingEvents()) flushEvents(ctx, settings?.events);
  } catch (err) {
    // Observing a request must never fail it (e.g. an Analytics Engine limit).
    log.error("observe_failed", { requestId: r.requestId, error: String(err) });
  }
}
