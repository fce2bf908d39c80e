/**
 * `npm run bench -- [--quick] [--only l4.redis,l7] [--no-profile] [--relay-workers N|auto] [--budget-s 600]
 * [--record] [--install]`. Without --record the reports go to bench/tmp/ and no tracked file changes;
 * without --install a missing Debian tool is an error naming the apt-get command, never an install.
 */
import type { BenchOptions } from "./types.ts";

export interface CliOptions extends BenchOptions {
  relayWorkers: number | "auto";
  budgetMs: number;
  /** Copy the reports over the tracked bench/results.json, RESULTS.md and chart.svg. */
  record: boolean;
  /** Install missing Debian tools with apt-get instead of stopping with the command to run. */
  install: boolean;
}

export function parseArgs(argv: readonly string[], now = Date.now()): CliOptions {
  let quick = false;
  let profile = true;
  let relayWorkers: number | "auto" = "auto";
  let budgetMs = 720_000;
  let record = false;
  let install = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") quick = true;
    else if (a === "--no-profile") profile = false;
    else if (a === "--record") record = true;
    else if (a === "--install") install = true;
    else if (a.startsWith("--only"))
      only.push(
        ...value()
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else if (a.startsWith("--relay-workers")) {
      const v = value();
      relayWorkers = v === "auto" ? "auto" : Number(v);
      if (relayWorkers !== "auto" && !(Number.isInteger(relayWorkers) && relayWorkers >= 1))
        throw new Error(`--relay-workers must be a positive integer or auto, got ${v}`);
    } else if (a.startsWith("--budget-s")) {
      budgetMs = Number(value()) * 1000;
      if (!(budgetMs > 0 && budgetMs <= 900_000)) throw new Error("--budget-s must be in (0, 900]");
    } else if (a === "--help" || a === "-h") {
      console.log(
        "usage: npm run bench -- [--quick] [--only KEY[,KEY...]] [--no-profile] [--relay-workers N|auto] [--budget-s S] [--record] [--install]",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  return { quick, only, profile, relayWorkers, budgetMs, record, install, deadline: now + budgetMs };
}
