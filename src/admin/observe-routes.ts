import type { Context, Hono } from "hono";
import { edgeStats, type OriginLiveState, statsJson } from "../observe/stats.ts";
import { readBodyCapped } from "./body.ts";
import type { AdminEnv } from "./dispatch.ts";
import { RelayReportInvalidError } from "./observe-errors.ts";
import { listRelays, parseReport, storeReport } from "./relays.ts";
import { jsonResponse } from "./respond.ts";
import type { LoadedTable, StatusEnv } from "./status.ts";
import { readStored, type StoreEnv, storedVersion } from "./store.ts";

type App = Hono<{ Bindings: AdminEnv & StatusEnv }>;

/** In-flight counts and ejection state of every origin of the table this isolate serves. */
function liveOrigins(loaded: LoadedTable | undefined, now: number): Map<string, OriginLiveState> {
  const out = new Map<string, OriginLiveState>();
  if (loaded?.runtimeOf === undefined) return out;
  for (const name of Object.keys(loaded.config.pools)) {
    const rt = loaded.runtimeOf(name);
    if (rt === undefined) continue;
    for (const ep of rt.endpoints)
      out.set(`${name}/${ep.id}`, {
        inFlight: rt.outstanding[ep.index] ?? 0,
        ejected: rt.outlier?.isEjected(ep.index, now) ?? false,
      });
  }
  return out;
}

async function postReport(c: Context<{ Bindings: StoreEnv }>): Promise<Response> {
  const bytes = await readBodyCapped(c.req.raw, 16 * 1024);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new RelayReportInvalidError("body is not JSON");
  }
  const report = parseReport(body, Date.now());
  await storeReport(c.env.ROUTES, report);
  return jsonResponse({ ok: true, lastSeen: report.lastSeen });
}

/** `GET /relays`: live relays, each with `behind: true` when it serves another version than the stored document. */
async function getRelays(c: Context<{ Bindings: StoreEnv }>): Promise<Response> {
  const [relays, stored] = await Promise.all([listRelays(c.env.ROUTES, Date.now()), readStored(c.env)]);
  const active = stored === null ? null : (storedVersion(stored.bytes) ?? null);
  return jsonResponse(relays.map((r) => ({ ...r, behind: active !== null && r.version !== active })));
}

/** The observability endpoints: per-isolate stats and the relay registry. */
export function mountObserveRoutes(app: App, loaded: () => LoadedTable | undefined): void {
  app.get("/stats", () => jsonResponse(statsJson(edgeStats, liveOrigins(loaded(), Date.now()))));
  app.get("/relays", getRelays);
  app.post("/relays/report", postReport);
}
