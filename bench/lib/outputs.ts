/**
 * Where a bench run writes its reports. Every run writes to bench/tmp/ (ignored by git); only
 * `--record` copies them over the tracked bench/results.json, RESULTS.md and chart.svg, so an
 * exploratory run never leaves the working tree modified.
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export const REPORT_FILES = ["results.json", "RESULTS.md", "chart.svg"] as const;

export interface ReportPaths {
  results: string;
  markdown: string;
  chart: string;
}

export function reportPaths(dir: string): ReportPaths {
  return { results: join(dir, "results.json"), markdown: join(dir, "RESULTS.md"), chart: join(dir, "chart.svg") };
}

/**
 * Paths in `benchDir/tmp` for this run. A partial run (--only) merges onto the previous results:
 * the scratch copy when there is one, else the recorded file, copied into tmp first.
 */
export function scratchReports(benchDir: string): ReportPaths {
  const tmp = join(benchDir, "tmp");
  mkdirSync(tmp, { recursive: true });
  const paths = reportPaths(tmp);
  const recorded = join(benchDir, "results.json");
  if (!existsSync(paths.results) && existsSync(recorded)) copyFileSync(recorded, paths.results);
  return paths;
}

/** Copies the scratch reports over the tracked ones (--record); returns the files written. */
export function recordReports(benchDir: string): string[] {
  const written: string[] = [];
  for (const f of REPORT_FILES) {
    const from = join(benchDir, "tmp", f);
    if (!existsSync(from)) continue;
    copyFileSync(from, join(benchDir, f));
    written.push(`bench/${f}`);
  }
  return written;
}
