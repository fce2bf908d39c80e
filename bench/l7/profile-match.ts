/**
 * When the matcher misses a target: replay the table concerned through our matcher alone, in a
 * child process under `node --cpu-prof`, and rank functions by self time. The path-only target
 * profiles its worst table; l7.match.conditions profiles the conditions table.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "../lib/procs.ts";
import { formatHot, summariseProfiles } from "../lib/profile.ts";
import type { FigureResult } from "../lib/types.ts";

async function profileTable(table: string): Promise<string[]> {
  const dir = join(import.meta.dirname, "..", "tmp", "prof", `match-${table}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const res = await run(
    "match-profile",
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, join(import.meta.dirname, "match-profile.ts"), table],
    {
      timeoutMs: 60_000,
    },
  );
  if (res.code !== 0) return [`profile of ${table} failed (exit ${res.code}): ${res.stderr.slice(-300)}`];
  const since = Number(/^since (\d+)/m.exec(res.stdout)?.[1] ?? 0);
  const { hot, totalSamples } = summariseProfiles(dir, 12, undefined, since);
  return [
    `profile of ours on ${table} (node --cpu-prof, ${totalSamples} samples, self time; files in bench/tmp/prof/match-${table}):`,
    ...formatHot(hot).map((l) => `  ${l}`),
  ];
}

/** l7.match: the worst path-only table; l7.match.conditions: the conditions table. */
export async function profileMatch(f: FigureResult): Promise<string[]> {
  if (f.key === "l7.match.conditions") return profileTable("conditions");
  let worst = "github";
  let worstRatio = -1;
  for (const [name, c] of Object.entries(f.cases ?? {})) {
    const ratio = (c as { ratio?: number | null }).ratio;
    if (typeof ratio === "number" && ratio > worstRatio) [worst, worstRatio] = [name, ratio];
  }
  return profileTable(worst);
}
