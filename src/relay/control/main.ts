/**
 * The L4 relay (`edge-relay`, built by `npm run build` into dist/edge-relay.mjs; `--help`: usage.ts).
 * Usage: node src/relay/control/main.ts --config <file | http(s) URL> [--poll-ms 5000]
 * A URL is usually the worker's admin API (`https://edge.example/_edge/config`); its bearer token
 * comes from RELAY_CONFIG_TOKEN (preferred: not visible in `ps`) or --config-token. Behind Cloudflare
 * Access, RELAY_CF_ACCESS_CLIENT_ID / RELAY_CF_ACCESS_CLIENT_SECRET add the service-token headers.
 * Signals: SIGHUP reloads the config, SIGTERM/SIGINT drain then exit.
 * Run it with `node --max-semi-space-size=1` (as `npm run relay` does): the data path allocates
 * little, and a small young generation keeps memory per idle connection down (about 6 KiB instead
 * of 10 at thousands of connections). Cluster workers inherit the flag.
 */
import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { JsonLogger } from "../observability/log.ts";
import { runClusterWorker } from "./cluster.ts";
import { Controller } from "./controller.ts";
import { USAGE } from "./usage.ts";

// A socket error that slipped past a handler must not take every other connection down with it.
const SOCKET_ERRORS = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ERR_STREAM_DESTROYED",
  "ERR_STREAM_WRITE_AFTER_END",
]);
process.on("uncaughtException", (e: NodeJS.ErrnoException) => {
  process.stderr.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      level: "error",
      event: "uncaught",
      code: e.code,
      error: e.message,
      pid: process.pid,
    })}\n`,
  );
  if (!e.code || !SOCKET_ERRORS.has(e.code)) process.exit(1);
});

if (cluster.isWorker && process.env.RELAY_CLUSTER_WORKER === "1") {
  runClusterWorker(new JsonLogger({ pid: process.pid }));
} else {
  await runPrimary();
}

async function runPrimary(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        config: { type: "string", short: "c" },
        "config-token": { type: "string" },
        "poll-ms": { type: "string", default: "5000" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const location = args.config ?? process.env.RELAY_CONFIG;
  if (args.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (!location) {
    process.stderr.write(`edge-relay: no config given (--config or RELAY_CONFIG)\n\n${USAGE}`);
    process.exit(2);
  }
  const pollMs = Number(args["poll-ms"]);
  if (!Number.isInteger(pollMs) || pollMs < 100) {
    process.stderr.write("--poll-ms must be an integer >= 100\n");
    process.exit(2);
  }
  const log = new JsonLogger({ pid: process.pid });
  let controller: Controller;
  try {
    const { RELAY_CF_ACCESS_CLIENT_ID: accessId, RELAY_CF_ACCESS_CLIENT_SECRET: accessSecret } = process.env;
    const configHeaders =
      accessId && accessSecret
        ? { "cf-access-client-id": accessId, "cf-access-client-secret": accessSecret }
        : undefined;
    const configToken = args["config-token"] ?? process.env.RELAY_CONFIG_TOKEN;
    controller = new Controller({ config: location, configToken, configHeaders, pollMs, log });
  } catch (e) {
    process.stderr.write(`relay: ${(e as Error).message}\n`);
    process.exit(2);
  }
  // Handlers first: a SIGHUP during start must not kill the process (its default action).
  process.on("SIGHUP", () => void controller.reload("SIGHUP"));
  const stop = (sig: string) => void controller.stop(sig).then(() => process.exit(0));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  try {
    await controller.start();
  } catch (e) {
    process.stderr.write(`relay: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
