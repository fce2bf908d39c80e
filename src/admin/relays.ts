import { RelayReportInvalidError } from "./observe-errors.ts";

/**
 * Relays report what they serve (`POST /relays/report`, sent by src/relay/report.ts after each
 * poll of `GET /config`). Each report is one KV entry under `relays/<id>` that expires RELAY_TTL_S
 * after the last report, so `GET /relays` lists only live relays without any cleanup job.
 * KV is eventually consistent across locations: a report written at one edge location can take
 * up to a minute to be listed at another (docs/operations.md, "Observability").
 */
export const RELAY_PREFIX = "relays/";
/** Workers KV's minimum expirationTtl is 60 s; two minutes outlives a few missed polls. */
export const RELAY_TTL_S = 120;

export interface RelayReport {
  id: string;
  version: string | null;
  lastSeen: string;
  health: Record<string, unknown>;
}

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const MAX_HEALTH_BYTES = 8192;

/** Checks a report body; throws RELAY_REPORT_INVALID naming the field. */
export function parseReport(body: unknown, now: number): RelayReport {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new RelayReportInvalidError("body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (typeof b.id !== "string" || !ID.test(b.id))
    throw new RelayReportInvalidError("$.id must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
  if (b.version !== null && (typeof b.version !== "string" || b.version.length > 256))
    throw new RelayReportInvalidError("$.version must be a string (at most 256 characters) or null");
  const health = b.health ?? {};
  if (typeof health !== "object" || health === null || Array.isArray(health))
    throw new RelayReportInvalidError("$.health must be an object");
  if (JSON.stringify(health).length > MAX_HEALTH_BYTES)
    throw new RelayReportInvalidError(`$.health must serialize to at most ${MAX_HEALTH_BYTES} bytes`);
  return {
    id: b.id,
    version: b.version,
    lastSeen: new Date(now).toISOString(),
    health: health as Record<string, unknown>,
  };
}

export async function storeReport(kv: KVNamespace, r: RelayReport): Promise<void> {
  await kv.put(RELAY_PREFIX + r.id, JSON.stringify(r), { expirationTtl: RELAY_TTL_S });
}

/** Live relays (reported within RELAY_TTL_S), at most 200, sorted by id. */
export async function listRelays(kv: KVNamespace, now: number): Promise<RelayReport[]> {
  const keys = await kv.list({ prefix: RELAY_PREFIX, limit: 200 });
  const values = await Promise.all(keys.keys.map((k) => kv.get(k.name)));
  const out: RelayReport[] = [];
  for (const v of values) {
    if (v === null) continue;
    const r = JSON.parse(v) as RelayReport;
    if (now - Date.parse(r.lastSeen) <= RELAY_TTL_S * 1000) out.push(r);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
