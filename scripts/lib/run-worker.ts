import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";

/**
 * Runs the real worker (src/worker/index.ts, bundled like `wrangler deploy` would) in workerd via
 * Miniflare, with a real local KV namespace bound as ROUTES. Used by `npm start`, the end-to-end
 * tests and the benchmarks.
 */
const ROOT = `${resolve(dirname(fileURLToPath(import.meta.url)), "../..")}/`;

const bundled = new Map<string, Promise<string>>();

/** esbuild bundle of the worker, or of another entry (`src/worker/bare.ts`, a test app); cached per process. */
export function bundleWorker(entry = "src/worker/index.ts"): Promise<string> {
  let b = bundled.get(entry);
  if (b === undefined) bundled.set(entry, (b = bundleEntry(entry)));
  return b;
}

function bundleEntry(entry: string): Promise<string> {
  return build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2023",
    // Runtime modules (the Durable Object base class) are provided by workerd.
    external: ["cloudflare:*"],
    write: false,
    logLevel: "silent",
  }).then((r) => r.outputFiles[0]!.text);
}

/** Reads one setting from wrangler.toml so local runs use the deployed values. */
export function wranglerSetting(name: string): string | undefined {
  const toml = readFileSync(`${ROOT}wrangler.toml`, "utf8");
  return new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m").exec(toml)?.[1];
}

export interface RunWorkerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  routesKey?: string;
  /** ROUTES_REFRESH_SECONDS; "0" re-checks KV (in the background) on every request. */
  refreshSeconds?: string;
  /** Directory for persistent local KV; omitted = ephemeral. */
  persistTo?: string;
  /** Receives workerd's console output lines (default: dropped). */
  onLog?: (line: string) => void;
  /** Extra text bindings / secrets, e.g. { ADMIN_TOKEN } to enable the admin API. */
  bindings?: Record<string, string>;
  /** Worker entry relative to the repository root (default src/worker/index.ts). */
  entry?: string;
  /** Bind EDGE_ANALYTICS (Workers Analytics Engine; Miniflare accepts the points and keeps none). */
  analytics?: boolean;
}

export interface RunningWorker {
  readonly url: URL;
  readonly mf: Miniflare;
  /** Writes a document (object or raw text) to the ROUTES key. */
  putTable(doc: unknown): Promise<void>;
  deleteTable(): Promise<void>;
  dispose(): Promise<void>;
}

export async function runWorker(opts: RunWorkerOptions = {}): Promise<RunningWorker> {
  const key = opts.routesKey ?? wranglerSetting("ROUTES_KEY") ?? "routes";
  const options: V4MiniflareOptions = {
    modules: [{ type: "ESModule", path: "worker.js", contents: await bundleWorker(opts.entry) }],
    compatibilityDate: wranglerSetting("compatibility_date") ?? "2026-11-01",
    kvNamespaces: { ROUTES: "routes-local" },
    // As wrangler.toml: the rate-limit policy's two backends.
    ratelimits: { RATE_LIMITER: { namespace_id: "1001", simple: { limit: 5, period: 10 } } },
    durableObjects: { RATE_LIMITS: { className: "RateLimitCounter", useSQLite: true } },
    bindings: {
      ROUTES_KEY: key,
      ROUTES_REFRESH_SECONDS: opts.refreshSeconds ?? wranglerSetting("ROUTES_REFRESH_SECONDS") ?? "5",
      ADMIN_PREFIX: wranglerSetting("ADMIN_PREFIX") ?? "/_edge",
      ...opts.bindings,
    },
    host: opts.host ?? "127.0.0.1",
    port: opts.port ?? 0,
    ...(opts.persistTo !== undefined ? { resourcePersistencePath: opts.persistTo } : {}),
    ...(opts.analytics ? { analyticsEngineDatasets: { EDGE_ANALYTICS: { dataset: "edge_router" } } } : {}),
    handleStructuredLogs: (log) => opts.onLog?.(log.message),
  };
  const mf = new Miniflare(convertV4MiniflareOptions(options));
  const url = await mf.ready;
  const kv = await mf.getKVNamespace("ROUTES");
  return {
    url,
    mf,
    putTable: (doc) => kv.put(key, typeof doc === "string" ? doc : JSON.stringify(doc)),
    deleteTable: () => kv.delete(key),
    dispose: () => mf.dispose(),
  };
}
