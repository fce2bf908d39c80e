/**
 * Raw workerd configs (no wrangler dev, no Miniflare proxy) for l7.throughput, one per contender:
 * - "router": our deployed bundle with its bindings; ROUTES is a KV namespace implemented by a tiny
 *   in-process worker that serves the bench's edge document for every GET (pre-seeded KV).
 *   The same config runs the bare-handler bundle (src/worker/bare.ts) under another name.
 * - "bare": a pass-through worker, `fetch(request)` re-targeted to the same origin.
 * - "peer": the hand-written Hono + hono/proxy worker (peer-worker.ts), no bindings.
 * Outbound fetches go through a network service that allows loopback ("local") addresses.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const KV_WORKER = `
export default {
  async fetch(request, env) {
    if (request.method !== "GET") return new Response("read-only bench KV", { status: 405 });
    return new Response(env.DOC, { headers: { "content-type": "text/plain" } });
  },
};
`;

const BARE_WORKER = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    url.protocol = "http:";
    url.host = env.ORIGIN_HOST;
    return fetch(new Request(url, request));
  },
};
`;

const q = (s: string) => JSON.stringify(s);

export interface WorkerdSetup {
  dir: string;
  port: number;
  compatibilityDate: string;
}

const NETWORK = `(name = "internet", network = (allow = ["public", "private", "local"]))`;

/** A Durable Object class of the bundle to run in memory (the rate-limit policy's counters). */
export interface DurableObjectBinding {
  binding: string;
  className: string;
}

export function writeRouterConfig(
  s: WorkerdSetup,
  bundleFile: string,
  docFile: string,
  vars: Record<string, string>,
  name = "router",
  durableObjects: readonly DurableObjectBinding[] = [],
): string {
  // capnp `embed` paths are relative to the config file: keep everything in its directory.
  writeFileSync(join(s.dir, "kv-worker.js"), KV_WORKER);
  copyFileSync(bundleFile, join(s.dir, `${name}-bundle.js`));
  if (join(s.dir, basename(docFile)) !== docFile) copyFileSync(docFile, join(s.dir, basename(docFile)));
  const bindings = [
    `(name = "ROUTES", kvNamespace = "kv")`,
    ...Object.entries(vars).map(([k, v]) => `(name = ${q(k)}, text = ${q(v)})`),
    ...durableObjects.map((d) => `(name = ${q(d.binding)}, durableObjectNamespace = (className = ${q(d.className)}))`),
  ];
  // SQLite-backed objects (wrangler.toml's new_sqlite_classes) need on-disk storage: with
  // `inMemory` workerd has no SQLite, `storage.kv` throws and the limiter fails open on every request.
  const storageDir = join(s.dir, `${name}-do-storage`);
  if (durableObjects.length) {
    rmSync(storageDir, { recursive: true, force: true });
    mkdirSync(storageDir, { recursive: true });
  }
  const objects = durableObjects.length
    ? `durableObjectNamespaces = [${durableObjects.map((d) => `(className = ${q(d.className)}, uniqueKey = ${q(`bench-${d.className}`)}, enableSql = true)`).join(", ")}],
      durableObjectStorage = (localDisk = "do-disk"),
      `
    : "";
  const disk = durableObjects.length ? `(name = "do-disk", disk = (path = ${q(storageDir)}, writable = true)),` : "";
  const file = join(s.dir, `${name}.capnp`);
  writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "router", worker = (
      modules = [(name = "index.js", esModule = embed "${name}-bundle.js")],
      compatibilityDate = ${q(s.compatibilityDate)},
      bindings = [${bindings.join(", ")}],
      ${objects}globalOutbound = "internet",
    )),
    (name = "kv", worker = (
      modules = [(name = "kv.js", esModule = embed "kv-worker.js")],
      compatibilityDate = ${q(s.compatibilityDate)},
      bindings = [(name = "DOC", text = embed ${q(basename(docFile))})],
    )),
    ${disk}
    ${NETWORK},
  ],
  sockets = [(name = "http", address = "127.0.0.1:${s.port}", http = (), service = "router")],
);
`,
  );
  return file;
}

export function writeBareConfig(s: WorkerdSetup, originHost: string): string {
  writeFileSync(join(s.dir, "bare-worker.js"), BARE_WORKER);
  const file = join(s.dir, "bare.capnp");
  writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "bare", worker = (
      modules = [(name = "bare.js", esModule = embed "bare-worker.js")],
      compatibilityDate = ${q(s.compatibilityDate)},
      bindings = [(name = "ORIGIN_HOST", text = ${q(originHost)})],
      globalOutbound = "internet",
    )),
    ${NETWORK},
  ],
  sockets = [(name = "http", address = "127.0.0.1:${s.port}", http = (), service = "bare")],
);
`,
  );
  return file;
}

/** The hand-written Hono peer (bench/l7/peer-worker.ts): a bundle with no bindings. */
export function writePeerConfig(s: WorkerdSetup, bundleFile: string): string {
  copyFileSync(bundleFile, join(s.dir, "peer-run.js"));
  const file = join(s.dir, "peer.capnp");
  writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "peer", worker = (
      modules = [(name = "peer.js", esModule = embed "peer-run.js")],
      compatibilityDate = ${q(s.compatibilityDate)},
      globalOutbound = "internet",
    )),
    ${NETWORK},
  ],
  sockets = [(name = "http", address = "127.0.0.1:${s.port}", http = (), service = "peer")],
);
`,
  );
  return file;
}
