import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table, tally } from "./edge-harness.ts";
import { deadUrl, startOrigins, type TestOrigin } from "./origins.ts";

/** Failover, retries, budget, timeouts and outlier ejection through the real worker in workerd. */
let edge: PoolEdge;
let o: TestOrigin[];
let a: TestOrigin, b: TestOrigin, c: TestOrigin, d: TestOrigin;
let dead: string;
let v = 0;
const po = (origins: (TestOrigin | { name: string; url: string })[], extra: object = {}) => ({
  origins: origins.map((x) => ({ name: x.name, url: x.url })),
  health: { path: "/health" },
  ...extra,
});
const health = (down: Record<string, string[]>) => ({
  v: 1,
  writtenAt: Date.now(),
  pools: Object.fromEntries(
    Object.entries(down).map(([pool, names]) => [
      pool,
      Object.fromEntries(
        names.map((n) => [
          n,
          {
            up: false,
            since: 0,
            checkedAt: Date.now(),
            consecutive: 0,
            url: o.find((x) => x.name === n)!.url,
            last: "500",
          },
        ]),
      ),
    ]),
  ),
});

beforeAll(async () => {
  [edge, o] = await Promise.all([startPoolEdge(), startOrigins(["a", "b", "c", "d"])]);
  [a, b, c, d] = o as [TestOrigin, TestOrigin, TestOrigin, TestOrigin];
  dead = await deadUrl();
});
afterAll(async () => {
  await edge?.close();
  await Promise.all(o.map((x) => x.close()));
});
beforeEach(async () => {
  for (const x of o) Object.assign(x, { behave: "ok", health: "ok", hits: 0, healthHits: 0, bodies: [] });
  await edge.kv.delete("health:v1");
});

