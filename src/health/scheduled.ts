import { routesKeyOf } from "../core/env.ts";
import { logEvent as log } from "../core/log.ts";
import { parseDocument } from "../schema/index.ts";
import { checkOrigin } from "./check.ts";
import { latencyMoved, withLatency } from "./latency.ts";
import {
  applyCheck,
  DEFAULT_HEALTH_KEY,
  HEALTH_HEARTBEAT_MS,
  type HealthDocument,
  type OriginHealth,
  parseHealthDocument,
} from "./record.ts";

export interface HealthEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
  /** KV key of the health document (default `health:v1`). */
  HEALTH_KEY?: string;
}

export interface HealthRunOptions {
  now?: () => number;
  fetcher?: typeof fetch;
}

function sameState(a: OriginHealth | undefined, b: OriginHealth): boolean {
  return a !== undefined && a.up === b.up && a.consecutive === b.consecutive && a.url === b.url;
}

/**
 * One round of active health checks (run by the Cron Trigger): checks every origin of every pool
 * that has `health`, applies rise/fall against the stored document and writes the document back
 * when any state changed (or as a heartbeat every few minutes, to stay under KV write limits).
 * Returns the resulting document, or null when there is no valid table to check.
 */
export async function runHealthChecks(env: HealthEnv, opts: HealthRunOptions = {}): Promise<HealthDocument | null> {
  const now = opts.now ?? Date.now;
  const key = env.HEALTH_KEY || DEFAULT_HEALTH_KEY;
  const routesKey = routesKeyOf(env);
  const [tableText, healthText] = await Promise.all([env.ROUTES.get(routesKey), env.ROUTES.get(key)]);
  if (tableText === null) return null;
  const parsed = parseDocument(tableText);
  if (!parsed.ok) {
    log("error", "health_check_skipped_invalid_table", { key: routesKey, issues: parsed.issues });
    return null;
  }
  const prev = parseHealthDocument(healthText);
  if (!Object.values(parsed.config.pools).some((p) => p.health !== undefined)) {
    // Nothing to check: clear old records once, then stay silent (no KV writes).
    if (prev !== null && countOrigins(prev.pools) > 0)
      await env.ROUTES.put(key, JSON.stringify({ v: 1, writtenAt: now(), pools: {} }));
    return null;
  }
  const jobs: Promise<void>[] = [];
  const pools: HealthDocument["pools"] = {};
  let changed = prev === null;
  for (const [poolName, pool] of Object.entries(parsed.config.pools)) {
    const h = pool.health;
    if (h === undefined) continue;
    const out: Record<string, OriginHealth> = (pools[poolName] = {});
    for (const origin of pool.origins) {
      jobs.push(
        checkOrigin(origin, h, opts.fetcher).then((r) => {
          const before = prev?.pools[poolName]?.[origin.name];
          const after = withLatency(before, applyCheck(before, r.ok, r.detail, origin.url, h.rise, h.fall, now()), r);
          out[origin.name] = after;
          if (!sameState(before, after) || latencyMoved(before, after)) changed = true;
          if (before !== undefined && before.up !== after.up) {
            log(after.up ? "info" : "warn", after.up ? "origin_up" : "origin_down", {
              pool: poolName,
              origin: origin.name,
              last: r.detail,
            });
          }
        }),
      );
    }
  }
  await Promise.all(jobs);
  // Pools or origins removed from the table disappear from the document.
  if (prev !== null && countOrigins(prev.pools) !== countOrigins(pools)) changed = true;
  const doc: HealthDocument = { v: 1, writtenAt: now(), pools };
  if (changed || prev === null || doc.writtenAt - prev.writtenAt >= HEALTH_HEARTBEAT_MS) {
    await env.ROUTES.put(key, JSON.stringify(doc));
    return doc;
  }
  return { ...prev, pools };
}

function countOrigins(pools: HealthDocument["pools"]): number {
  let n = 0;
  for (const p of Object.values(pools)) n += Object.keys(p).length;
  return n;
}

/** The Worker's `scheduled` handler body. */
export function handleScheduled(env: HealthEnv, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<void> {
  const run = runHealthChecks(env).then(
    () => {},
    (err: unknown) => log("error", "health_check_failed", { error: String(err) }),
  );
  ctx.waitUntil(run);
  return run;
}
