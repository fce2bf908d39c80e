/**
 * l7.compile: ms to validate and compile 1,000 and 10,000 routes. Each sample is a fresh process,
 * because cold start is what this costs a Worker; judged on the cold median for 10,000 routes.
 */
import { join } from "node:path";
import { run } from "../lib/procs.ts";
import { median, round3 } from "../lib/stats.ts";
import { judge, type FigureResult, type Target } from "../lib/types.ts";

export const COMPILE_BUDGET_MS = 50;
const TARGET: Target = { op: "<=", value: 1.0, of: `cold ms for 10,000 routes / ${COMPILE_BUDGET_MS} ms budget` };

export async function compileFigure(quick: boolean, log: (s: string) => void): Promise<FigureResult> {
  const samples: Record<string, number[]> = {};
  const notes: string[] = [];
  const rounds = quick ? 2 : 5;
  const sizes = [1000, 10_000];
  for (let r = 0; r < rounds; r++) {
    for (const n of sizes) {
      const res = await run(`compile-${n}`, process.execPath, [join(import.meta.dirname, "compile-child.ts"), String(n)], { timeoutMs: 60_000 });
      const line = res.stdout.trim().split("\n").pop() ?? "";
      let parsed: { cold?: number; warm?: number; error?: string } = {};
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = { error: `no result (exit ${res.code}): ${res.stderr.slice(-300)}` };
      }
      if (parsed.error) {
        if (!notes.includes(parsed.error)) notes.push(parsed.error);
        continue;
      }
      (samples[`${n}/cold`] ??= []).push(parsed.cold!);
      (samples[`${n}/warm`] ??= []).push(parsed.warm!);
    }
  }
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round3(median(v))]));
  const cold10k = medians["10000/cold"];
  const ratio = cold10k === undefined ? null : round3(cold10k / COMPILE_BUDGET_MS);
  if (cold10k !== undefined) log(`  l7.compile: ${Object.entries(medians).map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
  return { key: "l7.compile", unit: "ms", medians, ratio, target: TARGET, met: judge(ratio, TARGET), samples, notes };
}
