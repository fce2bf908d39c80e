import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NoHealthyOriginError, OriginTimeoutError, OriginUnreachableError } from "../../../src/core/errors/index.ts";
import { action, downView, pool, send, upstream } from "../../pool/fixtures.ts";
import { deadUrl, settledOrReceived, startOrigins, type TestOrigin } from "../../pool/origins.ts";

let o: TestOrigin[];
let a: TestOrigin, b: TestOrigin, c: TestOrigin, d: TestOrigin;
let dead: string;

const nodeFetch = globalThis.fetch;
beforeAll(async () => {
  // Node's fetch (unlike workerd's) insists on `duplex: "half"` for streamed request bodies.
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    nodeFetch(
      input,
      init?.body instanceof ReadableStream ? ({ ...init, duplex: "half" } as RequestInit) : init,
    )) as typeof fetch;
  o = await startOrigins(["a", "b", "c", "d"]);
  [a, b, c, d] = o as [TestOrigin, TestOrigin, TestOrigin, TestOrigin];
  dead = await deadUrl();
});
afterAll(async () => {
  globalThis.fetch = nodeFetch;
  await Promise.all(o.map((x) => x.close()));
});
beforeEach(() => {
  for (const x of o) Object.assign(x, { behave: "ok", health: "ok", hits: 0, healthHits: 0, bodies: [] });
});

describe("balancing within a pool", () => {
  it("round robin spreads requests evenly per isolate", async () => {
    const pools = { p: pool([a, b, c]) };
    const act = action({ pool: "p" });
    const seen: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const r = await send(pools, act);
      seen[r.origin] = (seen[r.origin] ?? 0) + 1;
      expect(r.json.origin).toBe(r.origin);
    }
    expect(seen).toEqual({ a: 20, b: 20, c: 20 });
  });

  it("hash on a header sends equal keys to the same origin", async () => {
    const pools = { p: pool([a, b, c], { balance: { policy: "hash", hashOn: { header: "x-user" } } }) };
    const act = action({ pool: "p" });
    const owners = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const user = `u${i % 10}`;
      const r = await send(pools, act, { headers: { "x-user": user } });
      if (owners.has(user)) expect(r.origin).toBe(owners.get(user));
      owners.set(user, r.origin);
    }
    expect(new Set(owners.values()).size).toBeGreaterThan(1);
  });

  it("least outstanding avoids an origin with requests in flight", async () => {
    const pools = { p: pool([a, b], { balance: { policy: "least_outstanding" } }) };
    const act = action({ pool: "p", retry: { attempts: 1 } });
    a.behave = "hang";
    const hung: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      const aBefore = a.hits;
      const p = send(pools, act, { timeoutMs: 1500 }).catch(() => undefined);
      hung.push(p);
      // The next request is sent once this one is done at b (none in flight there) or is hanging at a.
      await settledOrReceived(p, a, aBefore);
    }
    expect(a.hits).toBeLessThanOrEqual(1);
    expect(b.hits).toBeGreaterThanOrEqual(19);
    await Promise.all(hung);
  });
});

describe("failover", () => {
  it("skips a pool with fewer than minHealthy healthy origins, then uses the fallback", async () => {
    const pools = { first: pool([a, b], { minHealthy: 2 }), second: pool([c]), fb: pool([d]) };
    const act = action({ pools: ["first", "second"], fallbackPool: "fb" });
    expect((await send(pools, act)).pool).toBe("first");
    expect((await send(pools, act, {}, { health: downView("first/a") })).pool).toBe("second");
    const r = await send(pools, act, {}, { health: downView("first/a", "second/c") });
    expect(r.pool).toBe("fb");
    expect(r.json.origin).toBe("d");
  });

  it("answers NO_HEALTHY_ORIGIN when nothing in the chain is healthy, or tries the unhealthy with lastResort", async () => {
    const pools = { p: pool([a]), q: pool([b]) };
    const health = downView("p/a", "q/b");
    const err = await send(pools, action({ pools: ["p", "q"] }), {}, { health }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoHealthyOriginError);
    expect(err).toMatchObject({ code: "NO_HEALTHY_ORIGIN", status: 503 });
    expect(a.hits + b.hits).toBe(0);
    const r = await send(pools, action({ pools: ["p", "q"], lastResort: true }), {}, { health });
    expect(r.origin).toBe("a");
  });

  it("lastResort prefers a healthy origin of a pool below minHealthy over unhealthy ones", async () => {
    const pools = { p: pool([a, b, c], { minHealthy: 2 }) };
    const health = downView("p/a", "p/b");
    await expect(send(pools, action({ pool: "p" }), {}, { health })).rejects.toBeInstanceOf(NoHealthyOriginError);
    const act = action({ pool: "p", lastResort: true, retry: { attempts: 1 } });
    for (let i = 0; i < 6; i++) expect((await send(pools, act, {}, { health })).origin).toBe("c");
  });
});

