import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { action, pool, send } from "./fixtures.ts";
import { startOrigins, type TestOrigin } from "./origins.ts";

/**
 * Issue 10, defect 3: outlier ejection must not turn a partial failure into a full outage. With real
 * fetch against real loopback origins: while one origin of the pool would answer, an idempotent
 * request does not fail.
 */
let o: TestOrigin[];
let a: TestOrigin, b: TestOrigin, c: TestOrigin;
beforeAll(async () => {
  o = await startOrigins(["a", "b", "c"]);
  [a, b, c] = o as [TestOrigin, TestOrigin, TestOrigin];
});
afterAll(async () => {
  await Promise.all(o.map((x) => x.close()));
});
beforeEach(() => {
  for (const x of o) Object.assign(x, { behave: "ok", hits: 0, bodies: [] });
});

const LONG = { baseEjectionMs: 600_000, maxEjectionMs: 600_000 };
/** Retries are not rationed here: the rule under test is about selection, not the budget. */
const retry = { attempts: 2, retryOn: ["connect-failure", "5xx"], budget: { percent: 100, minPerSecond: 10_000 } };

async function outcomes(pools: Parameters<typeof send>[0], act: Parameters<typeof send>[1], n: number) {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const key = await send(pools, act).then(
      (r) => `${r.origin}:${r.response.status}`,
      (e: { code?: string }) => `error:${e.code}`,
    );
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe("rolling restart with outlier detection", () => {
  it("a retry tries the ejected origin that recovered rather than fail on the one left", async () => {
    const pools = { p: pool([a, b], { outlier: { consecutive5xx: 1, consecutiveConnectFailures: 1, ...LONG } }) };
    const act = action({ pool: "p", retry });
    // a restarts: it fails once, is ejected, its requests are retried on b.
    a.behave = "reset";
    expect(await outcomes(pools, act, 4)).toEqual({ "b:200": 4 });
    // a is back (still ejected for 10 minutes); now b restarts. b cannot be ejected (cap: one of two).
    a.behave = "ok";
    b.behave = "reset";
    const res = await outcomes(pools, act, 10);
    expect(Object.keys(res).filter((k) => !k.endsWith(":200"))).toEqual([]);
    expect(a.hits).toBeGreaterThan(0);
  });
});

describe("panic threshold", () => {
  it("below panicThreshold of origins in rotation, the pool balances over all of them", async () => {
    const pools = {
      p: pool([a, b, c], { outlier: { consecutive5xx: 1, maxEjectionPercent: 100, ...LONG } }),
    };
    const act = action({ pool: "p", retry: { attempts: 1 } });
    a.behave = 500;
    b.behave = 500;
    // Eject a and b (round robin reaches each within a few requests).
    for (let i = 0; i < 6; i++) await send(pools, act).catch(() => {});
    a.behave = "ok";
    b.behave = "ok";
    a.hits = 0;
    b.hits = 0;
    // One origin of three in rotation is below 50 %: all three take traffic again.
    const res = await outcomes(pools, act, 12);
    expect(res["c:200"] ?? 0).toBeLessThan(12);
    expect(a.hits + b.hits).toBeGreaterThan(0);
  });

  it("panicThreshold 0 keeps ejected origins out", async () => {
    const pools = {
      p: pool([a, b, c], { panicThreshold: 0, outlier: { consecutive5xx: 1, maxEjectionPercent: 100, ...LONG } }),
    };
    const act = action({ pool: "p", retry: { attempts: 1 } });
    a.behave = 500;
    b.behave = 500;
    for (let i = 0; i < 6; i++) await send(pools, act).catch(() => {});
    a.behave = "ok";
    b.behave = "ok";
    expect(await outcomes(pools, act, 6)).toEqual({ "c:200": 6 });
  });
});
