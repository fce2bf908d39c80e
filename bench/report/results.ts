/** bench/results.json: `meta` plus one entry per figure key; a partial run (--only) keeps the other figures. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { toolVersion } from "../lib/deps.ts";
import { FIGURES } from "../lib/targets.ts";
import type { FigureResult } from "../lib/types.ts";

/** Figure keys: the family ("l7", "l4") then the figure's own name, e.g. "l7.throughput". */
export type FigureKey = `${string}.${string}`;

/** The report's order for the figures known when it was written: related figures side by side. */
const REPORT_ORDER: readonly string[] = [
  "l7.match",
  "l7.match.conditions",
  "l7.regex_linear",
  "l7.compile",
  "l7.throughput",
  "l7.throughput.bare_handler",
  "l7.throughput.peer",
  "l7.cpu_us",
  "l7.p99",
  "l7.bundle",
  "l7.policy.jwt",
  "l7.policy.ratelimit",
  "l4.iperf1",
  "l4.iperf8",
  "l4.redis",
  "l4.redis_pipelined",
  "l4.redis_newconn",
  "l4.connect_rate",
  "l4.p99",
  "l4.idle_conn_bytes",
];

const sharedSegments = (a: string, b: string): number => {
  const x = a.split(".");
  const y = b.split(".");
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
};

/**
 * Every key of `known` (bench/lib/targets.ts FIGURES) in report order: REPORT_ORDER first, then each
 * other key right after the last key it shares the most dotted segments with ("l7.match.conditions"
 * after "l7.match", "l4.connect_rate" after the last "l4.*"), so a new figure needs no report change.
 */
export function orderKeys(known: readonly string[]): FigureKey[] {
  const out = REPORT_ORDER.filter((k) => known.includes(k));
  for (const key of known) {
    if (out.includes(key)) continue;
    let at = out.length;
    let best = 0;
    out.forEach((k, i) => {
      const n = sharedSegments(key, k);
      if (n > 0 && n >= best) [best, at] = [n, i + 1];
    });
    out.splice(at, 0, key);
  }
  return out as FigureKey[];
}

export const FIGURE_KEYS: readonly FigureKey[] = orderKeys(Object.keys(FIGURES));

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
export type Results = { meta: Meta } & Partial<Record<FigureKey, StoredFigure>>;

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
    if (stored) out[key] = stored;
  }
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  return out;
}
