import { beforeAll, describe, expect, it } from "vitest";
import { counts, expectRefusal, guardedPool, load, send } from "./helpers.ts";

const HOST = "limits.test";
const to = (path: string, policies: string[]) => ({
  name: path.slice(1),
  match: { path: { exact: path } },
  policies,
  action: { type: "forward", pool: "guarded" },
});
const run = `${Date.now()}`; // fresh counter keys per run (counters outlive a table version)
const get = (path: string, client: string, headers: Record<string, string> = {}) =>
  send(path, { host: HOST, headers: { "x-client": `${run}-${client}`, ...headers } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sha256(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

beforeAll(async () => {
  await load({
    version: "policies-ratelimit-1",
    pools: { guarded: guardedPool() },
    policies: {
      // wrangler.toml: RATE_LIMITER is limit 5 per 10 s.
      cheap: { type: "rateLimit", backend: "binding", limit: 5, windowSeconds: 10, key: ["header:x-client"] },
      exact: { type: "rateLimit", backend: "durableObject", limit: 10, windowSeconds: 60, key: ["header:x-client"] },
      short: { type: "rateLimit", backend: "durableObject", limit: 2, windowSeconds: 1, key: ["header:x-client"] },
      keys: {
        type: "apiKey",
        keys: [
          { name: "k-one", sha256: await sha256("key-one") },
          { name: "k-two", sha256: await sha256("key-two") },
        ],
      },
      perKey: {
        type: "rateLimit",
        backend: "durableObject",
        limit: 2,
        windowSeconds: 60,
        key: ["apiKey", "header:x-client"],
      },
      open: { type: "rateLimit", backend: "binding", binding: "NO_SUCH_LIMITER", limit: 1, windowSeconds: 60 },
      closed: {
        type: "rateLimit",
        backend: "binding",
        binding: "NO_SUCH_LIMITER",
        limit: 1,
        windowSeconds: 60,
        onLimiterError: "closed",
      },
    },
    virtualHosts: [
      {
        name: "limits",
        domains: [HOST],
        routes: [
          to("/cheap", ["cheap"]),
          to("/exact", ["exact"]),
          to("/short", ["short"]),
          to("/per-key", ["keys", "perKey"]),
          to("/open", ["open"]),
          to("/closed", ["closed"]),
        ],
      },
    ],
  });
});

async function expectLimited(res: Response, policy: string, q: number, w: number): Promise<number> {
  await expectRefusal(res, 429, "RATE_LIMITED");
  const retry = Number(res.headers.get("retry-after"));
  expect(retry).toBeGreaterThanOrEqual(1);
  expect(res.headers.get("ratelimit-policy")).toBe(`"${policy}";q=${q};w=${w}`);
  expect(res.headers.get("ratelimit")).toBe(`"${policy}";r=0;t=${retry}`);
  return retry;
}

describe("rate limits", () => {
  it("Workers Rate Limiting binding: over the limit → 429 with Retry-After and RateLimit headers", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await get("/cheap", "binding");
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      else await res.body?.cancel();
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(await expectLimited(limited!, "cheap", 5, 10)).toBe(10);
  });

  it("Durable Object: exactly the limit passes under concurrent requests, and only those reach the origin", async () => {
    const before = (await counts()).origin;
    const results = await Promise.all(Array.from({ length: 30 }, () => get("/exact", "burst")));
    const statuses = results.map((r) => r.status);
    await Promise.all(results.map((r) => r.body?.cancel()));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect((await counts()).origin - before).toBe(10);
    // Another key has its own quota.
    expect((await get("/exact", "other")).status).toBe(200);
  });

  it("back under the limit after the window (1 s window)", async () => {
    expect((await get("/short", "win")).status).toBe(200);
    expect((await get("/short", "win")).status).toBe(200);
    const retry = await expectLimited(await get("/short", "win"), "short", 2, 1);
    expect(retry).toBeLessThanOrEqual(2);
    await sleep(retry * 1000 + 50);
    expect((await get("/short", "win")).status).toBe(200);
  });

  it("keyed by API key name: each key has its own quota", async () => {
    const one = { "x-api-key": "key-one" };
    expect((await get("/per-key", "k", one)).status).toBe(200);
    expect((await get("/per-key", "k", one)).status).toBe(200);
    await expectLimited(await get("/per-key", "k", one), "perKey", 2, 60);
    expect((await get("/per-key", "k", { "x-api-key": "key-two" })).status).toBe(200);
  });

  it("when the limiter itself fails: open lets requests through, closed answers 503", async () => {
    expect((await get("/open", "f")).status).toBe(200);
    expect((await get("/open", "f")).status).toBe(200);
    await expectRefusal(await get("/closed", "f"), 503, "RATE_LIMITER_UNAVAILABLE");
  });
});
