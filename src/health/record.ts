/**
 * The health document the Cron Trigger writes to KV and every isolate reads.
 *
 * One key (default `health:v1`) holds every checked origin, so an isolate needs one KV read to
 * know the health of all pools. Records carry the origin URL they were taken for: when a config
 * change points a name at a new URL the old record is ignored (unknown counts as up).
 */
export interface OriginHealth {
  up: boolean;
  /** Epoch ms of the last transition (or of the first check). */
  since: number;
  checkedAt: number;
  /** Checks in a row that disagree with `up` (failures while up, successes while down). */
  consecutive: number;
  url: string;
  /** Last check's status code, or its error code (e.g. "TIMEOUT", "UNREACHABLE", "BODY_MISMATCH"). */
  last: string;
  /** Smoothed time to response headers of passing checks, from the checker's location (latency.ts). */
  latencyMs?: number;
}

export interface HealthDocument {
  v: 1;
  writtenAt: number;
  /** pool name -> origin name -> health */
  pools: Record<string, Record<string, OriginHealth>>;
}

export const DEFAULT_HEALTH_KEY = "health:v1";

/** Records older than this are ignored (fail open), so a stopped cron never freezes a pool down. */
export const HEALTH_STALE_AFTER_MS = 15 * 60_000;

/** Even without changes the document is rewritten this often, to show the checker is alive. */
export const HEALTH_HEARTBEAT_MS = 5 * 60_000;

/**
 * Applies one check result with rise/fall hysteresis (HAProxy semantics): an up origin goes down
 * after `fall` failures in a row, a down one comes back after `rise` successes in a row. An origin
 * seen for the first time starts up (like Envoy without `ignore_new_hosts_until_first_hc`), so a
 * new pool serves at once; one failing check then counts toward `fall`.
 */
export function applyCheck(
  prev: OriginHealth | undefined,
  ok: boolean,
  last: string,
  url: string,
  rise: number,
  fall: number,
  now: number,
): OriginHealth {
  const base: OriginHealth =
    prev !== undefined && prev.url === url ? prev : { up: true, since: now, checkedAt: now, consecutive: 0, url, last };
  if (ok === base.up) return { ...base, consecutive: 0, checkedAt: now, last };
  const consecutive = base.consecutive + 1;
  if (consecutive >= (base.up ? fall : rise))
    return { up: !base.up, since: now, checkedAt: now, consecutive: 0, url, last };
  return { ...base, consecutive, checkedAt: now, last };
}

/** Parses a stored document; anything unexpected yields null (treated as "no health data"). */
export function parseHealthDocument(text: string | null): HealthDocument | null {
  if (text === null) return null;
  try {
    const doc = JSON.parse(text) as HealthDocument;
    if (
      doc === null ||
      typeof doc !== "object" ||
      doc.v !== 1 ||
      typeof doc.writtenAt !== "number" ||
      typeof doc.pools !== "object" ||
      doc.pools === null
    ) {
      return null;
    }
    return doc;
  } catch {
    return null;
  }
}