describe("retries", () => {
  it("retries a connect failure on another origin", async () => {
    const pools = { p: pool([{ name: "dead", url: dead }, a], { balance: { policy: "first" } }) };
    const r = await send(pools, action({ pool: "p" }));
    expect(r).toMatchObject({ origin: "a", attempts: 2 });
  });

  it("retries 503 on another origin when asked to, and returns the last answer when out of attempts", async () => {
    const pools = { p: pool([a, b], { balance: { policy: "first" } }) };
    a.behave = 503;
    const r = await send(pools, action({ pool: "p", retry: { retryOn: ["503"] } }));
    expect(r).toMatchObject({ origin: "b", attempts: 2 });
    expect(r.response.status).toBe(200);
    b.behave = 503;
    const r2 = await send(pools, action({ pool: "p", retry: { retryOn: ["gateway-error"] } }));
    expect(r2.response.status).toBe(503);
    expect(r2.attempts).toBe(2);
    // Not in retryOn: returned at once.
    const r3 = await send(pools, action({ pool: "p", retry: { retryOn: ["connect-failure"] } }));
    expect(r3.attempts).toBe(1);
  });

  it("retries a POST with a small body (when allowed) and streams a large one once", async () => {
    const pools = { p: pool([a, b], { balance: { policy: "first" } }) };
    a.behave = 503;
    const small = new Uint8Array(1000).fill(7);
    const big = new Uint8Array(200_000).fill(9);
    const opts = { retryOn: ["503"], idempotentOnly: false, bufferBodyBytes: 65_536 };
    const r = await send(pools, action({ pool: "p", retry: opts }), { method: "POST", body: small });
    expect(r).toMatchObject({ origin: "b", attempts: 2 });
    expect(a.bodies).toEqual([1000]);
    expect(b.bodies).toEqual([1000]);
    const r2 = await send(pools, action({ pool: "p", retry: opts }), { method: "POST", body: big });
    expect(r2).toMatchObject({ origin: "a", attempts: 1 });
    expect(r2.response.status).toBe(503);
    expect(a.bodies).toEqual([1000, 200_000]);
    // By default a POST is not retried at all.
    const r3 = await send(pools, action({ pool: "p", retry: { retryOn: ["503"] } }), { method: "POST", body: small });
    expect(r3.attempts).toBe(1);
  });

  it("starts the route timeout after the body is buffered: a slow upload does not become a 504", async () => {
    const pools = { p: pool([a]) };
    let clock = 0;
    const chunks = [new Uint8Array(500).fill(1), new Uint8Array(500).fill(2)];
    // Each chunk arrives "6 s" after the previous one (on the injected clock): 12 s > the 10 s route timeout.
    const slow = new ReadableStream<Uint8Array>({
      pull(ctl) {
        clock += 6000;
        const c = chunks.shift();
        if (c === undefined) ctl.close();
        else ctl.enqueue(c);
      },
    });
    const opts = { retryOn: ["503"], idempotentOnly: false, bufferBodyBytes: 65_536 };
    const up = { ...upstream({ method: "POST", timeoutMs: 10_000 }), body: slow };
    const r = await send(pools, action({ pool: "p", retry: opts }), { method: "POST" }, { up, now: () => clock });
    expect(r).toMatchObject({ origin: "a", attempts: 1 });
    expect(a.bodies).toEqual([1000]);
  });

  it("honours the retry budget", async () => {
    const pools = { p: pool([a, b]) };
    a.behave = b.behave = 503;
    const act = action({
      pool: "p",
      retry: {
        attempts: 3,
        retryOn: ["503"],
        backoff: { baseMs: 0, maxMs: 0 },
        budget: { percent: 10, minPerSecond: 0 },
      },
    });
    for (let i = 0; i < 50; i++) expect((await send(pools, act)).response.status).toBe(503);
    // 50 requests + at most 10% of them as retries.
    expect(a.hits + b.hits).toBeGreaterThanOrEqual(50);
    expect(a.hits + b.hits).toBeLessThanOrEqual(55);
  });

  it("gives up with ORIGIN_TIMEOUT when the route's time runs out", async () => {
    const pools = { p: pool([a, b]) };
    a.behave = b.behave = "hang";
    const err = await send(pools, action({ pool: "p", retry: { retryOn: ["timeout"], perTryTimeoutMs: 150 } }), {
      timeoutMs: 400,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OriginTimeoutError);
    expect(err).toMatchObject({ code: "ORIGIN_TIMEOUT", status: 504 });
    expect(a.hits + b.hits).toBe(2);
  });

  it("reports a connection reset as unreachable after retrying", async () => {
    const pools = { p: pool([a, b]) };
    a.behave = b.behave = "reset";
    const err = await send(pools, action({ pool: "p", retry: { retryOn: ["reset"] } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OriginUnreachableError);
    expect(a.hits + b.hits).toBe(2);
  });
});

describe("outlier detection in the request path", () => {
  it("ejects a failing origin and brings it back after the ejection time", async () => {
    let t = 1_000_000;
    const now = () => t;
    const pools = { p: pool([a, b], { outlier: { consecutive5xx: 2, baseEjectionMs: 10_000 } }) };
    const act = action({ pool: "p", retry: { attempts: 1 } });
    a.behave = 500;
    for (let i = 0; i < 4; i++) await send(pools, act, {}, { now });
    expect(a.hits).toBe(2);
    const before = a.hits;
    for (let i = 0; i < 10; i++) expect((await send(pools, act, {}, { now })).origin).toBe("b");
    expect(a.hits).toBe(before);
    t += 10_001;
    a.behave = "ok";
    const back = new Set<string>();
    for (let i = 0; i < 4; i++) back.add((await send(pools, act, {}, { now })).origin);
    expect(back).toEqual(new Set(["a", "b"]));
  });
});
