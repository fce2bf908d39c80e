import { describe, expect, it } from "vitest";
import {
  BALANCE_POLICIES,
  createBalancer,
  FirstBalancer,
  LeastLoadBalancer,
  RandomBalancer,
  RoundRobinBalancer,
} from "../../src/lb/index.ts";
import { countPicks, endpoints, expectShares, seeded } from "./helpers.ts";

describe("smooth weighted round robin", () => {
  it("interleaves 5/1/1 like nginx instead of bursting", () => {
    const eps = [
      { id: "a", weight: 5 },
      { id: "b", weight: 1 },
      { id: "c", weight: 1 },
    ];
    const rr = new RoundRobinBalancer();
    const seq = Array.from({ length: 7 }, () => rr.pick(eps)!.id).join("");
    expect(seq).toBe("aabacaa");
  });

  it("gives exact weighted counts over whole cycles", () => {
    const eps = endpoints([3, 2, 1, 4]);
    const rr = new RoundRobinBalancer();
    const counts = countPicks(1000, () => rr.pick(eps));
    expect(Object.fromEntries(counts)).toEqual({ e0: 300, e1: 200, e2: 100, e3: 400 });
  });

  it("keeps rotating the others when one candidate drops out and comes back", () => {
    const eps = endpoints([1, 1, 1]);
    const rr = new RoundRobinBalancer();
    const counts = countPicks(300, () => rr.pick(eps));
    const without = eps.filter((e) => e.id !== "e1");
    const c2 = countPicks(300, () => rr.pick(without));
    expect(c2.get("e1")).toBeUndefined();
    expect(c2.get("e0")).toBe(150);
    const c3 = countPicks(300, () => rr.pick(eps));
    for (const id of ["e0", "e1", "e2"]) expect(Math.abs((c3.get(id) ?? 0) - 100)).toBeLessThanOrEqual(2);
    expect(counts.size).toBe(3);
  });
});

describe("weighted random", () => {
  it("follows weights within wide bounds", () => {
    const eps = endpoints([1, 2, 3, 4]);
    const b = new RandomBalancer();
    expectShares(
      countPicks(40_000, () => b.pick(eps)),
      eps,
      0.1,
    );
  });

  it("is reproducible with an injected random source", () => {
    const eps = endpoints([1, 1, 1]);
    const a = new RandomBalancer({ random: seeded(7) });
    const b = new RandomBalancer({ random: seeded(7) });
    for (let i = 0; i < 100; i++) expect(a.pick(eps)).toBe(b.pick(eps));
  });
});

describe("least load (power of two choices)", () => {
  it("never picks the most loaded endpoint while any other is eligible", () => {
    const eps = endpoints([1, 1, 1, 1]);
    const load = new Map([
      ["e0", 10],
      ["e1", 0],
      ["e2", 1],
      ["e3", 2],
    ]);
    const b = new LeastLoadBalancer({ random: seeded(1) });
    const counts = countPicks(10_000, () => b.pick(eps, { load: (id) => load.get(id)! }));
    expect(counts.get("e0")).toBeUndefined();
    expect(counts.get("e1")!).toBeGreaterThan(counts.get("e2")!);
    expect(counts.get("e2")!).toBeGreaterThan(counts.get("e3")!);
  });

  it("keeps outstanding requests balanced when one endpoint is slow", () => {
    // e0 completes requests 4x slower; with p2c it should receive clearly fewer requests.
    const eps = endpoints([1, 1, 1]);
    const outstanding = new Map(eps.map((e) => [e.id, 0]));
    const b = new LeastLoadBalancer();
    const rnd = seeded(3);
    const picked = new Map(eps.map((e) => [e.id, 0]));
    for (let i = 0; i < 30_000; i++) {
      const e = b.pick(eps, { load: (id) => outstanding.get(id)! })!;
      outstanding.set(e.id, outstanding.get(e.id)! + 1);
      picked.set(e.id, picked.get(e.id)! + 1);
      for (const x of eps) {
        const p = x.id === "e0" ? 0.2 : 0.8; // capacity 1.8 per step for 1 arrival
        const o = outstanding.get(x.id)!;
        if (o > 0 && rnd() < p) outstanding.set(x.id, o - 1);
      }
    }
    expect(picked.get("e0")!).toBeLessThan(picked.get("e1")! * 0.7);
    expect(Math.max(...outstanding.values())).toBeLessThan(50);
  });

  it("respects weights when loads are equal", () => {
    const eps = endpoints([1, 3]);
    const b = new LeastLoadBalancer();
    const counts = countPicks(20_000, () => b.pick(eps, { load: () => 0 }));
    expect(counts.get("e1")!).toBeGreaterThan(counts.get("e0")! * 1.5);
  });

  it("is weighted random without a load function", () => {
    const eps = endpoints([1, 1]);
    const b = new LeastLoadBalancer();
    expectShares(
      countPicks(20_000, () => b.pick(eps)),
      eps,
      0.1,
    );
  });
});

describe("first", () => {
  it("picks the first eligible candidate in order", () => {
    const b = new FirstBalancer();
    expect(b.pick(endpoints([1, 1]))!.id).toBe("e0");
    expect(b.pick(endpoints([0, 1]))!.id).toBe("e1");
    expect(b.pick(endpoints([0, 0]))!.id).toBe("e0");
  });
});

describe("every policy", () => {
  it.each(BALANCE_POLICIES)("%s: empty gives undefined, single gives it, weight 0 is a standby", (policy) => {
    const b = createBalancer(policy);
    expect(b.policy).toBe(policy);
    expect(b.pick([])).toBeUndefined();
    const one = endpoints([0]);
    expect(b.pick(one, { key: "k", load: () => 0 })).toBe(one[0]);
    const eps = endpoints([0, 1, 2]);
    for (let i = 0; i < 500; i++) expect(b.pick(eps, { key: `k${i}`, load: () => 0 })!.id).not.toBe("e0");
    const allZero = endpoints([0, 0, 0]);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(b.pick(allZero, { key: `k${i}`, load: () => 0 })!.id);
    expect(seen.size).toBe(policy === "first" ? 1 : 3);
  });

  it("rejects an unknown policy", () => {
    expect(() => createBalancer("bogus" as never)).toThrow(/unknown balance policy/);
  });
});

describe("state across changing candidate lists", () => {
  it("round robin and hash stay correct when a caller mutates its array in place", () => {
    const eps = endpoints([1, 1, 1, 1]);
    const list = eps.slice(0, 2);
    const rr = new RoundRobinBalancer();
    const hash = createBalancer("hash");
    const owner = (k: string) => hash.pick(list, { key: k })!.id;
    const before = owner("client-7");
    countPicks(10, () => rr.pick(list));
    list.push(eps[2]!, eps[3]!); // same array object, new members
    const counts = countPicks(400, () => rr.pick(list));
    expect(Object.fromEntries(counts)).toEqual({ e0: 100, e1: 100, e2: 100, e3: 100 });
    const fresh = createBalancer("hash");
    for (let i = 0; i < 200; i++) expect(owner(`k${i}`)).toBe(fresh.pick([...list], { key: `k${i}` })!.id);
    list.splice(2, 2);
    expect(owner("client-7")).toBe(before);
  });
});
