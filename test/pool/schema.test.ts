import { describe, expect, it } from "vitest";
import { parseEdgeConfig } from "../../src/schema/index.ts";
import { PoolSchema } from "../../src/schema/pool.ts";
import { RetrySchema } from "../../src/schema/retry.ts";

const origin = (name: string, port = 9101) => ({ name, url: `http://127.0.0.1:${port}` });

function issuesOf(pools: unknown) {
  const r = parseEdgeConfig({ version: "1", pools });
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("pool schema", () => {
  it("fills sensible defaults", () => {
    const p = PoolSchema.parse({ origins: [origin("a")] });
    expect(p.balance).toEqual({ policy: "round_robin" });
    expect(p.minHealthy).toBe(1);
    expect(p.affinity).toBeUndefined();
    expect(p.health).toBeUndefined();
    expect(p.outlier).toBeUndefined();
    expect(p.origins[0]!.weight).toBe(1);
  });

  it("fills affinity, health and outlier defaults", () => {
    const p = PoolSchema.parse({
      origins: [origin("a"), origin("b", 9102)],
      balance: { policy: "hash", hashOn: { header: "x-user" } },
      affinity: { type: "cookie" },
      health: {},
      outlier: {},
    });
    expect(p.affinity).toEqual({
      type: "cookie",
      name: "__edge_aff",
      ttlSeconds: 3600,
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
    });
    expect(p.health).toEqual({
      path: "/",
      method: "GET",
      headers: {},
      expectedStatus: ["2xx"],
      timeoutMs: 5000,
      rise: 2,
      fall: 2,
    });
    expect(p.outlier).toEqual({
      consecutive5xx: 5,
      consecutiveConnectFailures: 3,
      baseEjectionMs: 30_000,
      maxEjectionMs: 300_000,
      maxEjectionPercent: 50,
    });
  });

  it("reports each bad field at its JSON path", () => {
    const issues = issuesOf({
      api: {
        origins: [origin("a"), { name: "a", url: "ftp://x" }],
        balance: { policy: "fastest", hashOn: "client_ip" },
        minHealthy: 3,
        affinity: { type: "cookie", name: "bad name", ttlSeconds: 5, sameSite: "lax" },
        health: {
          path: "health",
          expectedStatus: ["2xx", "600", "300-200", 99],
          timeoutMs: 10,
          rise: 0,
          headers: { Host: "x", "bad header": "v" },
        },
        outlier: { baseEjectionMs: 10_000, maxEjectionMs: 1000, maxEjectionPercent: 120 },
      },
    });
    const expectAt = (path: string, re: RegExp) =>
      expect(
        issues.some((i) => i.startsWith(`${path}: `) && re.test(i)),
        `${path} ${re} in\n${issues.join("\n")}`,
      ).toBe(true);
    expectAt("$.pools.api.origins[1].url", /http/);
    expectAt("$.pools.api.balance.policy", /round_robin/);
    expectAt("$.pools.api.affinity.name", /cookie name/);
    expectAt("$.pools.api.affinity.ttlSeconds", /30/);
    expectAt("$.pools.api.affinity.sameSite", /Strict/);
    expectAt("$.pools.api.health.path", /start with \//);
    expectAt("$.pools.api.health.expectedStatus[1]", /status code/);
    expectAt("$.pools.api.health.expectedStatus[2]", /range start/);
    expectAt("$.pools.api.health.expectedStatus[3]", /./);
    expectAt("$.pools.api.health.timeoutMs", /100/);
    expectAt("$.pools.api.health.rise", /1/);
    expectAt("$.pools.api.health.headers.Host", /set by the runtime/);
    expectAt('$.pools.api.health.headers["bad header"]', /header name/);
    expectAt("$.pools.api.outlier.maxEjectionPercent", /100/);
  });

  it("checks cross-field rules with paths", () => {
    const expectIssue = (pools: unknown, path: string, re: RegExp) => {
      const issues = issuesOf(pools);
      expect(
        issues.some((i) => i.startsWith(`${path}: `) && re.test(i)),
        issues.join("\n"),
      ).toBe(true);
    };
    expectIssue(
      { p: { origins: [origin("a"), origin("a", 2)] } },
      "$.pools.p.origins[1].name",
      /duplicate origin name "a"/,
    );
    expectIssue({ p: { origins: [origin("a")], minHealthy: 2 } }, "$.pools.p.minHealthy", /only 1 origin/);
    expectIssue(
      { p: { origins: [origin("a")], balance: { policy: "random", hashOn: "client_ip" } } },
      "$.pools.p.balance.hashOn",
      /only to policy "hash"/,
    );
    expectIssue(
      { p: { origins: [origin("a")], outlier: { baseEjectionMs: 5000, maxEjectionMs: 1000 } } },
      "$.pools.p.outlier.maxEjectionMs",
      /baseEjectionMs/,
    );
    expectIssue(
      { p: { origins: [origin("a")], health: { method: "HEAD", expectedBody: "ok" } } },
      "$.pools.p.health.expectedBody",
      /GET/,
    );
    expectIssue({ p: { origins: [origin("a")], affinity: { type: "sticky" } } }, "$.pools.p.affinity.type", /./);
  });

  it("accepts each hashOn form", () => {
    for (const hashOn of ["client_ip", { header: "x-user" }, { cookie: "sid" }, { query: "user" }]) {
      expect(issuesOf({ p: { origins: [origin("a")], balance: { policy: "hash", hashOn } } })).toEqual([]);
    }
    expect(
      issuesOf({ p: { origins: [origin("a")], balance: { policy: "hash", hashOn: { header: "x", cookie: "y" } } } })
        .length,
    ).toBeGreaterThan(0);
  });
});

describe("retry schema", () => {
  it("has safe defaults", () => {
    expect(RetrySchema.parse(undefined)).toEqual({
      attempts: 2,
      retryOn: ["connect-failure"],
      backoff: { baseMs: 25, maxMs: 250 },
      budget: { percent: 20, minPerSecond: 3 },
      bufferBodyBytes: 65_536,
      idempotentOnly: true,
    });
  });

  it("normalizes numeric status strings and rejects unknown outcomes", () => {
    expect(RetrySchema.parse({ retryOn: ["reset", "503", 429, "gateway-error"] }).retryOn).toEqual([
      "reset",
      503,
      429,
      "gateway-error",
    ]);
    const r = RetrySchema.safeParse({ retryOn: ["sometimes"], attempts: 0, backoff: { baseMs: 100, maxMs: 10 } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["retryOn.0", "attempts", "backoff.maxMs"]));
    expect(r.error!.issues.find((i) => i.path.join(".") === "retryOn.0")!.message).toMatch(/connect-failure/);
  });
});
