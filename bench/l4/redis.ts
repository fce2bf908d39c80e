/** l4.redis*, redis-benchmark GET+SET requests/s direct, through HAProxy, through the relay. */

import { freePort, HOST, waitForListen } from "../lib/net.ts";
import { run, start } from "../lib/procs.ts";
import type { FigureResult } from "../lib/types.ts";
import type { Contender } from "./contenders.ts";
import { l4Figure, type Measured } from "./figure.ts";

export async function startRedisServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const p = start(
    "redis-server",
    "redis-server",
    [
      "--bind",
      HOST,
      "--port",
      String(port),
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "no",
      "--maxclients",
      "10000",
    ],
    { nofile: 20000 },
  );
  await waitForListen(port, 10_000, () => p.child.exitCode === null);
  return { port, stop: () => p.stop() };
}

export interface RedisVariant {
  key: string;
  /** Extra redis-benchmark flags (`-P 16`, `-k 0`). */
  flags: string[];
  requests: number;
  /** `rps`: mean of the GET and SET rps (default). `p99`: GET only, its p99 latency in ms. */
  metric?: "rps" | "p99";
}

/** One row of redis-benchmark 7's `--csv` output: rps, then latencies in ms (avg, min, p50, p95, p99, max). */
interface CsvRow {
  rps: number;
  p50: number;
  p99: number;
}

function parseCsv(stdout: string): Map<string, CsvRow> {
  const rows = new Map<string, CsvRow>();
  for (const line of stdout.split("\n")) {
    const cells = line
      .trim()
      .split(",")
      .map((c) => c.replace(/^"|"$/g, ""));
    if (cells[0] !== "GET" && cells[0] !== "SET") continue;
    rows.set(cells[0], { rps: Number(cells[1]), p50: Number(cells[4]), p99: Number(cells[6]) });
  }
  return rows;
}

/** Mean of the GET and SET rps of one redis-benchmark run, or the GET p99 (with p50 beside it). */
async function redisOnce(port: number, v: RedisVariant): Promise<Measured | null> {
  const tests = v.metric === "p99" ? "get" : "get,set";
  const args = ["-h", HOST, "-p", String(port), "-t", tests, "-n", String(v.requests), "-c", "50", "--csv", ...v.flags];
  const r = await run("redis-benchmark", "redis-benchmark", args, { timeoutMs: 60_000 });
  const rows = parseCsv(r.stdout);
  const get = rows.get("GET");
  if (v.metric === "p99") {
    if (!get || !Number.isFinite(get.p99)) return null;
    return { value: get.p99, work: v.requests / 1000, extra: { "GET p50 ms": get.p50, "GET rps": get.rps } };
  }
  const set = rows.get("SET");
  return get && set ? { value: (get.rps + set.rps) / 2, work: (2 * v.requests) / 1000 } : null;
}

export function redisFigure(v: RedisVariant, contenders: readonly Contender[], rounds: number): Promise<FigureResult> {
  // With -k 0 every request is a connection of its own: also report CPU per connection.
  const perConnection = v.flags.includes("-k");
  return l4Figure(
    v.key,
    contenders,
    rounds,
    perConnection ? "1k connections" : "1k requests",
    (c) => redisOnce(c.port, v),
    {
      perConnection,
    },
  );
}
