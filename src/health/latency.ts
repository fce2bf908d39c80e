import type { OriginHealth } from "./record.ts";

/**
 * Check latency for the `latency` steering mode (Cloudflare LB dynamic steering). The checker keeps
 * an exponentially weighted average of the time to response headers of passing checks (half the old
 * value, half the new sample). The health document is rewritten for a latency change only when it
 * is significant (over 25% and 10 ms), so latency does not turn every Cron run into a KV write.
 */
export function withLatency(before: OriginHealth | undefined, after: OriginHealth, r: { latencyMs?: number }) {
  const sample = r.latencyMs;
  const prev = before?.url === after.url ? before.latencyMs : undefined;
  if (sample === undefined) return prev === undefined ? after : { ...after, latencyMs: prev };
  const latencyMs = prev === undefined ? sample : Math.round((prev + sample) / 2);
  return { ...after, latencyMs };
}

/** A latency change worth a KV write: over 25% and over 10 ms (or the first measurement). */
export function latencyMoved(before: OriginHealth | undefined, after: OriginHealth): boolean {
  const a = before?.latencyMs;
  const b = after.latencyMs;
  if (b === undefined) return false;
  if (a === undefined) return true;
  const d = Math.abs(b - a);
  return d > 10 && d > a * 0.25;
}
