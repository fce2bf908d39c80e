/**
 * The hand-written peer for l7.throughput: what a user would write with Hono alone — the same
 * 1,000 routes, each answered by `hono/proxy` to the origin with X-Forwarded-* headers set. Its
 * source is generated per run (the table is the bench's) and bundled with esbuild like a worker.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "../l4/contenders.ts";
import type { RouteTemplate } from "./templates.ts";

function source(routes: readonly RouteTemplate[], originHost: string): string {
  const table = routes.map((r) => [r.method, r.colonPath]);
  return `import { Hono } from "hono";
import { proxy } from "hono/proxy";

const ORIGIN = ${JSON.stringify(`http://${originHost}`)};
const ROUTES = ${JSON.stringify(table)};

const app = new Hono();
const forward = (c) => {
  const url = new URL(c.req.url);
  return proxy(ORIGIN + url.pathname + url.search, {
    ...c.req,
    headers: {
      ...c.req.header(),
      "x-forwarded-for": c.req.header("cf-connecting-ip") ?? "",
      "x-forwarded-host": url.host,
      "x-forwarded-proto": url.protocol.slice(0, -1),
    },
  });
};
for (const [method, path] of ROUTES) app.on(method, path, forward);

export default app;
`;
}

/** Writes and bundles the peer; returns the bundle's path. */
export async function buildPeer(dir: string, routes: readonly RouteTemplate[], originHost: string): Promise<string> {
  const entry = join(dir, "peer-worker.js");
  writeFileSync(entry, source(routes, originHost));
  const out = join(dir, "peer-bundle.js");
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2023",
    outfile: out,
    nodePaths: [join(ROOT, "node_modules")],
    logLevel: "silent",
  });
  return out;
}
