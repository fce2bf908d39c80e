import { describe, expect, it } from "vitest";
import { DASHBOARD_SCRIPT } from "../../src/admin/ui/page.ts";
import { sampled } from "../../src/observe/access-log.ts";
import { Histogram, LATENCY_BUCKETS_MS } from "../../src/observe/histogram.ts";
import { RequestRecord } from "../../src/observe/request-record.ts";
import { EdgeStats, statsJson } from "../../src/observe/stats.ts";
import { reportUrlOf } from "../../src/relay/control/report.ts";

describe("latency histogram", () => {
  it("puts a sample in the first bucket whose bound is >= it, and estimates quantiles by bucket bound", () => {
    const h = new Histogram();
    for (const ms of [0, 1, 3, 3, 7, 40, 40, 40, 90, 20_000]) h.record(ms);
    const j = h.toJSON();
    expect(j.buckets).toBe(LATENCY_BUCKETS_MS);
    expect(j.counts.slice(0, 8)).toEqual([2, 0, 2, 1, 0, 3, 1, 0]);
    expect(j.counts.at(-1)).toBe(1);
    expect(j.p50).toBe(10); // the 5th of 10 samples is 7 ms: bucket <= 10
    expect(j.p99).toBe(10_000);
    expect(new Histogram().toJSON().p50).toBeNull();
  });
});

describe("stats", () => {
  it("counts per route key and status class, and merges live origin state", () => {
    const s = new EdgeStats();
    const r = new RequestRecord("id", "GET", "https://x/", 0);
    r.virtualHost = "vh";
    r.route = "r";
    r.version = "v1";
    r.status = 503;
    s.request(r, 12);
    r.status = 200;
    s.request(r, 3);
    s.attempt("p", "o", 12, false);
    const j = statsJson(s, new Map([["p/idle", { inFlight: 2, ejected: true }]]));
    expect(j.version).toBe("v1");
    expect(j.routes["vh/r"]).toMatchObject({ requests: 2, status: { "2xx": 1, "5xx": 1 } });
    expect(j.origins["p/o"]).toMatchObject({ requests: 1, errors: 1, inFlight: 0, ejected: false });
    expect(j.origins["p/idle"]).toMatchObject({ requests: 0, inFlight: 2, ejected: true });
  });
});

describe("access-log sampling", () => {
  const rec = (status: number, error: string | null = null) => {
    const r = new RequestRecord("id", "GET", "u", 0);
    r.status = status;
    r.error = error;
    return r;
  };
  it("keeps errors whatever the sample, and samples the rest", () => {
    expect(sampled(rec(200), 0, () => 0)).toBe(false);
    expect(sampled(rec(200), 0.5, () => 0.4)).toBe(true);
    expect(sampled(rec(200), 0.5, () => 0.6)).toBe(false);
    expect(sampled(rec(502), 0, () => 1)).toBe(true);
    expect(sampled(rec(404, "NO_ROUTE"), 0, () => 1)).toBe(true);
  });
});

describe("dashboard and relay helpers", () => {
  it("the dashboard script parses and has no template-literal breakers", () => {
    expect(() => new Function(DASHBOARD_SCRIPT)).not.toThrow();
  });
  it("derives the report URL from the config URL", () => {
    expect(reportUrlOf("https://edge.example/_edge/config?x=1")).toBe("https://edge.example/_edge/relays/report");
    expect(reportUrlOf("https://edge.example/routes.json")).toBeUndefined();
  });
});
