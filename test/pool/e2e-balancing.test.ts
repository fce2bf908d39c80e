import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table, tally } from "./edge-harness.ts";
import { settledOrReceived, startOrigins, type TestOrigin } from "./origins.ts";

/** Balancing policies through the real worker in workerd, against real loopback origins. */
let edge: PoolEdge;
let o: TestOrigin[];
let v = 0;
const poolOf = (origins: TestOrigin[], extra: object = {}, weights: number[] = []) => ({
  origins: origins.map((x, i) => ({ name: x.name, url: x.url, weight: weights[i] ?? 1 })),
  ...extra,
});

beforeAll(async () => {
  [edge, o] = await Promise.all([startPoolEdge(), startOrigins(["o0", "o1", "o2", "o3", "o4"])]);
});
afterAll(async () => {
  await edge?.close();
  await Promise.all(o.map((x) => x.close()));
});
beforeEach(() => {
  for (const x of o) Object.assign(x, { behave: "ok", hits: 0 });
});

async function load(pool: object) {
  await edge.load(table(`bal-${++v}`, { p: pool }, [{ prefix: "/", action: { pool: "p" } }]));
}

describe("balancing policies in workerd", () => {
  it("round_robin: smooth weighted round robin gives exact shares", async () => {
    await load(poolOf(o.slice(0, 3), {}, [1, 2, 3]));
    expect(await tally(edge, 60, "/rr")).toEqual({ "p/o0": 10, "p/o1": 20, "p/o2": 30 });
  });

  it("random: weighted shares within wide bounds", async () => {
    await load(poolOf(o.slice(0, 2), { balance: { policy: "random" } }, [1, 3]));
    const t = await tally(edge, 200, "/rand");
    expect(t["p/o1"]! / 200).toBeGreaterThan(0.6);
    expect(t["p/o1"]! / 200).toBeLessThan(0.9);
  });

  it("first: everything to the first origin", async () => {
    await load(poolOf(o.slice(0, 3), { balance: { policy: "first" } }));
    expect(await tally(edge, 20, "/first")).toEqual({ "p/o0": 20 });
  });

  it("least_outstanding: an origin with requests stuck in flight gets (almost) nothing new", async () => {
    await load(poolOf(o.slice(0, 2), { balance: { policy: "least_outstanding" } }));
    o[0]!.behave = "hang";
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      const before = o[0]!.hits;
      const p = edge.get("/lo", { timeoutMs: 20_000 }).catch(() => undefined);
      pending.push(p);
      // The next request is sent once this one completed at o1 (none in flight there) or is stuck at o0.
      await settledOrReceived(p, o[0]!, before);
    }
    expect(o[0]!.hits).toBeLessThanOrEqual(1);
    expect(o[1]!.hits).toBeGreaterThanOrEqual(11);
    o[0]!.behave = "ok";
  });

  it("hash: same key same origin; removing one of 5 origins remaps only its keys (about 1/5)", async () => {
    const pool = (origins: TestOrigin[]) => poolOf(origins, { balance: { policy: "hash", hashOn: { query: "user" } } });
    await load(pool(o));
    const keys = Array.from({ length: 150 }, (_, i) => `user-${i}`);
    const before: string[] = [];
    for (const k of keys) before.push(String((await edge.get(`/h?user=${k}`)).headers["x-edge-origin"]));
    for (const k of keys.slice(0, 20))
      expect((await edge.get(`/h?user=${k}`)).headers["x-edge-origin"]).toBe(before[keys.indexOf(k)]);
    expect(new Set(before).size).toBe(5);

    await load(pool(o.filter((x) => x.name !== "o2")));
    let moved = 0;
    for (let i = 0; i < keys.length; i++) {
      const now = String((await edge.get(`/h?user=${keys[i]}`)).headers["x-edge-origin"]);
      if (now !== before[i]) {
        moved++;
        expect(before[i]).toBe("p/o2");
      } else expect(now).not.toBe("p/o2");
    }
    expect(moved / keys.length).toBeGreaterThan(0.05);
    expect(moved / keys.length).toBeLessThan(0.4);
  });

  it("hash on client_ip uses CF-Connecting-IP", async () => {
    await load(poolOf(o, { balance: { policy: "hash" } }));
    const owner = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const ip = `203.0.113.${i % 10}`;
      const who = String((await edge.get("/ip", { headers: { "cf-connecting-ip": ip } })).headers["x-edge-origin"]);
      if (owner.has(ip)) expect(who).toBe(owner.get(ip));
      owner.set(ip, who);
    }
    expect(new Set(owner.values()).size).toBeGreaterThan(1);
  });
});
