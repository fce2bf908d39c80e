/**
 * Turns interleaved samples of direct / haproxy / relay into one figure judged as relay ÷ haproxy.
 * For each proxy it also records CPU time (user and kernel) per unit of work, which says whether
 * a gap comes from user-space work or from the kernel, independent of how busy the machine is.
 */

import { treeCpuMs } from "../lib/net.ts";
import { interleave, median, medians, round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge, type Target } from "../lib/types.ts";
import type { Contender } from "./contenders.ts";

export interface Measured {
  value: number;
  /** Work done in the sample, in `workUnit`s (e.g. GB moved, thousands of requests). */
  work: number;
  /** Other readings of the same sample (e.g. p50 beside a p99), reported as cases, never judged. */
  extra?: Record<string, number>;
}

export interface L4FigureOptions {
  /**
   * The work unit is a thousand connections: also write the proxies' CPU per connection in µs
   * (ms per 1,000 = µs per 1) as a note, relay beside HAProxy.
   */
  perConnection?: boolean;
}

export async function l4Figure(
  key: string,
  contenders: readonly Contender[],
  rounds: number,
  workUnit: string,
  measure: (c: Contender, round: number) => Promise<Measured | null>,
  options: L4FigureOptions = {},
): Promise<FigureResult> {
  const { unit, target } = FIGURES[key] ?? {
    unit: "",
    target: { op: ">=", value: 0.9, of: "relay / haproxy" } as Target,
  };
  const byName = new Map(contenders.map((c) => [c.name, c]));
  const cpu: Record<string, { user: number[]; sys: number[] }> = {};
  const extras: Record<string, Record<string, number[]>> = {};
  const samples = await interleave(
    contenders.map((c) => c.name),
    rounds,
    async (name, r) => {
      const c = byName.get(name as Contender["name"])!;
      const before = c.proc ? treeCpuMs(c.proc.pid) : undefined;
      const m = await measure(c, r);
      if (m && before && c.proc && m.work > 0) {
        const after = treeCpuMs(c.proc.pid);
        const e = (cpu[name] ??= { user: [], sys: [] });
        e.user.push((after.user - before.user) / m.work);
        e.sys.push((after.sys - before.sys) / m.work);
      }
      for (const [k, v] of Object.entries(m?.extra ?? {})) ((extras[k] ??= {})[name] ??= []).push(v);
      return m ? m.value : null;
    },
  );
  const med = medians(samples);
  const relay = med.relay;
  const haproxy = med.haproxy;
  const ratio =
    relay !== undefined && haproxy !== undefined && haproxy > 0 && Number.isFinite(relay)
      ? round3(relay / haproxy)
      : null;
  const cases: Record<string, unknown> = {};
  if (med.direct && Number.isFinite(med.direct)) {
    if (haproxy) cases["haproxy / direct"] = round3(haproxy / med.direct);
    if (relay && Number.isFinite(relay)) cases["relay / direct"] = round3(relay / med.direct);
  }
  if (med["node-pipe"] && haproxy) cases["node-pipe / haproxy"] = round3(med["node-pipe"] / haproxy);
  const cpuCase: Record<string, { user: number; sys: number }> = {};
  for (const [n, c] of Object.entries(cpu)) cpuCase[n] = { user: round3(median(c.user)), sys: round3(median(c.sys)) };
  if (Object.keys(cpuCase).length) cases[`proxy CPU ms per ${workUnit}`] = cpuCase;
  for (const [k, byName] of Object.entries(extras)) cases[k] = medianEach(byName);
  const notes: string[] = [];
  if (options.perConnection) notes.push(cpuPerConnectionNote(cpuCase));
  for (const [n, s] of Object.entries(samples))
    if (s.length < rounds) notes.push(`${n}: ${rounds - s.length} of ${rounds} samples failed`);
  const roundedMedians = Object.fromEntries(Object.entries(med).map(([k, v]) => [k, round3(v)]));
  return { key, unit, medians: roundedMedians, ratio, target, met: judge(ratio, target), samples, cases, notes };
}

function medianEach(byName: Record<string, number[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(byName).map(([n, v]) => [n, round3(median(v))]));
}

/** "proxy CPU per connection: relay 118 µs (user 61 + kernel 57), haproxy 88 µs (10 + 78)". */
function cpuPerConnectionNote(cpu: Record<string, { user: number; sys: number }>): string {
  const parts = ["relay", "haproxy", "node-pipe"]
    .filter((n) => cpu[n])
    .map((n) => {
      const { user, sys } = cpu[n]!;
      return `${n} ${round3(user + sys)} µs (user ${round3(user)} + kernel ${round3(sys)})`;
    });
  return parts.length
    ? `proxy CPU per connection (whole process tree, median of the rounds): ${parts.join(", ")}`
    : "proxy CPU per connection: not measured";
}
