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
