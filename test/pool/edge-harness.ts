import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { bundleWorker, wranglerSetting } from "../../scripts/lib/run-worker.ts";
import { withProbe } from "../helpers/edge.ts";
import { type RawRequestOptions, type RawResponse, rawRequest } from "../helpers/http.ts";

/**
 * The real worker (bundled src/worker/index.ts) in workerd via Miniflare with real local KV,
 * for the pools end-to-end tests: extra bindings (AFFINITY_SECRET), direct KV access (health
 * document) and the Cron Trigger's `scheduled` handler.
 */
export interface PoolEdge {
  readonly base: string;
  readonly kv: KVNamespace;
  load(doc: { version: string } & Record<string, unknown>): Promise<void>;
  /** Runs the Cron Trigger once (active health checks) and waits for it. */
  scheduled(): Promise<void>;
  get(path: string, opts?: RawRequestOptions): Promise<RawResponse>;
  close(): Promise<void>;
}

export const HOST = "pools.test";

export async function startPoolEdge(bindings: Record<string, string> = {}): Promise<PoolEdge> {
  const options: V4MiniflareOptions = {
    modules: [{ type: "ESModule", path: "worker.js", contents: await bundleWorker() }],
    compatibilityDate: wranglerSetting("compatibility_date") ?? "2026-11-01",
    kvNamespaces: { ROUTES: "routes-pools" },
    // Refresh 0: table and health document are re-read (in the background) after every request.
    bindings: { ROUTES_KEY: "routes", ROUTES_REFRESH_SECONDS: "0", ...bindings },
    host: "127.0.0.1",
    port: 0,
    handleStructuredLogs: () => {},
  };
  const mf = new Miniflare(convertV4MiniflareOptions(options));
  const url = await mf.ready;
  const base = url.href.replace(/\/$/, "");
  const kv = (await mf.getKVNamespace("ROUTES")) as unknown as KVNamespace;
  const get = (path: string, opts: RawRequestOptions = {}) =>
    rawRequest(base, path, { ...opts, headers: { host: HOST, ...opts.headers } });
  return {
    base,
    kv,
    get,
    async load(doc) {
      await kv.put("routes", JSON.stringify(withProbe(doc)));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const seen = (await rawRequest(base, "/", { headers: { host: "edge-probe.test" } })).text();
        if (seen === doc.version) return;
        if (Date.now() > deadline) throw new Error(`worker did not load ${doc.version} (serving ${seen})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async scheduled() {
      const worker = await mf.getWorker();
      const r = await worker.scheduled({ cron: "* * * * *", scheduledTime: new Date() });
      if (r.outcome !== "ok") throw new Error(`scheduled handler outcome ${r.outcome}`);
    },
    close: () => mf.dispose(),
  };
}

/** A table with one virtual host for HOST whose routes forward by path prefix. */
export function table(
  version: string,
  pools: Record<string, unknown>,
  routes: { prefix: string; action: Record<string, unknown> }[],
  settings: object = {},
) {
  return {
    version,
    pools,
    settings: { debugHeaders: true, ...settings },
    virtualHosts: [
      {
        name: "pools",
        domains: [HOST],
        routes: routes.map((r) => ({
          match: { path: { segmentPrefix: r.prefix } },
          action: { type: "forward", ...r.action },
        })),
      },
    ],
  };
}

/** Sends `n` requests, returning how many each origin answered (from x-edge-origin). */
export async function tally(
  edge: PoolEdge,
  n: number,
  path: string,
  opts: (i: number) => RawRequestOptions = () => ({}),
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await edge.get(path, opts(i));
    const who = String(res.headers["x-edge-origin"] ?? `status-${res.status}`);
    out[who] = (out[who] ?? 0) + 1;
  }
  return out;
}
