import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitForListen } from "../../bench/lib/net.ts";
import { summariseProfiles } from "../../bench/lib/profile.ts";
import type { FigureResult } from "../../bench/lib/types.ts";
import { chartRows, writeChart } from "../../bench/report/chart.ts";
import { writeMarkdown } from "../../bench/report/markdown.ts";
import { type Meta, mergeResults, orderKeys, type Results } from "../../bench/report/results.ts";

const meta = (only: string[] = []): Meta => ({
  date: "2026-01-01T00:00:00.000Z",
  cores: 2,
  cpuModel: "x",
  node: "v24",
  tools: {},
  mode: "full",
  only,
  durationS: 1,
});
const fig = (key: string, ratio: number, met: boolean): FigureResult => ({
  key,
  unit: "req/s",
  medians: { haproxy: 100, relay: 100 * ratio },
  ratio,
  target: { op: ">=", value: 0.9, of: "relay / haproxy" },
  met,
  notes: ["a note"],
});

describe("bench reports", () => {
  it("writes every measured figure under its key and keeps earlier figures on --only runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-"));
    const path = join(dir, "results.json");
    mergeResults(path, meta(), [fig("l4.redis", 0.8, false), fig("l4.iperf1", 0.95, true)]);
    const second = mergeResults(path, { ...meta(["l4.redis"]), date: "2026-01-02T00:00:00.000Z" }, [
      fig("l4.redis", 0.92, true),
    ]);
    expect(second["l4.redis"]).toMatchObject({ ratio: 0.92, met: true, measuredAt: "2026-01-02T00:00:00.000Z" });
    expect(second["l4.iperf1"]).toMatchObject({ ratio: 0.95, measuredAt: "2026-01-01T00:00:00.000Z" });
    expect(Object.keys(JSON.parse(readFileSync(path, "utf8")))).toEqual(["meta", "l4.iperf1", "l4.redis"]);
  });

  it("renders the table and a well-formed chart with one bar per ratio", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-"));
    const r = mergeResults(join(dir, "results.json"), meta(), [
      fig("l4.redis", 0.8, false),
      fig("l4.iperf1", 0.95, true),
    ]);
    writeMarkdown(join(dir, "RESULTS.md"), r);
    const md = readFileSync(join(dir, "RESULTS.md"), "utf8");
    expect(md).toMatch(/\| l4\.redis \| .* \| 0\.800 \| >= 0\.9 \| MISSED \|/);
    expect(md).toMatch(/\| l4\.iperf1 \| .* \| 0\.950 \| >= 0\.9 \| met \|/);
    writeChart(join(dir, "chart.svg"), r);
    const svg = readFileSync(join(dir, "chart.svg"), "utf8");
    expect(chartRows(r)).toHaveLength(2);
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg.startsWith("<svg") && svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("puts a figure the report does not know next to its family", () => {
    const known = ["l7.match", "l7.throughput", "l4.redis", "l7.match.conditions", "l4.connect_rate", "l4.p99", "x.y"];
    expect(orderKeys(known)).toEqual([
      "l7.match",
      "l7.match.conditions",
      "l7.throughput",
      "l4.redis",
      "l4.connect_rate",
      "l4.p99",
      "x.y",
    ]);
  });

  it("draws an amount target (µs) as value ÷ target with its tick at 1, and prints the unit", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-"));
    const cpu: FigureResult = {
      key: "l7.cpu_us",
      unit: "workerd CPU µs/request",
      medians: { ours: 239, bare: 145, "ours − bare": 94 },
      ratio: 94,
      target: { op: "<=", value: 25, unit: "µs", of: "ours − bare" },
      met: false,
      notes: [
        "profile of our worker in workerd (V8 inspector, 10 samples under wrk, self time; x):",
        "  50.0% hot (a.ts:1)",
      ],
    };
    const r = mergeResults(join(dir, "results.json"), meta(), [cpu, fig("l4.redis", 0.8, false)]);
    const rows = chartRows(r);
    expect(rows[0]).toMatchObject({ label: "l7.cpu_us *", bar: 94 / 25, tick: 1, scaled: true });
    expect(rows[0]!.text).toBe("94.0 µs (<= 25 µs) missed");
    expect(rows[1]).toMatchObject({ label: "l4.redis", bar: 0.8, tick: 0.9, scaled: false });
    writeChart(join(dir, "chart.svg"), r);
    expect(readFileSync(join(dir, "chart.svg"), "utf8")).toContain("bar = value ÷ target");
    writeMarkdown(join(dir, "RESULTS.md"), r);
    const md = readFileSync(join(dir, "RESULTS.md"), "utf8");
    expect(md).toMatch(
      /\| l7\.cpu_us \| .* \| ours 239, bare 145, ours − bare 94\.0 workerd CPU µs\/request \| 94\.0 µs \| <= 25 µs \| MISSED \|/,
    );
    expect(md).toContain("**l7.cpu_us**: value 94.0 µs (target <= 25 µs). Top of profile: 50.0% hot (a.ts:1).");
  });

  it("gives a sub-case with its own target a row, unless it is stored as a figure of its own", () => {
    const match: FigureResult = {
      ...fig("l7.match", 0.86, true),
      cases: { conditions: { ratio: 2.26, target: { op: "<=", value: 2, of: "conditions / path-only" }, met: false } },
    };
    const r = mergeResults(join(mkdtempSync(join(tmpdir(), "bench-")), "results.json"), meta(), [match]);
    expect(chartRows(r).map((x) => [x.label, x.bar, x.met])).toEqual([
      ["l7.match", 0.86, true],
      ["l7.match (conditions)", 2.26, false],
    ]);
    const separate = { ...r, "l7.match.conditions": { ...r["l7.match"]!, key: "l7.match.conditions" } } as Results;
    expect(chartRows(separate).map((x) => x.label)).not.toContain("l7.match (conditions)");
  });

  it("gives l7.match.conditions its own row, bar and line in the per-table details", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-"));
    const cond: FigureResult = {
      key: "l7.match.conditions",
      unit: "ns/decision",
      medians: { "ours-path-only": 250, "ours-conditions": 450 },
      ratio: 1.8,
      target: { op: "<=", value: 2, of: "ours with conditions / ours path-only (GitHub table)" },
      met: true,
      cases: { routes: 1772, requests: 4000 },
      notes: [],
    };
    const match: FigureResult = {
      ...fig("l7.match", 0.9, true),
      unit: "ns/decision",
      target: { op: "<=", value: 1, of: "ours / hono-regexp" },
    };
    const r = mergeResults(join(dir, "results.json"), meta(), [match, cond]);
    writeMarkdown(join(dir, "RESULTS.md"), r);
    const md = readFileSync(join(dir, "RESULTS.md"), "utf8");
    expect(md).toMatch(/\| l7\.match\.conditions \| .* \| 1\.80 \| <= 2 \| met \|/);
    expect(md).toMatch(/\| GitHub with conditions \(l7\.match\.conditions\) \| 1772 \| 450 \(path-only 250\)/);
    expect(chartRows(r).map((row) => row.label)).toEqual(["l7.match", "l7.match.conditions"]);
  });

  it("ranks profile functions by self time, leaving out idle and samples before a cut", () => {
    const dir = mkdtempSync(join(tmpdir(), "prof-"));
    mkdirSync(dir, { recursive: true });
    const frame = (id: number, functionName: string) => ({
      id,
      callFrame: { functionName, url: "file:///x/a.js", lineNumber: id, columnNumber: 0 },
    });
    writeFileSync(
      join(dir, "a.cpuprofile"),
      JSON.stringify({
        nodes: [frame(1, "(idle)"), frame(2, "hot"), frame(3, "warm"), frame(4, "startup")],
        startTime: 1000,
        samples: [4, 4, 2, 2, 2, 3, 1, 1],
        timeDeltas: [10, 10, 100, 10, 10, 10, 10, 10],
      }),
    );
    const { hot, totalSamples } = summariseProfiles(dir, 5, undefined, 1100);
    expect(totalSamples).toBe(4);
    expect(hot.map((h) => [h.fn, h.selfPct])).toEqual([
      ["hot", 75],
      ["warm", 25],
    ]);
  });

  it("sees a listener without connecting to it", async () => {
    const server = createServer();
    let connections = 0;
    server.on("connection", () => connections++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    await waitForListen(port, 5000);
    expect(connections).toBe(0);
    await new Promise((r) => server.close(r));
    await expect(waitForListen(port, 200)).rejects.toThrow(/nothing listens/);
  });
});
