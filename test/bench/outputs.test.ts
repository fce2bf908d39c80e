import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../bench/lib/args.ts";
import { missingToolsMessage } from "../../bench/lib/deps.ts";
import { recordReports, scratchReports } from "../../bench/lib/outputs.ts";

const dir = mkdtempSync(join(tmpdir(), "bench-out-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench outputs", () => {
  it("records only with --record and installs only with --install", () => {
    expect(parseArgs([])).toMatchObject({ record: false, install: false });
    expect(parseArgs(["--record", "--install"])).toMatchObject({ record: true, install: true });
  });

  it("writes a run to tmp/ and leaves the tracked reports untouched until recorded", () => {
    writeFileSync(join(dir, "results.json"), '{"meta":"recorded"}\n');
    const out = scratchReports(dir);
    expect(out.results).toBe(join(dir, "tmp", "results.json"));
    // A partial run merges onto the recorded results, copied into tmp.
    expect(readFileSync(out.results, "utf8")).toBe('{"meta":"recorded"}\n');
    writeFileSync(out.results, '{"meta":"new"}\n');
    writeFileSync(out.markdown, "# new\n");
    writeFileSync(out.chart, "<svg/>\n");
    expect(readFileSync(join(dir, "results.json"), "utf8")).toBe('{"meta":"recorded"}\n');
    expect(existsSync(join(dir, "RESULTS.md"))).toBe(false);
    // The scratch copy is the base of the next run, not the recorded one.
    expect(readFileSync(scratchReports(dir).results, "utf8")).toBe('{"meta":"new"}\n');

    expect(recordReports(dir)).toEqual(["bench/results.json", "bench/RESULTS.md", "bench/chart.svg"]);
    expect(readFileSync(join(dir, "results.json"), "utf8")).toBe('{"meta":"new"}\n');
    expect(readFileSync(join(dir, "chart.svg"), "utf8")).toBe("<svg/>\n");
  });

  it("names the missing tools and the apt-get command", () => {
    expect(missingToolsMessage(["wrk", "redis-benchmark"])).toBe(
      "missing wrk, redis-benchmark: install with `sudo apt-get install wrk redis-tools` or run `npm run bench -- --install`",
    );
  });

  it("stops before measuring when a tool is missing and --install is not given", () => {
    // An empty PATH hides every tool: the run must stop at once with the command, not call apt-get.
    const r = spawnSync(process.execPath, ["bench/run.ts", "--only", "l4.iperf1"], {
      encoding: "utf8",
      env: { PATH: "/nonexistent", HOME: process.env.HOME },
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bench: missing .*iperf3.*: install with `sudo apt-get install .*iperf3.*`/);
    expect(r.stdout).not.toContain("installing");
  });
});
