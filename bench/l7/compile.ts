/**
 * l7.compile: ms to validate and compile 1,000 and 10,000 routes. Each sample is a fresh process,
 * because cold start is what this costs a Worker; judged on the cold median for 10,000 routes.
 * Validation (the schema kit) and compilation are timed separately so a miss says which half to fix.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "../lib/procs.ts";
import { formatHot, summariseProfiles } from "../lib/profile.ts";
import { median, round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";

export const COMPILE_BUDGET_MS = 50;
const CHILD = join(import.meta.dirname, "compile-child.ts");
type Sample = Record<string, number> & { error?: never };

async function sample(n: number, nodeArgs: string[] = [], extra: string[] = []): Promise<Sample | string> {
  const res = await run(`compile-${n}`, process.execPath, [...nodeArgs, CHILD, String(n), ...extra], {
    timeoutMs: 90_000,
  });
  const line = res.stdout.trim().split("\n").pop() ?? "";
  try {
    const parsed = JSON.parse(line) as Sample | { error: string };
    const since = /^since (\d+)/m.exec(res.stdout)?.[1];
    if (since && !("error" in parsed)) (parsed as Sample).since = Number(since);
    return "error" in parsed && parsed.error ? parsed.error : (parsed as Sample);
  } catch {
    return `no result (exit ${res.code}): ${res.stderr.slice(-300)}`;
  }
}

async function profileCompile(): Promise<string[]> {
  const dir = join(import.meta.dirname, "..", "tmp", "prof", "compile");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = await sample(10_000, ["--cpu-prof", `--cpu-prof-dir=${dir}`], ["3"]);
  if (typeof r === "string") return [`profile failed: ${r}`];
  const { hot, totalSamples } = summariseProfiles(dir, 12, undefined, r.since);
  return [
    `profile of validate+compile of 10,000 routes, repeated ~3 s (node --cpu-prof, ${totalSamples} samples, self time; bench/tmp/prof/compile):`,
    ...formatHot(hot).map((l) => `  ${l}`),
  ];
}

export async function compileFigure(quick: boolean, profile: boolean, log: (s: string) => void): Promise<FigureResult> {
  const { unit, target } = FIGURES["l7.compile"]!;
  const samples: Record<string, number[]> = {};
  const notes: string[] = [];
  for (let r = 0; r < (quick ? 2 : 5); r++) {
    for (const n of [1000, 10_000]) {
      const s = await sample(n);
      if (typeof s === "string") {
        if (!notes.includes(s)) notes.push(s);
        continue;
      }
      for (const [k, v] of Object.entries(s)) (samples[`${n}/${k}`] ??= []).push(v);
    }
  }
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round3(median(v))]));
  const cold10k = medians["10000/cold"];
  const ratio = cold10k === undefined ? null : round3(cold10k / COMPILE_BUDGET_MS);
  const met = judge(ratio, target);
  if (cold10k !== undefined) {
    notes.unshift(
      `cold = first validate+compile in a fresh process; warm = median of 5 repeats; validate = parseEdgeConfig, compile = compileRouteTable`,
    );
    log(
      `  l7.compile: 10k cold ${cold10k} ms (validate ${medians["10000/coldValidate"]}, compile ${medians["10000/coldCompile"]}), 1k cold ${medians["1000/cold"]} ms`,
    );
  }
  if (met === false && profile) notes.push(...(await profileCompile()));
  return { key: "l7.compile", unit, medians, ratio, target, met, samples, notes };
}