/** Health is read in the background after each request: poll until the worker sees it. */
async function until(path: string, want: (origin: string) => boolean) {
  for (let i = 0; i < 200; i++) {
    const res = await edge.get(path);
    const who = String(res.headers["x-edge-origin"] ?? res.status);
    if (want(who)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not reached for ${path}`);
}

describe("failover", () => {
  it("goes to the next pool when one is below minHealthy, then to the fallback; 503 when none", async () => {
    await edge.load(
      table(`fo-${++v}`, { one: po([a, b], { minHealthy: 2 }), two: po([c]), fb: po([d]) }, [
        { prefix: "/", action: { pools: ["one", "two"], fallbackPool: "fb" } },
      ]),
    );
    expect(await tally(edge, 4, "/x")).toEqual({ "one/a": 2, "one/b": 2 });
    await edge.kv.put("health:v1", JSON.stringify(health({ one: ["a"] })));
    await until("/x", (w) => w === "two/c");
    expect(await tally(edge, 3, "/x")).toEqual({ "two/c": 3 });
    await edge.kv.put("health:v1", JSON.stringify(health({ one: ["a"], two: ["c"] })));
    await until("/x", (w) => w === "fb/d");
    await edge.kv.put("health:v1", JSON.stringify(health({ one: ["a", "b"], two: ["c"], fb: ["d"] })));
    await until("/x", (w) => w === "503");
    const res = await edge.get("/x");
    expect(res.status).toBe(503);
    expect(res.json().error.code).toBe("NO_HEALTHY_ORIGIN");
    expect(a.hits + b.hits + c.hits + d.hits).toBeGreaterThan(0);
  });

  it("a pool without `health` ignores records in the health document", async () => {
    await edge.load(
      table(`nh-${++v}`, { p: { origins: [{ name: "a", url: a.url }] } }, [{ prefix: "/", action: { pool: "p" } }]),
    );
    await edge.kv.put("health:v1", JSON.stringify(health({ p: ["a"] })));
    for (let i = 0; i < 10; i++) expect((await edge.get("/x")).status).toBe(200);
  });

  it("lastResort tries unhealthy origins instead of answering 503", async () => {
    await edge.load(table(`lr-${++v}`, { p: po([a]) }, [{ prefix: "/", action: { pool: "p", lastResort: true } }]));
    await edge.kv.put("health:v1", JSON.stringify(health({ p: ["a"] })));
    for (let i = 0; i < 20; i++) expect((await edge.get("/x")).status).toBe(200);
  });
});

describe("active health checks (Cron Trigger)", () => {
  it("write nothing when no pool has `health`", async () => {
    await edge.load(
      table(`hc-${++v}`, { p: { origins: [{ name: "a", url: a.url }] } }, [{ prefix: "/", action: { pool: "p" } }]),
    );
    await edge.scheduled();
    expect(await edge.kv.get("health:v1")).toBeNull();
    expect(a.healthHits).toBe(0);
  });

  it("mark an origin down after `fall` failed checks and up after `rise` good ones, via KV", async () => {
    await edge.load(
      table(
        `hc-${++v}`,
        { p: po([a, b], { health: { path: "/health", fall: 2, rise: 2, expectedBody: '"ok":true' } }) },
        [{ prefix: "/", action: { pool: "p" } }],
      ),
    );
    a.health = 500;
    await edge.scheduled();
    let doc = JSON.parse((await edge.kv.get("health:v1"))!);
    expect(doc.pools.p.a).toMatchObject({ up: true, consecutive: 1, last: "STATUS_MISMATCH:500" });
    expect(doc.pools.p.b).toMatchObject({ up: true, consecutive: 0, last: "200" });
    await edge.scheduled();
    doc = JSON.parse((await edge.kv.get("health:v1"))!);
    expect(doc.pools.p.a).toMatchObject({ up: false, url: a.url });
    expect(a.healthHits).toBe(2);
    await until("/x", (w) => w === "p/b");
    expect(await tally(edge, 6, "/x")).toEqual({ "p/b": 6 });

    a.health = "ok";
    await edge.scheduled();
    expect(JSON.parse((await edge.kv.get("health:v1"))!).pools.p.a).toMatchObject({ up: false, consecutive: 1 });
    await edge.scheduled();
    expect(JSON.parse((await edge.kv.get("health:v1"))!).pools.p.a).toMatchObject({ up: true });
    await until("/x", (w) => w === "p/a");
  });

  it("do not rewrite KV when nothing changed (write economy)", async () => {
    await edge.load(table(`hc-${++v}`, { p: po([a, b]) }, [{ prefix: "/", action: { pool: "p" } }]));
    await edge.scheduled();
    const first = JSON.parse((await edge.kv.get("health:v1"))!);
    expect(first.pools.p.a).toMatchObject({ up: true, last: "200" });
    await new Promise((r) => setTimeout(r, 20));
    await edge.scheduled();
    expect(JSON.parse((await edge.kv.get("health:v1"))!).writtenAt).toBe(first.writtenAt);
    expect(a.healthHits).toBe(2);
    b.health = 503;
    await edge.scheduled();
    const third = JSON.parse((await edge.kv.get("health:v1"))!);
    expect(third.writtenAt).toBeGreaterThan(first.writtenAt);
    expect(third.pools.p.b).toMatchObject({ up: true, consecutive: 1, last: "STATUS_MISMATCH:503" });
  });

  it("a timeout or an unexpected body fails the check", async () => {
    await edge.load(
      table(
        `hc-${++v}`,
        { p: po([a, b], { health: { path: "/health", fall: 1, timeoutMs: 300, expectedBody: "no such text" } }) },
        [{ prefix: "/", action: { pool: "p" } }],
      ),
    );
    a.health = "hang";
    await edge.scheduled();
    const doc = JSON.parse((await edge.kv.get("health:v1"))!);
    expect(doc.pools.p.a).toMatchObject({ up: false, last: "TIMEOUT" });
    expect(doc.pools.p.b).toMatchObject({ up: false, last: "BODY_MISMATCH:200" });
  });
});

describe("retries", () => {
  it("retry a connect failure on another origin", async () => {
    await edge.load(
      table(`rt-${++v}`, { p: po([{ name: "dead", url: dead }, a], { balance: { policy: "first" } }) }, [
        { prefix: "/", action: { pool: "p" } },
      ]),
    );
    const res = await edge.get("/x");
    expect(res.status).toBe(200);
    expect(res.headers["x-edge-origin"]).toBe("p/a");
    expect(res.headers["x-edge-attempts"]).toBe("2");
  });

  it("retry a 503 on another origin", async () => {
    await edge.load(
      table(`rt-${++v}`, { p: po([a, b], { balance: { policy: "first" } }) }, [
        { prefix: "/", action: { pool: "p", retry: { retryOn: [503] } } },
      ]),
    );
    a.behave = 503;
    const res = await edge.get("/x");
    expect(res.status).toBe(200);
    expect(res.headers["x-edge-origin"]).toBe("p/b");
    expect(a.hits).toBe(1);
  });

  it("retry a POST whose body fits the buffer; stream a larger one once", async () => {
    await edge.load(
      table(`rt-${++v}`, { p: po([a, b], { balance: { policy: "first" } }) }, [
        {
          prefix: "/",
          action: { pool: "p", retry: { retryOn: [503], idempotentOnly: false, bufferBodyBytes: 16_384 } },
        },
      ]),
    );
    a.behave = 503;
    const small = await edge.get("/x", { method: "POST", body: Buffer.alloc(10_000, 1) });
    expect(small.status).toBe(200);
    expect(small.headers["x-edge-origin"]).toBe("p/b");
    expect(a.bodies).toEqual([10_000]);
    expect(b.bodies).toEqual([10_000]);
    const large = await edge.get("/x", { method: "POST", body: Buffer.alloc(100_000, 2) });
    expect(large.status).toBe(503);
    expect(large.headers["x-edge-attempts"]).toBe("1");
    expect(a.bodies).toEqual([10_000, 100_000]);
    expect(b.bodies).toEqual([10_000]);
  });

  it("the retry budget caps retries during an outage", async () => {
    await edge.load(
      table(`rt-${++v}`, { p: po([a, b]) }, [
        {
          prefix: "/",
          action: {
            pool: "p",
            retry: {
              attempts: 3,
              retryOn: ["5xx"],
              backoff: { baseMs: 0, maxMs: 0 },
              budget: { percent: 10, minPerSecond: 0 },
            },
          },
        },
      ]),
    );
    a.behave = b.behave = 503;
    for (let i = 0; i < 40; i++) expect((await edge.get("/x")).status).toBe(503);
    expect(a.hits + b.hits).toBeGreaterThanOrEqual(40);
    expect(a.hits + b.hits).toBeLessThanOrEqual(44);
  });

  it("a route timeout gives 504 ORIGIN_TIMEOUT", async () => {
    await edge.load(
      table(`rt-${++v}`, { p: po([a, b]) }, [
        { prefix: "/", action: { pool: "p", timeoutMs: 300, retry: { retryOn: ["timeout"] } } },
      ]),
    );
    a.behave = b.behave = "hang";
    const res = await edge.get("/x");
    expect(res.status).toBe(504);
    expect(res.json().error.code).toBe("ORIGIN_TIMEOUT");
  });
});

describe("outlier detection", () => {
  it("ejects an origin after consecutive 5xx", async () => {
    await edge.load(
      table(
        `od-${++v}`,
        { p: po([a, b], { outlier: { consecutive5xx: 3, baseEjectionMs: 600_000, maxEjectionMs: 600_000 } }) },
        [{ prefix: "/", action: { pool: "p", retry: { attempts: 1 } } }],
      ),
    );
    a.behave = 500;
    for (let i = 0; i < 6; i++) await edge.get("/x");
    expect(a.hits).toBe(3);
    a.behave = "ok";
    expect(await tally(edge, 10, "/x")).toEqual({ "p/b": 10 });
    expect(a.hits).toBe(3);
  });

  it("brings an ejected origin back after the ejection time", async () => {
    await edge.load(
      table(`od-${++v}`, { p: po([a, b], { outlier: { consecutive5xx: 1, baseEjectionMs: 200 } }) }, [
        { prefix: "/", action: { pool: "p", retry: { attempts: 1 } } },
      ]),
    );
    a.behave = 500;
    for (let i = 0; i < 2; i++) await edge.get("/x");
    expect(a.hits).toBe(1);
    a.behave = "ok";
    await new Promise((r) => setTimeout(r, 400));
    await until("/x", (w) => w === "p/a");
  });
});

describe("debug headers", () => {
  it("are absent unless settings.debugHeaders is true", async () => {
    await edge.load(
      table(`dh-${++v}`, { p: po([a]) }, [{ prefix: "/", action: { pool: "p" } }], { debugHeaders: false }),
    );
    const res = await edge.get("/x");
    expect(res.status).toBe(200);
    expect(res.headers["x-edge-origin"]).toBeUndefined();
    expect(res.headers["x-edge-attempts"]).toBeUndefined();
  });
});
