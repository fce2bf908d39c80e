/**
 * `npm run bench`: every figure of issue 5 side by side in one run, bounded to 12 minutes (`--budget-s`), loopback
 * only, stopping everything it starts (process groups, also on Ctrl-C). Writes results.json, RESULTS.md
 * and chart.svg to bench/tmp/, and over the tracked bench/ copies only with --record. Options: see
 * bench/lib/args.ts (`--quick`, `--only l4.redis`, `--record`, `--install`).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { connectGroup, idleGroup, iperfGroup, redisGroup } from "./l4/groups.ts";
import { compileGroup, matchGroup, policyGroup, regexGroup, workerGroup } from "./l7/groups.ts";
import { parseArgs } from "./lib/args.ts";
import { ensureTools, has, missingToolsMessage } from "./lib/deps.ts";
import type { FigureGroup, GroupContext } from "./lib/group.ts";
import { releaseLock, takeLock } from "./lib/lock.ts";
import { recordReports, scratchReports } from "./lib/outputs.ts";
import { killAllNow, LOG_DIR, stopAll } from "./lib/procs.ts";
import { FIGURES } from "./lib/targets.ts";
import { type FigureResult, selected, unmeasured } from "./lib/types.ts";
import { writeChart } from "./report/chart.ts";
import { judgedText, targetText, verdict } from "./report/format.ts";
import { writeMarkdown } from "./report/markdown.ts";
import { type Meta, machineMeta, mergeResults } from "./report/results.ts";

const HERE = import.meta.dirname;
// Order matters: idle connections need ephemeral ports that redis -k 0 leaves in TIME_WAIT.
const GROUPS: FigureGroup[] = [
  matchGroup,
  regexGroup,
  compileGroup,
  workerGroup,
  policyGroup,
  idleGroup,
  iperfGroup,
  redisGroup,
  connectGroup,
];

const started = Date.now();
const opts = parseArgs(process.argv.slice(2), started);
// Never install system packages unasked: name what is missing and how to install it, then stop.
const needed = [...new Set(GROUPS.filter((g) => g.keys.some((k) => selected(opts, k))).flatMap((g) => g.tools))];
const absent = needed.filter((c) => !has(c));
if (absent.length && !opts.install) {
  console.error(`bench: ${missingToolsMessage(absent)}`);
  process.exit(2);
}
const LOCK = join(HERE, "tmp", "bench.lock");
const holder = takeLock(LOCK);
if (holder !== null) {
  console.error(
    `another bench run (pid ${holder}) is in progress: two runs would disturb each other's numbers and files; wait for it or stop it`,
  );
  process.exit(1);
}
process.env.WRANGLER_SEND_METRICS = "false";
const log = (s: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${s}`);

let finishing = false;
async function shutdown(signal: string): Promise<never> {
  if (!finishing) {
    finishing = true;
    log(`${signal}: stopping everything the bench started`);
    await stopAll();
  }
  process.exit(130);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("exit", () => {
  killAllNow();
  releaseLock(LOCK);
});
// Hard stop: whatever runs at the deadline is killed and the results so far are written.
const hardStop = setTimeout(() => {
  log("time budget exhausted: stopping running processes");
  void stopAll();
}, opts.budgetMs + 5_000);
hardStop.unref();

const ctx: GroupContext = { opts, log, remainingMs: () => opts.deadline - Date.now() };
const figures: FigureResult[] = [];
// Keep ~20 s for writing the reports and stopping processes.
const reserveMs = 20_000;

// Logs of every process started (bench/tmp/logs/<name>.log) are from this run only.
rmSync(LOG_DIR, { recursive: true, force: true });
mkdirSync(join(HERE, "tmp"), { recursive: true });
log(
  `mode ${opts.quick ? "quick" : "full"}${opts.only.length ? `, only ${opts.only.join(",")}` : ""}, budget ${opts.budgetMs / 1000} s, relay workers ${opts.relayWorkers}`,
);

for (const g of GROUPS) {
  const keys = g.keys.filter((k) => selected(opts, k));
  if (keys.length === 0) continue;
  const skip = (why: string) => {
    for (const k of keys) figures.push(unmeasured(k, FIGURES[k]!.unit, FIGURES[k]!.target, why));
    log(`${g.name}: skipped (${why})`);
  };
  const missing = ensureTools(g.tools, log);
  if (missing.length) {
    skip(`missing tools after apt-get install: ${missing.join(", ")}`);
    continue;
  }
  const estimate = g.estimateS(opts.quick, keys) * 1000;
  if (ctx.remainingMs() - reserveMs < estimate) {
    skip(
      `time budget: ~${Math.round(estimate / 1000)} s needed, ${Math.round((ctx.remainingMs() - reserveMs) / 1000)} s left`,
    );
    continue;
  }
  log(`${g.name}: ${keys.join(", ")}`);
  const t0 = Date.now();
  try {
    const out = await g.run(ctx, keys);
    figures.push(...out);
    for (const f of out)
      log(`  ${f.key}: ${f.target.unit ? "" : "ratio "}${judgedText(f)} (target ${targetText(f)}) ${verdict(f)}`);
  } catch (e) {
    const msg = (e as Error).message.split("\n").slice(0, 4).join(" | ");
    log(`${g.name} failed: ${msg}`);
    for (const k of keys) figures.push(unmeasured(k, FIGURES[k]!.unit, FIGURES[k]!.target, `failed: ${msg}`));
  } finally {
    await stopAll();
  }
  log(`${g.name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

clearTimeout(hardStop);
const meta: Meta = {
  ...machineMeta(),
  mode: opts.quick ? "quick" : "full",
  only: opts.only,
  durationS: Math.round((Date.now() - started) / 1000),
};
const out = scratchReports(HERE);
const results = mergeResults(out.results, meta, figures);
writeMarkdown(out.markdown, results);
writeChart(out.chart, results);
log(`wrote bench/tmp/results.json, RESULTS.md, chart.svg (${meta.durationS} s)`);
if (opts.record) log(`recorded ${recordReports(HERE).join(", ")}`);
else
  log("not recorded (tracked files unchanged); `--record` copies them over bench/results.json, RESULTS.md, chart.svg");
process.exit(0);
