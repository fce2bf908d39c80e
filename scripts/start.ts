/**
 * `npm start`: the whole product locally, no account, no network.
 *   - demo origins on 127.0.0.1:9101-9104 (the ports examples/routes.json names)
 *   - the real worker in workerd (Miniflare) on http://127.0.0.1:8787 with a local KV namespace
 *     bound as ROUTES, seeded from examples/routes.json (or the file given as first argument)
 *   - edits to that file are validated and written to local KV; the worker picks them up within
 *     ROUTES_REFRESH_SECONDS (bump `version`!). An invalid edit is reported and not written.
 * Ctrl-C / SIGTERM stops everything.
 */
import { readFileSync, watch } from "node:fs";
import { resolve } from "node:path";
import { formatIssues, parseEdgeConfigText } from "../src/schema/index.ts";
import { type DemoOrigin, startDemoOrigin } from "./lib/demo-origin.ts";
import { type RunningWorker, runWorker } from "./lib/run-worker.ts";
import { startRelayDemo } from "./start-relay.ts";

process.env.WRANGLER_SEND_METRICS = "false";

const file = resolve(process.argv[2] ?? "examples/routes.json");
const port = Number(process.env.EDGE_PORT ?? 8787);
const DEMO_ORIGINS: Array<[string, number]> = [
  ["web-a", 9101],
  ["web-b", 9102],
  ["api-v2", 9103],
  ["api-v1", 9104],
];

function readValid(): string | null {
  const text = readFileSync(file, "utf8");
  const parsed = parseEdgeConfigText(text);
  if (parsed.ok) return text;
  console.error(`${file} is invalid:\n${formatIssues(parsed.issues)}`);
  return null;
}

const stoppers: Array<() => Promise<void>> = [];
let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled(stoppers.reverse().map((s) => s()));
  }
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  const initial = readValid();
  if (initial === null) process.exit(1);

  const origins: DemoOrigin[] = [];
  for (const [name, p] of DEMO_ORIGINS) {
    const o = await startDemoOrigin(name, p).catch((e: NodeJS.ErrnoException) => {
      throw e.code === "EADDRINUSE"
        ? new Error(`port ${p} (demo origin ${name}) is in use: is another npm start running?`)
        : e;
    });
    origins.push(o);
    stoppers.push(() => o.close());
  }

  // EDGE_ADMIN_TOKEN (>= 16 characters) turns on the admin API under /_edge (docs: "Admin API").
  const adminToken = process.env.EDGE_ADMIN_TOKEN;
  const worker: RunningWorker = await runWorker({
    port,
    onLog: (line) => console.log(`[worker] ${line}`),
    ...(adminToken ? { bindings: { ADMIN_TOKEN: adminToken } } : {}),
  });
  stoppers.push(() => worker.dispose());
  await worker.putTable(initial);

  // L4 relay (scripts/start-relay.ts): demo TCP services + the relay process on the same document.
  const relay = await startRelayDemo(file);
  if (relay) stoppers.push(() => relay.stop());

  let debounce: NodeJS.Timeout | undefined;
  watch(file, () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const text = readValid();
      if (text !== null) void worker.putTable(text).then(() => console.log(`[start] ${file} written to local KV`));
    }, 200);
  });

  const base = `http://127.0.0.1:${worker.url.port}`;
  console.log(`
edge router running on ${base}  (table: ${file})
demo origins: ${origins.map((o) => `${o.name}=${o.url}`).join("  ")}

try:
  curl -s ${base}/hello                                   # pool web: web-a or web-b
  curl -s ${base}/api/v2/users                            # api-v2, forwarded as /api/users
  curl -s -H 'Accept-Version: 1' ${base}/api/users         # api-v1
  curl -s -H 'Accept: application/vnd.edge.v1+json' ${base}/api/users   # api-v1
  curl -s '${base}/api/users?api-version=2023-06-01'       # api-v1 (date-style)
  curl -s -b canary=1 ${base}/                            # canary pool: web-b
  curl -s -i ${base}/old/page                             # 410 direct response
  curl -s -i ${base}/blog/2024/hello                      # 301 to /news/2024/hello
  curl -s -i ${base}/nope/%2Fetc                          # 400 BAD_PATH
  curl -s -H 'Host: admin.localhost' ${base}/             # 403 from the admin virtual host
${adminToken ? `  curl -s -H "Authorization: Bearer $EDGE_ADMIN_TOKEN" ${base}/_edge/status   # admin API\n` : ""}
${relay ? `${relay.help}\n\n` : ""}Ctrl-C stops everything.
`);
} catch (err) {
  console.error(`npm start failed: ${(err as Error).message}`);
  await stop(1);
}
