import { log, logEvent } from "../core/log.ts";
/**
 * Health change events (origin_ejected, pool_down, failover, failover_recovered, version_activated,
 * …): each is one JSON log line at once, and is queued for the webhook in `settings.events.webhook`.
 * The queue is per isolate and bounded; `flushEvents` (called after a response, or by the admin API)
 * hands one bounded batch to ctx.waitUntil, so delivery never delays a request and a slow or dead
 * webhook costs at most MAX_INFLIGHT pending fetches.
 */
export interface EdgeEvent {
  event: string;
  level: "info" | "warn" | "error";
  at: string;
  [field: string]: unknown;
}

export interface EventSettings {
  webhook?: string | undefined;
  timeoutMs: number;
}

const MAX_PENDING = 100;
const MAX_BATCH = 50;
const MAX_INFLIGHT = 4;

const pending: EdgeEvent[] = [];
let dropped = 0;
let inflight = 0;

export function emitEvent(level: EdgeEvent["level"], event: string, fields: Record<string, unknown>): void {
  const e: EdgeEvent = { level, event, at: new Date().toISOString(), ...fields };
  // One line per event through the core logger (the webhook gets the event with its `at`).
  logEvent(level, event, fields);
  if (pending.length >= MAX_PENDING) {
    pending.shift();
    dropped++;
  }
  pending.push(e);
}

/** True when events wait for delivery (one array length read: cheap enough for every request). */
export function hasPendingEvents(): boolean {
  return pending.length > 0;
}

/** Sends the queued events (one batch) to the webhook via waitUntil; without a webhook they are dropped. */
export function flushEvents(ctx: { waitUntil(p: Promise<unknown>): void }, settings: EventSettings | undefined): void {
  if (pending.length === 0) return;
  const url = settings?.webhook;
  if (url === undefined) {
    pending.length = 0;
    return;
  }
  if (inflight >= MAX_INFLIGHT) return; // keep them queued (bounded) until a delivery finishes
  const events = pending.splice(0, MAX_BATCH);
  const lost = dropped;
  dropped = 0;
  inflight++;
  ctx.waitUntil(deliver(url, events, lost, settings?.timeoutMs ?? 5000).finally(() => inflight--));
}

async function deliver(url: string, events: EdgeEvent[], dropped: number, timeoutMs: number): Promise<void> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "edge-router-events" },
      body: JSON.stringify({ source: "edge-router", events, dropped }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    // Logged, not retried: events are also in the log, and a retry loop would hold the isolate.
    log.error("events_webhook_failed", { events: events.length, error: String(err) });
  }
}
