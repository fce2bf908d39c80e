import { logLine } from "../core/log.ts";
import type { RequestRecord } from "./request-record.ts";

/**
 * The access-log line: the core logger's format (`{"time","level":"info","event":"access",...}`),
 * field order as documented, the same names as every other log line for the same facts.
 */
export function accessLine(r: RequestRecord, durationMs: number): string {
  return logLine("info", "access", {
    requestId: r.requestId,
    host: r.host,
    method: r.method,
    path: r.path,
    url: r.url,
    route: r.route,
    virtualHost: r.virtualHost,
    policies: r.policies,
    pool: r.pool,
    origin: r.origin,
    attempts: r.attempts,
    status: r.status,
    durationMs,
    bytes: r.bytes,
    cache: r.cache,
    version: r.version,
    error: r.error,
  });
}

/** Sampling: errors (status >= 500, or an error the edge answered with) are always logged. */
export function sampled(r: RequestRecord, sample: number, random: () => number = Math.random): boolean {
  return sample >= 1 || r.status >= 500 || r.error !== null || random() < sample;
}
