/** Times LoadedRouter passes: warm-up, calibration to a sample length, then interleaved rounds. */

import { interleave, medians, round3 } from "../lib/stats.ts";
import type { LoadedRouter } from "./baselines.ts";

let sink = 0;

/**
 * CPU time (user + system, all threads of this process) in ns. On a shared, oversubscribed machine
 * wall time also counts the slices the scheduler gives to other processes; CPU time does not.
 */
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function timePasses(r: LoadedRouter, passes: number): number {
  const t0 = cpuNs();
  for (let p = 0; p < passes; p++) sink += r.pass();
  return cpuNs() - t0;
}

export interface TimingPlan {
  rounds: number;
  /** Wall time of one sample per router (ns); passes are calibrated to reach it. */
  sampleNs: number;
  warmupNs: number;
}

/** Median ns per decision for each router; requests per pass = `perPass`. */
export async function timeRouters(
  routers: readonly LoadedRouter[],
  perPass: number,
  plan: TimingPlan,
): Promise<{ medians: Record<string, number>; samples: Record<string, number[]> }> {
  const passes = new Map<string, number>();
  for (const r of routers) {
    // Warm-up doubles as calibration: keep doubling until the warm-up budget is spent.
    let n = 1;
    let spent = 0;
    let last = 0;
    while (spent < plan.warmupNs) {
      last = timePasses(r, n) / n;
      spent += last * n;
      if (spent < plan.warmupNs) n = Math.min(n * 2, 1 << 16);
    }
    passes.set(r.name, Math.max(1, Math.round(plan.sampleNs / Math.max(last, 1))));
  }
  const byName = new Map(routers.map((r) => [r.name, r]));
  const samples = await interleave(
    routers.map((r) => r.name),
    plan.rounds + 1,
    async (name) => {
      const k = passes.get(name)!;
      const ns = timePasses(byName.get(name)!, k);
      return ns / (k * perPass);
    },
  );
  if (sink === -1) console.log(sink);
  // The first interleaved round still runs partly in lower JIT tiers: it is warm-up, not a sample.
  for (const k of Object.keys(samples)) samples[k] = samples[k]!.slice(1);
  const med = medians(samples);
  for (const k of Object.keys(med)) med[k] = round3(med[k]!);
  for (const k of Object.keys(samples)) samples[k] = samples[k]!.map(round3);
  return { medians: med, samples };
}
