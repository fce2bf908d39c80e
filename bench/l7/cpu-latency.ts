/**
 * l7.cpu_us and l7.p99: workerd CPU time per request and p99 latency, taken from the same
 * interleaved wrk runs as l7.throughput (no extra load), medians over the rounds.
 */
import { median, round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";

/** The contenders of the l7.throughput run, each in its own `workerd serve`. */
/**
 * `router_no_log`: the default worker's bundle with `settings.accessLog.sample: 0` in its table (errors
 * are still logged): not judged, it shows what the per-request access-log line costs in the same rounds.
 */
export const CONTENDERS = ["router", "router_no_log", "bare_handler", "bare", "peer"] as const;
export type Contender = (typeof CONTENDERS)[number];
export type PerContender = Record<Contender, number[]>;

/** The name reports use: "ours" is the default (Hono) worker. */
export const label = (n: Contender): string =>
  n === "router" ? "ours" : n === "router_no_log" ? "ours_access_log_off" : n;

export function perContender(): PerContender {
  return Object.fromEntries(CONTENDERS.map((n) => [n, [] as number[]])) as PerContender;
}

const medianOf = (xs: readonly number[]) => round3(median(xs));

/** All contenders' medians under report names, for context next to the judged pair. */
function allContenders(per: PerContender): Record<string, number> {
  return Object.fromEntries(CONTENDERS.map((n) => [label(n), medianOf(per[n])]));
}

const byLabel = (per: PerContender): Record<string, number[]> =>
  Object.fromEntries(CONTENDERS.map((n) => [label(n), per[n].map(round3)]));

/**
 * l7.cpu_us: ours − bare in workerd CPU µs per request (user + system of the workerd process, read
 * from /proc before and after each wrk run, ÷ the requests wrk completed). Judged: the difference of
 * the medians, against an amount in µs rather than a ratio.
 */
export function cpuFigure(cpuUs: PerContender): FigureResult {
  const { unit, target } = FIGURES["l7.cpu_us"]!;
  const ours = medianOf(cpuUs.router);
  const bare = medianOf(cpuUs.bare);
  const diff = cpuUs.router.length && cpuUs.bare.length ? round3(ours - bare) : null;
  const minusBare = (n: Contender) => (cpuUs[n].length && cpuUs.bare.length ? round3(medianOf(cpuUs[n]) - bare) : null);
  // Rounds are paired only when no contender lost a sample (a failed wrk run).
  const paired =
    cpuUs.router.length === cpuUs.bare.length ? cpuUs.router.map((x, i) => round3(x - cpuUs.bare[i]!)) : [];
  return {
    key: "l7.cpu_us",
    unit,
    medians: diff === null ? {} : { ours, bare, "ours − bare": diff },
    ratio: diff,
    target,
    met: judge(diff, target),
    samples: byLabel(cpuUs),
    cases: {
      "all (CPU µs per request)": allContenders(cpuUs),
      "minus bare (µs per request)": {
        ours: diff,
        ours_access_log_off: minusBare("router_no_log"),
        bare_handler: minusBare("bare_handler"),
        peer: minusBare("peer"),
      },
      ...(paired.length ? { "ours − bare per round (µs)": paired.join(", ") } : {}),
    },
    notes: [
      "workerd CPU time (user + system, all threads, /proc/<pid>/stat) from just before to just after each l7.throughput wrk run, ÷ the requests wrk completed; median over the interleaved rounds",
      "judged: median(ours) − median(bare) in µs per request (not a ratio); bare_handler and peer for context",
    ],
  };
}

/** l7.p99: ours ÷ bare p99 latency, each wrk run's own p99 (wrk --latency), median over the rounds. */
export function p99Figure(p99ms: PerContender, p50ms: PerContender): FigureResult {
  const { unit, target } = FIGURES["l7.p99"]!;
  const ours = medianOf(p99ms.router);
  const bare = medianOf(p99ms.bare);
  const ratio = p99ms.router.length && p99ms.bare.length && bare > 0 ? round3(ours / bare) : null;
  const p50 = allContenders(p50ms);
  return {
    key: "l7.p99",
    unit,
    medians: ratio === null ? {} : { ours, bare },
    ratio,
    target,
    met: judge(ratio, target),
    samples: byLabel(p99ms),
    cases: {
      "all (p99 ms)": allContenders(p99ms),
      "all (p50 ms)": p50,
      // The median latency, for reading the tail ratio: a bare worker with a worse tail can "meet" p99.
      "p50 ours ÷ bare": p50.ours! > 0 && p50.bare! > 0 ? round3(p50.ours! / p50.bare!) : null,
    },
    notes: [
      "wrk --latency percentiles of the l7.throughput runs (1 thread, 16 connections, closed loop, same paths); each run's p99, median over the interleaved rounds",
      "a closed loop keeps each worker saturated, so latency includes queueing in workerd and p99 moves with throughput; wrk does not correct for coordinated omission",
      "on a shared 2-core machine the tail is mostly scheduling (wrk, workerd and the origin compete for the cores): read p99 next to p50, and only a clear ratio as a signal",
    ],
  };
}
