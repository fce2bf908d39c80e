import { describe, expect, it } from "vitest";
import { createBalancer, type Endpoint, fnv1a32, RendezvousBalancer } from "../../src/lb/index.ts";
import { endpoints, expectShares } from "./helpers.ts";

const KEYS = Array.from({ length: 10_000 }, (_, i) => `client-${i}.${(i * 7919) % 257}`);

function owners(eps: Endpoint[], b = new RendezvousBalancer()): string[] {
  return KEYS.map((k) => b.pick(eps, { key: k })!.id);
}

describe("rendezvous hashing", () => {
  it("spreads keys evenly, and by weight", () => {
    const eq = endpoints(Array(10).fill(1));
    const counts = new Map<string, number>();
    for (const id of owners(eq)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expectShares(counts, eq, 0.15);

    const weighted = endpoints([1, 2, 3, 4]);
    const wc = new Map<string, number>();
    for (const id of owners(weighted)) wc.set(id, (wc.get(id) ?? 0) + 1);
    expectShares(wc, weighted, 0.12);
  });

  it("removing one of 10 endpoints remaps ~1/10 of keys, only the removed one's", () => {
    const eps = endpoints(Array(10).fill(1));
    const before = owners(eps);
    const removed = "e4";
    const after = owners(eps.filter((e) => e.id !== removed));
    let moved = 0;
    for (let i = 0; i < KEYS.length; i++) {
      if (before[i] !== after[i]) {
        moved++;
        expect(before[i]).toBe(removed);
      } else {
        expect(before[i]).not.toBe(removed);
      }
    }
    const fraction = moved / KEYS.length;
    expect(fraction).toBeGreaterThan(0.5 / 10);
    expect(fraction).toBeLessThan(1.5 / 10);
  });

  it("adding an 11th endpoint moves ~1/11 of keys, all to the new one", () => {
    const eps = endpoints(Array(10).fill(1));
    const before = owners(eps);
    const after = owners([...eps, { id: "new", weight: 1 }]);
    let moved = 0;
    for (let i = 0; i < KEYS.length; i++) {
      if (before[i] !== after[i]) {
        moved++;
        expect(after[i]).toBe("new");
      }
    }
    expect(moved / KEYS.length).toBeGreaterThan(0.5 / 11);
    expect(moved / KEYS.length).toBeLessThan(1.5 / 11);
  });

  it("is deterministic across instances and independent of candidate order", () => {
    const eps = endpoints([1, 1, 2, 1, 3]);
    const a = owners(eps, new RendezvousBalancer());
    const b = owners([...eps].reverse(), createBalancer("hash") as RendezvousBalancer);
    expect(b).toEqual(a);
  });

  it("has fixed outputs (the same in every process and runtime)", () => {
    // Golden values: if these change, every deployed relay/worker would disagree with the new build.
    const eps = endpoints(Array(5).fill(1));
    const b = new RendezvousBalancer();
    expect(["10.0.0.1", "10.0.0.2", "2001:db8::1", "user-42", "ü🙂"].map((k) => b.pick(eps, { key: k })!.id)).toEqual(
      GOLDEN,
    );
  });

  it("hashes the UTF-8 bytes of a key", () => {
    const ref = (s: string) => {
      let h = 0x811c9dc5;
      for (const byte of new TextEncoder().encode(s)) h = Math.imul(h ^ byte, 0x01000193);
      return h >>> 0;
    };
    for (const s of ["", "a", "hello world", "ü", "€uro", "🙂 smile", "\ud800lone"]) expect(fnv1a32(s)).toBe(ref(s));
    expect(fnv1a32("a")).toBe(0xe40c292c); // published FNV-1a 32 test vector
  });

  it("falls back to weighted random without a key", () => {
    const eps = endpoints([1, 1]);
    const b = new RendezvousBalancer();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(b.pick(eps)!.id);
    expect(seen.size).toBe(2);
  });
});

const GOLDEN = ["e2", "e0", "e4", "e4", "e2"];
