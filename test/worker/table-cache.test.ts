import { describe, expect, it } from "vitest";
import { compileRouteTable } from "../../src/router/compile.ts";
import type { RouteAction } from "../../src/schema/l7.ts";
import { TableCache, type TableSource } from "../../src/worker/table-cache.ts";

/** An in-memory KV key with a read counter and a gate to hold reads open. */
function source(initial: string | null) {
  let value = initial;
  let gate: Promise<void> = Promise.resolve();
  const s = {
    key: "routes",
    reads: 0,
    set(v: string | null) {
      value = v;
    },
    hold() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => open();
    },
    async read() {
      s.reads++;
      await gate;
      return value;
    },
  };
  return s satisfies TableSource;
}

const doc = (version: string) =>
  JSON.stringify({ version, pools: { p: { origins: [{ name: "a", url: "http://127.0.0.1:1" }] } }, virtualHosts: [] });

function ctx() {
  const pending: Promise<unknown>[] = [];
  return { pending, waitUntil: (p: Promise<unknown>) => void pending.push(p) };
}

describe("TableCache", () => {
  it("cold concurrent requests share one KV read", async () => {
    const src = source(doc("v1"));
    const release = src.hold();
    const cache = new TableCache<RouteAction>(compileRouteTable);
    const c = ctx();
    const all = Promise.all([cache.get(src, 5000, c), cache.get(src, 5000, c), cache.get(src, 5000, c)]);
    release();
    const tables = await all;
    expect(src.reads).toBe(1);
    expect(new Set(tables).size).toBe(1);
    expect(tables[0]!.version).toBe("v1");
  });

  it("warm requests never wait on KV: a stale table is served while one background refresh runs", async () => {
    let now = 0;
    const src = source(doc("v1"));
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now);
    await cache.get(src, 1000, ctx());
    src.set(doc("v2"));
    now = 1500;
    const release = src.hold(); // KV is slow now
    const c = ctx();
    const t1 = await cache.get(src, 1000, c);
    const t2 = await cache.get(src, 1000, c);
    expect([t1.version, t2.version]).toEqual(["v1", "v1"]);
    expect(c.pending).toHaveLength(1); // one refresh, not one per request
    release();
    await Promise.all(c.pending);
    expect((await cache.get(src, 1000, ctx())).version).toBe("v2");
  });

  it("peek: undefined while cold; then the table synchronously, with one background refresh when stale", async () => {
    let now = 0;
    const src = source(doc("v1"));
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now);
    let built = 0;
    const sourceOf = (s: typeof src) => (built++, s);
    expect(cache.peek(src, sourceOf, 1000, ctx())).toBeUndefined();
    expect(src.reads).toBe(0); // peek never reads: the caller awaits get() when cold
    await cache.get(src, 1000, ctx());
    const fresh = ctx();
    expect(cache.peek(src, sourceOf, 1000, fresh)?.version).toBe("v1");
    expect(fresh.pending).toHaveLength(0);
    expect(built).toBe(0); // no source object on a warm, fresh request
    src.set(doc("v2"));
    now = 1500;
    const release = src.hold();
    const c = ctx();
    expect(cache.peek(src, sourceOf, 1000, c)?.version).toBe("v1");
    expect(cache.peek(src, sourceOf, 1000, c)?.version).toBe("v1");
    expect(c.pending).toHaveLength(1);
    expect(built).toBe(1);
    release();
    await Promise.all(c.pending);
    expect(cache.peek(src, sourceOf, 1000, ctx())?.version).toBe("v2");
  });

  it("does not read KV again within the refresh interval", async () => {
    let now = 0;
    const src = source(doc("v1"));
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now);
    await cache.get(src, 1000, ctx());
    now = 999;
    const c = ctx();
    await cache.get(src, 1000, c);
    expect(src.reads).toBe(1);
    expect(c.pending).toHaveLength(0);
  });

  it("caches a missing-table failure for the interval, then looks again", async () => {
    let now = 0;
    const src = source(null);
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now);
    await expect(cache.get(src, 1000, ctx())).rejects.toMatchObject({ code: "ROUTE_TABLE_MISSING" });
    await expect(cache.get(src, 1000, ctx())).rejects.toMatchObject({ code: "ROUTE_TABLE_MISSING" });
    expect(src.reads).toBe(1);
    src.set(doc("v1"));
    now = 1000;
    expect((await cache.get(src, 1000, ctx())).version).toBe("v1");
  });

  it("a KV read error keeps the last good table", async () => {
    let now = 0;
    const src = source(doc("v1"));
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now);
    await cache.get(src, 1000, ctx());
    src.read = async () => {
      throw new Error("KV unavailable");
    };
    now = 2000;
    const c = ctx();
    expect((await cache.get(src, 1000, c)).version).toBe("v1");
    await Promise.all(c.pending);
    expect((await cache.get(src, 1000, ctx())).version).toBe("v1");
  });
});

describe("TableCache: a KV read that never settles (client gone, read cancelled)", () => {
  const never = () => new Promise<string | null>(() => {});

  it("cold: the read goes to waitUntil, and after maxReadMs later requests start a fresh read instead of waiting forever", async () => {
    let now = 0;
    const src = source(doc("v1"));
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now, 200);
    const hung = { key: "routes", read: never };
    const first = ctx();
    const stuck = cache.get(hung, 1000, first);
    expect(first.pending).toHaveLength(1); // the cold read outlives its request
    now = 201; // the hung read is presumed lost
    const t = await cache.get(src, 1000, ctx());
    expect(t.version).toBe("v1");
    expect(src.reads).toBe(1);
    expect((await stuck).version).toBe("v1"); // the first waiter also gives up waiting on the hung read
  });

  it("cold: a waiter on a hung read gives up after maxReadMs with ROUTE_TABLE_MISSING instead of hanging", async () => {
    const cache = new TableCache<RouteAction>(compileRouteTable, Date.now, 50);
    await expect(cache.get({ key: "routes", read: never }, 1000, ctx())).rejects.toMatchObject({
      code: "ROUTE_TABLE_MISSING",
    });
  });

  it("warm: a hung background refresh is replaced after maxReadMs instead of blocking every later refresh", async () => {
    let now = 0;
    const src = source(doc("v1"));
    const cache = new TableCache<RouteAction>(compileRouteTable, () => now, 10_000);
    await cache.get(src, 1000, ctx());
    const realRead = src.read;
    src.read = never;
    now = 2000;
    const c1 = ctx();
    expect(cache.peek(src, (s) => s, 1000, c1)?.version).toBe("v1");
    expect(c1.pending).toHaveLength(1);
    now = 5000;
    const c2 = ctx();
    cache.peek(src, (s) => s, 1000, c2);
    expect(c2.pending).toHaveLength(0); // still presumed alive: no second read
    src.read = realRead;
    src.set(doc("v2"));
    now = 12_001;
    const c3 = ctx();
    expect(cache.peek(src, (s) => s, 1000, c3)?.version).toBe("v1");
    expect(c3.pending).toHaveLength(1); // the hung read no longer blocks refreshes
    await Promise.all(c3.pending);
    expect(cache.peek(src, (s) => s, 1000, ctx())?.version).toBe("v2");
  });
});
