import type { Endpoint } from "../../src/lb/index.ts";

/** Deterministic PRNG (mulberry32) so statistical tests are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function endpoints(weights: number[]): Endpoint[] {
  return weights.map((weight, i) => ({ id: `e${i}`, weight }));
}

export function countPicks(n: number, pick: () => Endpoint | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = pick();
    if (!e) throw new Error("pick returned undefined");
    counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  }
  return counts;
}

/** Asserts each share is within `tolerance` (relative) of its weight's share. */
export function expectShares(counts: Map<string, number>, eps: Endpoint[], tolerance: number): void {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const wsum = eps.reduce((a, e) => a + e.weight, 0);
  for (const e of eps) {
    const expected = e.weight / wsum;
    const actual = (counts.get(e.id) ?? 0) / total;
    if (Math.abs(actual - expected) > tolerance * expected + 1e-9) {
      throw new Error(`${e.id}: share ${actual.toFixed(4)} not within ${tolerance * 100}% of ${expected.toFixed(4)}`);
    }
  }
}
