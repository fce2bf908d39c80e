/**
 * The structured logger: one JSON object per line, `{"time","level","event",...fields}`.
 * Web standards only (console.*), so the worker, the admin API and the CLI share it; the relay's
 * batched Node sink (src/relay/log.ts) implements the same `Logger` shape and field names.
 *
 * The same fact has the same field name everywhere (dashboards join on them): see `LogFields`.
 */

export type LogLevel = "info" | "warn" | "error";

export interface LogFields {
  /** The request's x-request-id. */
  requestId?: string;
  /** Route name (or `vhost#index` when unnamed). */
  route?: string | null;
  pool?: string | null;
  /** Origin (or relay backend) name within its pool. */
  origin?: string | null;
  /** The route document's `version`. */
  version?: string;
  durationMs?: number;
  [field: string]: unknown;
}

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * The ISO time of `ms`, formatted once per millisecond: every request writes a line, and in the
 * Workers runtime the clock only moves on I/O, so lines in a burst share the same instant.
 */
let lastMs = Number.NaN;
let lastIso = "";
function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** The JSON line for one event (exported for sinks that write elsewhere than the console). */
export function logLine(level: LogLevel, event: string, fields?: LogFields): string {
  const head = `{"time":"${isoTime(Date.now())}","level":"${level}","event":${JSON.stringify(event)}`;
  const rest = fields === undefined ? "{}" : JSON.stringify(fields);
  return rest.length > 2 ? `${head},${rest.slice(1)}` : `${head}}`;
}

/** Writes each line with the console method of its level (Workers Logs keeps the level). */
export const log: Logger = {
  info: (event, fields) => console.log(logLine("info", event, fields)),
  warn: (event, fields) => console.warn(logLine("warn", event, fields)),
  error: (event, fields) => console.error(logLine("error", event, fields)),
};

/** One event at a level chosen at run time. */
export function logEvent(level: LogLevel, event: string, fields?: LogFields): void {
  log[level](event, fields);
}
