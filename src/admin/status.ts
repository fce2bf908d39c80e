import type { Context } from "hono";
import { refreshMsOf } from "../core/env.ts";
import type { PoolRuntime } from "../edge/pool-runtime.ts";
import {
  DEFAULT_HEALTH_KEY,
  HEALTH_STALE_AFTER_MS,
  type HealthDocument,
  parseHealthDocument,
} from "../health/record.ts";
import type { EdgeConfig } from "../schema/index.ts";
import { jsonResponse } from "./respond.ts";
import { keyOf, readStored, type StoreEnv, storedVersion } from "./store.ts";

/** The table this isolate serves (the compiled table's config plus when it was compiled). */
export interface LoadedTable {
  readonly version: string;
  readonly loadedAt: number;
  readonly config: EdgeConfig;
  /** The loaded version's pool runtimes (live in-flight and ejection state for GET /stats). */
  readonly runtimeOf?: (pool: string) => PoolRuntime | undefined;
}

export interface StatusEnv extends StoreEnv {
  ROUTES_REFRESH_SECONDS: string;
  HEALTH_KEY?: string;
}

interface OriginStatus {
  url: string;
  /** null: no record (not checked yet, or the pool has no `health` block); unknown counts as up. */
  up: boolean | null;
  since?: string;
  checkedAt?: string;
  last?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Per pool and origin, what the Cron Trigger's last health document says about the loaded config. */
function healthView(config: EdgeConfig, doc: HealthDocument | null, now: number) {
  const stale = doc !== null && now > doc.writtenAt + HEALTH_STALE_AFTER_MS;
  const pools: Record<string, { checked: boolean; origins: Record<string, OriginStatus> }> = {};
  for (const [name, pool] of Object.entries(config.pools)) {
    const origins: Record<string, OriginStatus> = {};
    for (const o of pool.origins) {
      const rec = doc?.pools[name]?.[o.name];
      // A record taken for another URL says nothing about this origin (as on the request path).
      origins[o.name] =
        rec === undefined || rec.url !== o.url
          ? { url: o.url, up: null }
          : { url: o.url, up: rec.up, since: iso(rec.since), checkedAt: iso(rec.checkedAt), last: rec.last };
    }
    pools[name] = { checked: pool.health !== undefined, origins };
  }
  return { writtenAt: doc === null ? null : iso(doc.writtenAt), stale, pools };
}

/**
 * GET /status: what this isolate serves, what KV holds now (they differ for up to the refresh
 * interval plus KV propagation), and health as the router sees it.
 */
export async function getStatus(
  c: Context<{ Bindings: StatusEnv }>,
  loaded: LoadedTable | undefined,
): Promise<Response> {
  const env = c.env;
  const healthKey = env.HEALTH_KEY || DEFAULT_HEALTH_KEY;
  const anyChecks = loaded !== undefined && Object.values(loaded.config.pools).some((p) => p.health !== undefined);
  const doc = anyChecks ? parseHealthDocument(await env.ROUTES.get(healthKey)) : null;
  const stored = await readStored(env);
  return jsonResponse({
    version: loaded?.version ?? null,
    loadedAt: loaded === undefined ? null : iso(loaded.loadedAt),
    key: keyOf(env),
    stored: stored === null ? null : { version: storedVersion(stored.bytes) ?? null, etag: stored.etag },
    refreshSeconds: refreshMsOf(env) / 1000,
    health: loaded === undefined ? null : { key: healthKey, ...healthView(loaded.config, doc, Date.now()) },
  });
}
