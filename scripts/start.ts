/**
 * `npm start -- [--table FILE | FILE] [--port N]`: the whole product locally, no account, no network.
 *   - a demo origin for every loopback origin the table's pools name (examples/routes.json: 9101-9104)
 *   - the real worker in workerd (Miniflare) on http://127.0.0.1:8787 (--port) with a local KV
 *     namespace bound as ROUTES, seeded from examples/routes.json (or --table FILE)
 *   - each save of that file (atomic saves included) is validated and written to local KV, one line
 *     per applied or rejected version; the worker picks it up within ROUTES_REFRESH_SECONDS (bump
 *     `version`!). An invalid edit is reported with its JSON paths and not written.
 *   - the L4 relay on the document's `l4` section (scripts/start-relay.ts)
 * Ctrl-C / SIGTERM stops everything.
 */
import { readFileSync } from "node:fs";
import { formatIssues, parseEdgeConfigText } from "../src/schema/index.ts";
import { type DemoOrigin, startDemoOrigin } from "./lib/demo-origin.ts";
import { type RunningWorker, runWorker, wranglerSetting } from "./lib/run-worker.ts";
import { parseStartArgs } from "./lib/start-args.ts";
import { localOrigins } from "./lib/table-origins.ts";
import { watchFile } from "./lib/table-watch.ts";
import { startRelayDemo } from "./start-relay.ts";

process.env.WRANGLER_SEND_METRICS = "false";

let file: string;
let port: number;
try {
  ({ table: file, port } = parseStartArgs(process.argv.slice(2)));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const refreshSeconds = wranglerSetting("ROUTES_REFRESH_SECONDS") ?? "5";

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
  const initial = readFileSync(file, "utf8");
  const parsed = parseEdgeConfigText(initial);
  if (!parsed.ok) {
    console.error(`${file} is invalid:\n${formatIssues(parsed.issues)}`);
    process.exit(1);
  }

  const origins: DemoOrigin[] = [];
  for (const { name, port: p } of localOrigins(parsed.config)) {
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

  // One line per version: applied (written to local KV) or rejected (the issues, nothing written).
  let version = parsed.config.version;
  const stopWatch = watchFile(
    file,
    (text) => {
      const next = parseEdgeConfigText(text);
      if (!next.ok) {
        console.error(`[start] rejected ${file}, not written:\n${formatIssues(next.issues)}`);
        return;
      }
      const same = next.config.version === version;
      version = next.config.version;
      void worker.putTable(text).then(
        () =>
          console.log(
            same
              ? `[start] written to local KV, but version ${version} is unchanged: the worker keeps its compiled table (bump version)`
              : `[start] applied version ${version}: written to local KV, live within ${refreshSeconds} s`,
          ),
        (e: Error) => console.error(`[start] could not write version ${version}: ${e.message}`),
      );
    },
    { initial },
  );
  stoppers.push(async () => stopWatch());

  const base = `http://127.0.0.1:${worker.url.port}`;
  const portLines = [
    `127.0.0.1:${worker.url.port}  the worker (workerd)`,
    ...origins.map((o) => `${o.url.replace(/^http:\/\//, "")}  demo origin ${o.name}`),
    ...(relay?.ports ?? []),
  ];
  // The curl examples are the answers of examples/routes.json; another table gets none.
  const example = file.endsWith("examples/routes.json");
  console.log(`
edge router running on ${base}  (table: ${file})

ports (all on loopback):
${portLines.map((l) => `  ${l}`).join("\n")}
${example ? "" : "\n"}${
  example
    ? `
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
`
    : ""
}${adminToken ? `  curl -s -H "Authorization: Bearer $EDGE_ADMIN_TOKEN" ${base}/_edge/status   # admin API\n` : ""}
${relay ? `${relay.help}\n\n` : ""}Ctrl-C stops everything.
`);
} catch (err) {
  console.error(`npm start failed: ${(err as Error).message}`);
  await stop(1);
}
