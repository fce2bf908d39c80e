import { describe, expect, it } from "vitest";
import { BackendPool } from "../../../src/relay/pool/pool.ts";
import { slowStartPick, startRamp } from "../../../src/relay/pool/slow-start.ts";
import { l4 } from "../helpers.ts";

/** Relay slow start: the pick among up backends while one ramps (src/relay/pool/slow-start.ts). */
const spec = (n: number, slowStartMs: number) => ({
  balance: "round_robin",
  slowStartMs,
  backends: Array.from({ length: n }, (_, i) => ({ name: `b${i}`, address: "10.0.0.1", port: 1000 + i })),
});
const poolOf = (s: object) => new BackendPool("p", l4({ pools: { p: s } }).pools.p!);
function share(p: BackendPool, id: string, n: number): number {
  let hits = 0;
  for (let i = 0; i < n; i++) if (p.pick("")!.id === id) hits++;
  return hits / n;
}

describe("relay slow start", () => {
  it("gives a backend that joins on reload a rising share, its full share after the window", async () => {
    const p = poolOf(spec(2, 600));
    expect(share(p, "b2", 300)).toBe(0);
    p.update(l4({ pools: { p: spec(3, 600) } }).pools.p!);
    const b2 = p.backends.find((b) => b.id === "b2")!;
    // Just joined: factor about 0.01 → share about 0.5%.
    expect(share(p, b2.id, 2000)).toBeLessThan(0.1);
    await new Promise((r) => setTimeout(r, 700));
    // Ramp over: round robin again, exactly a third.
    expect(share(p, b2.id, 3000)).toBeCloseTo(1 / 3, 2);
  });

  it("ramps a backend that comes back up; backends of the first config do not ramp", async () => {
    const p = poolOf(spec(2, 600));
    expect(share(p, "b1", 1000)).toBe(0.5);
    const b1 = p.backends[1]!;
    p.setUp(b1, false, "test");
    expect(share(p, "b1", 100)).toBe(0);
    p.setUp(b1, true, "test");
    expect(share(p, "b1", 2000)).toBeLessThan(0.1);
    await new Promise((r) => setTimeout(r, 700));
    expect(share(p, "b1", 1000)).toBe(0.5);
  });

  it("weights follow the linear ramp (fixed clock and random)", () => {
    const a = { weight: 1 };
    const b = { weight: 1 };
    startRamp(b, 1000);
    // At 25% of the window b's weight is 0.25: points below 1/1.25 go to a.
    let seq = 0;
    const rnd = () => (seq++ % 100) / 100;
    let bs = 0;
    for (let i = 0; i < 100; i++) if (slowStartPick([a, b], 1000, 1250, rnd) === b) bs++;
    expect(bs).toBe(20);
    expect(slowStartPick([a, b], 1000, 2000, rnd)).toBeUndefined();
  });
});
