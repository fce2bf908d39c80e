import { describe, expect, it } from "vitest";
import { ALL_UP } from "../../src/health/view.ts";
import { HealthViewCache } from "../../src/health/view-cache.ts";

function ctx() {
  const pending: Promise<unknown>[] = [];
  return { pending, waitUntil: (p: Promise<unknown>) => void pending.push(p) };
}

/** A KV namespace whose get() can be switched to never settle (a cancelled read). */
function kv() {
  const k = { reads: 0, hang: false, value: null as string | null };
  const ns = {
    get: (_key: string) => {
      k.reads++;
      return k.hang ? new Promise<string | null>(() => {}) : Promise.resolve(k.value);
    },
  } as unknown as KVNamespace;
  return { k, ns };
}

describe("HealthViewCache: a KV read that never settles", () => {
  it("cold: the first waiter gives up after maxReadMs (all up), the read went to waitUntil, later requests read again", async () => {
    let now = 0;
    const { k, ns } = kv();
    k.hang = true;
    const cache = new HealthViewCache(() => now, 100);
    const c = ctx();
    expect(await cache.get(ns, "health:v1", 1000, c)).toBe(ALL_UP);
    expect(c.pending).toHaveLength(1);
    k.hang = false;
    now = 101;
    await cache.get(ns, "health:v1", 1000, ctx());
    expect(k.reads).toBe(2);
  });

  it("warm: a hung refresh stops blocking refreshes once older than maxReadMs", async () => {
    let now = 0;
    const { k, ns } = kv();
    const cache = new HealthViewCache(() => now, 10_000);
    await cache.get(ns, "health:v1", 1000, ctx());
    k.hang = true;
    now = 2000;
    const c1 = ctx();
    await cache.get(ns, "health:v1", 1000, c1);
    expect(c1.pending).toHaveLength(1);
    now = 3000;
    const c2 = ctx();
    await cache.get(ns, "health:v1", 1000, c2);
    expect(c2.pending).toHaveLength(0); // one read at a time while it may still be alive
    k.hang = false;
    now = 12_001;
    const c3 = ctx();
    await cache.get(ns, "health:v1", 1000, c3);
    expect(c3.pending).toHaveLength(1);
    expect(k.reads).toBe(3);
  });
});
