import { log } from "../core/log.ts";
import { DEFAULT_SETTINGS, type Settings } from "../schema/settings.ts";
import { accessLine, sampled } from "./access-log.ts";
import { type AnalyticsEnv, writeAnalytics } from "./analytics.ts";
import { flushEvents, hasPendingEvents } from "./events.ts";
import { LineBuffer } from "./line-buffer.ts";
import type { RequestRecord } from "./request-record.ts";
import { edgeStats } from "./stats.ts";

/** The isolate's access-log buffer (line-buffer.ts says why lines are batched). */
const accessLogBuffer = new LineBuffer((line) => console.log(line));

/**
 * Once the response headers are known: count the request (per-isolate stats; Analytics Engine
 * where bound), buffer its access-log line (sampled by `settings.accessLog.sample`; written in
 * batches, see line-buffer.ts) and hand queued health events to the webhook. Duration is to response
 * headers; `bytes` is the Content-Length when the response declares one (a streamed body without
 * it: null).
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
    const accessLog = (settings ?? DEFAULT_SETTINGS).accessLog;
    if (sampled(r, accessLog.sample)) {
      const urgent = r.status >= 500 || r.error !== null;
      accessLogBuffer.add(accessLine(r, durationMs), urgent, accessLog, ctx);
    }
    if (hasPendingEvents()) flushEvents(ctx, settings?.events);
  } catch (err) {
    // Observing a request must never fail it (e.g. an Analytics Engine limit).
    log.error("observe_failed", { requestId: r.requestId, error: String(err) });
  }
}
