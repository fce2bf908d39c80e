/** bench/results.json: `meta` plus one entry per figure key; a partial run (--only) keeps the other figures. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { toolVersion } from "../lib/deps.ts";
import type { FigureResult } from "../lib/types.ts";

export const FIGURE_KEYS = [
  "l7.match",
  "l7.match.conditions",
  "l7.regex_linear",
  "l7.compile",
  "l7.throughput",
  "l7.throughput.bare_handler",
  "l7.throughput.peer",
  "l7.bundle",
  "l7.policy.jwt",
  "l7.policy.ratelimit",
  "l4.iperf1",
  "l4.iperf8",
  "l4.redis",
  "l4.redis_pipelined",
  "l4.redis_newconn",
  "l4.idle_conn_bytes",
] as const;

export interface Meta {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  tools: Record<string, string>;
  mode: "full" | "quick";
  only: string[];
  durationS: number;
}

export type StoredFigure = FigureResult & { measuredAt: string; mode: "full" | "quick" };
export type Results = { meta: Meta } & Partial<Record<(typeof FIGURE_KEYS)[number], StoredFigure>>;

export function machineMeta(): Omit<Meta, "mode" | "only" | "durationS"> {
  return {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    node: process.version,
    tools: {
      haproxy: toolVersion("haproxy", ["-v"]),
      iperf3: toolVersion("iperf3", ["--version"]),
      redis: toolVersion("redis-server", ["--version"]),
      wrk: toolVersion("sh", ["-c", "wrk --version 2>&1 | head -1"]),
      workerd: toolVersion("sh", ["-c", `"${process.cwd()}/node_modules/.bin/workerd" --version`]),
    },
  };
}

export function mergeResults(path: string, meta: Meta, figures: readonly FigureResult[]): Results {
  let previous: Partial<Results> = {};
  if (meta.only.length && existsSync(path)) {
    try {
      previous = JSON.parse(readFileSync(path, "utf8")) as Results;
    } catch {
      previous = {};
    }
  }
  const out: Results = { meta };
  for (const key of FIGURE_KEYS) {
    const fresh = figures.find((f) => f.key === key);
    const stored = fresh ? { ...fresh, measuredAt: meta.date, mode: meta.mode } : previous[key];
    if (stored) out[key] = stored as StoredFigure;
  }
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  return out;
}
