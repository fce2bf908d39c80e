import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompiledForward } from "../../src/edge/forward-plan.ts";
import { type CompiledSplit, cohortPoint, sideAt } from "../../src/edge/release/index.ts";
import { jwtSubject } from "../../src/pipeline/action/release/choose-side.ts";
import { isPurged } from "../../src/policies/cache/purges.ts";
import { storableTtl } from "../../src/policies/cache/storable.ts";
import { compressibleType, negotiate } from "../../src/policies/compress/negotiate.ts";
import { CacheConfigSchema } from "../../src/schema/policy-cache.ts";

/** Pure parts of the release and shielding features. */
const plan = {} as CompiledForward;
const split = (weights: number[], schedule?: CompiledSplit["schedule"]): CompiledSplit => {
  const sides = weights.map((w, i) => ({ name: `s${i}`, plan, weight: w }));
  const primary = { name: "primary", plan, weight: 1 };
  return {
    primary,
    sides,
    byName: new Map([primary, ...sides].map((s) => [s.name, s])),
    stickyOn: "client_ip",
    override: undefined,
    schedule,
  };
};

describe("split bands", () => {
  it("a cohort moves only towards a side whose weight grows (property)", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (key, x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const p = cohortPoint(key);
          const before = sideAt(split([lo]), p, 0).name;
          const after = sideAt(split([hi]), p, 0).name;
          // Canary at the lower weight stays canary at the higher one.
          if (before === "s0") expect(after).toBe("s0");
        },
      ),
    );
  });

  it("the cohort point is fixed and spreads evenly", () => {
    expect(cohortPoint("alice")).toBe(cohortPoint("alice"));
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(cohortPoint(`user-${i}`) * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(150);
  });

  it("a schedule moves the weight linearly and clamps at both ends", () => {
    const s = split([0], { side: 0, from: 0, to: 100, startMs: 1000, durationMs: 1000 });
    expect(sideAt(s, 0.6, 999).name).toBe("primary");
    expect(sideAt(s, 0.6, 1500).name).toBe("s0"); // weight 50%: band [0.5, 1)
    expect(sideAt(s, 0.4, 1500).name).toBe("primary");
    expect(sideAt(s, 0.01, 5000).name).toBe("s0");
  });
});

describe("jwtSubject", () => {
  const tok = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.s`;
  it("reads sub from a Bearer token, nothing from garbage", () => {
    expect(jwtSubject(`Bearer ${tok({ sub: "u1" })}`)).toBe("u1");
    expect(jwtSubject(tok({ sub: "u2" }))).toBe("u2");
    expect(jwtSubject(`Bearer ${tok({ sub: 5 })}`)).toBeUndefined();
    expect(jwtSubject("Bearer not-a-jwt")).toBeUndefined();
    expect(jwtSubject("Bearer a.!!!.b")).toBeUndefined();
    expect(jwtSubject(null)).toBeUndefined();
  });
});

describe("cache storability", () => {
  const cfg = (o: object = {}) => CacheConfigSchema.parse(o);
  const res = (status: number, headers: Record<string, string> = {}) => new Response("x", { status, headers });
  it("TTL by exact status, then class; unlisted statuses are not stored", () => {
    const c = cfg({ ttl: { "2xx": 60, "404": 5, "4xx": 0 } });
    expect(storableTtl(c, res(200))).toBe(60);
    expect(storableTtl(c, res(404))).toBe(5);
    expect(storableTtl(c, res(410))).toBe(0);
    expect(storableTtl(c, res(500))).toBe(0);
    expect(storableTtl(c, res(206))).toBe(0);
  });
  it("respects or overrides the origin's Cache-Control; private and Set-Cookie only when told", () => {
    expect(storableTtl(cfg(), res(200, { "cache-control": "public, s-maxage=7, max-age=3" }))).toBe(7);
    expect(storableTtl(cfg(), res(200, { "cache-control": "no-cache" }))).toBe(0);
    expect(storableTtl(cfg({ originCacheControl: "override" }), res(200, { "cache-control": "no-store" }))).toBe(300);
    expect(storableTtl(cfg(), res(200, { "cache-control": "private" }))).toBe(0);
    expect(storableTtl(cfg({ cachePrivate: true }), res(200, { "cache-control": "private" }))).toBe(300);
    expect(storableTtl(cfg(), res(200, { "set-cookie": "a=1" }))).toBe(0);
    expect(storableTtl(cfg(), res(200, { vary: "*" }))).toBe(0);
  });
  it("purge markers cover entries stored before them, by exact URL or prefix", () => {
    const m = [
      { url: "h/a?x=1", at: 100 },
      { prefix: "h/static/", at: 200 },
    ];
    expect(isPurged(m, "h/a?x=1", 50)).toBe(true);
    expect(isPurged(m, "h/a?x=1", 150)).toBe(false);
    expect(isPurged(m, "h/a?x=2", 50)).toBe(false);
    expect(isPurged(m, "h/static/app.css", 199)).toBe(true);
    expect(isPurged(m, "h/staticx", 0)).toBe(false);
  });
});

describe("compression negotiation", () => {
  it("honours q-values, *, and the offered order", () => {
    expect(negotiate("gzip, deflate", ["gzip", "deflate"])).toBe("gzip");
    expect(negotiate("gzip;q=0, deflate", ["gzip", "deflate"])).toBe("deflate");
    expect(negotiate("br", ["gzip", "deflate"])).toBeUndefined();
    expect(negotiate("*", ["deflate", "gzip"])).toBe("deflate");
    expect(negotiate("*;q=0.5, gzip;q=0", ["gzip", "deflate"])).toBe("deflate");
    expect(negotiate("identity", ["gzip"])).toBeUndefined();
    expect(negotiate(null, ["gzip"])).toBeUndefined();
    expect(negotiate("x-gzip", ["gzip"])).toBe("gzip");
  });
  it("matches content types with type/* wildcards, ignoring parameters", () => {
    const types = ["text/*", "application/json"];
    expect(compressibleType("text/html; charset=utf-8", types)).toBe(true);
    expect(compressibleType("Application/JSON", types)).toBe(true);
    expect(compressibleType("application/json-seq", types)).toBe(false);
    expect(compressibleType("image/png", types)).toBe(false);
    expect(compressibleType(null, types)).toBe(false);
  });
});

describe("check latency", () => {
  const rec = (latencyMs?: number, url = "http://o") => ({
    up: true,
    since: 0,
    checkedAt: 0,
    consecutive: 0,
    url,
    last: "200",
    ...(latencyMs === undefined ? {} : { latencyMs }),
  });
  it("keeps a half-and-half moving average of passing checks; a new URL starts over", async () => {
    const { withLatency, latencyMoved } = await import("../../src/health/latency.ts");
    expect(withLatency(undefined, rec(), { latencyMs: 40 }).latencyMs).toBe(40);
    expect(withLatency(rec(40), rec(40), { latencyMs: 80 }).latencyMs).toBe(60);
    expect(withLatency(rec(40), rec(40), {}).latencyMs).toBe(40);
    expect(withLatency(rec(40, "http://old"), rec(undefined), { latencyMs: 10 }).latencyMs).toBe(10);
    // Only significant moves rewrite the health document.
    expect(latencyMoved(rec(100), rec(120))).toBe(false);
    expect(latencyMoved(rec(100), rec(130))).toBe(true);
    expect(latencyMoved(rec(20), rec(28))).toBe(false);
    expect(latencyMoved(rec(), rec(5))).toBe(true);
  });
});
