/**
 * The three ways a client reaches a backend in the L4 figures: directly, through HAProxy
 * (`mode tcp`, Debian's build, default threads) and through our relay. Both proxies get the same
 * single-backend pool and generous timeouts, so only the data path differs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, HOST, waitForListen } from "../lib/net.ts";
import { type Started, start } from "../lib/procs.ts";

export const TMP = join(import.meta.dirname, "..", "tmp");
export const ROOT = join(import.meta.dirname, "..", "..");
export const RELAY_MAIN = join(ROOT, "src", "relay", "control", "main.ts");

export interface Contender {
  name: "direct" | "haproxy" | "relay" | "node-pipe";
  port: number;
  proc?: Started;
}

/** HAProxy may hold 2 fds per relayed connection; 9,000 connections stay under the 20,000 files limit. */
const MAXCONN = 9000;

export async function startHaproxy(tag: string, backendPort: number): Promise<Contender> {
  const port = await freePort();
  mkdirSync(TMP, { recursive: true });
  const cfg = join(TMP, `haproxy-${tag}.cfg`);
  writeFileSync(
    cfg,
    [
      "global",
      `  maxconn ${MAXCONN}`,
      // One log line per connection (at its end) to stdout, as the relay's default logConnections "close" writes.
      "  log stdout format raw local0",
      "defaults",
      "  mode tcp",
      "  log global",
      "  option tcplog",
      "  timeout connect 5s",
      "  timeout client 1h",
      "  timeout server 1h",
      `  maxconn ${MAXCONN}`,
      "frontend fe",
      `  bind ${HOST}:${port}`,
      "  default_backend be",
      "backend be",
      `  server s1 ${HOST}:${backendPort}`,
      "",
    ].join("\n"),
  );
  const proc = start(`haproxy-${tag}`, "haproxy", ["-db", "-f", cfg], { nofile: 20000 });
  await waitForListen(port, 10_000, () => proc.child.exitCode === null);
  return { name: "haproxy", port, proc };
}

/** Writes an edge document whose `l4` section relays one listener to one backend, and starts the relay. */
export interface RelayOptions {
  workers: number | "auto";
  /** Directory for `--cpu-prof` output (set through NODE_OPTIONS so per-core workers inherit it). */
  cpuProfDir?: string;
}

export async function startRelay(tag: string, backendPort: number, opts: RelayOptions): Promise<Contender> {
  const { workers, cpuProfDir } = opts;
  const port = await freePort();
  mkdirSync(TMP, { recursive: true });
  const cfg = join(TMP, `relay-${tag}.json`);
  const doc = {
    version: `bench-${tag}`,
    l4: {
      workers,
      // Stopping between figures must not wait out the default 10 s drain.
      drainTimeoutMs: 500,
      listeners: [
        {
          name: "bench",
          protocol: "tcp",
          address: HOST,
          port,
          pool: "backend",
          timeouts: { connectMs: 5000, idleMs: 3_600_000, halfClosedMs: 30_000 },
        },
      ],
      pools: { backend: { backends: [{ name: "b1", address: HOST, port: backendPort }] } },
    },
  };
  writeFileSync(cfg, JSON.stringify(doc, null, 2));
  const proc = start(`relay-${tag}`, process.execPath, [RELAY_MAIN, "--config", cfg], {
    nofile: 20000,
    // Time to drain and, under --cpu-prof, to write every worker's profile.
    graceMs: 6000,
    env: cpuProfDir
      ? {
          ...process.env,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${cpuProfDir}`.trim(),
        }
      : process.env,
  });
  await waitForListen(port, 15_000, () => proc.child.exitCode === null).catch((e: Error) => {
    throw new Error(`relay did not start: ${e.message}\n${proc.tail()}`);
  });
  return { name: "relay", port, proc };
}

export async function stopContenders(cs: readonly Contender[]): Promise<void> {
  await Promise.all(cs.map((c) => c.proc?.stop()));
}

/** The naive `pipe()` relay, as a reference point for what Node costs (see naive-relay.ts). */
export async function startNaiveRelay(tag: string, backendPort: number): Promise<Contender> {
  const port = await freePort();
  const proc = start(
    `node-pipe-${tag}`,
    process.execPath,
    [join(import.meta.dirname, "naive-relay.ts"), String(port), String(backendPort)],
    { nofile: 20000 },
  );
  await waitForListen(port, 10_000, () => proc.child.exitCode === null);
  return { name: "node-pipe", port, proc };
}
