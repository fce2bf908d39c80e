import { describe, expect, it } from "vitest";
import { BackendPool } from "../../../src/relay/pool/pool.ts";
import { l4 } from "../helpers.ts";

function pool(spec: Record<string, unknown>, name = "p"): BackendPool {
  const section = l4({ pools: { [name]: spec } });
  return new BackendPool(name, section.pools[name]!);
}

const backends = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ name: `b${i}`, address: "10.0.0.1", port: 1000 + i, ...extra(i) }));

function counts(p: BackendPool, n: number, key: (i: number) => string = () => ""): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const b = p.pick(key(i))!;
    out[b.id] = (out[b.id] ?? 0) + 1;
  }
  return out;
}

describe("balance policies", () => {
  it("round_robin follows the weights exactly", () => {
    const p = pool({ balance: "round_robin", backends: backends(3, (i) => ({ weight: [5, 1, 2][i] })) });
    expect(counts(p, 800)).toEqual({ b0: 500, b1: 100, b2: 200 });
  });

  it("random follows the weights statistically", () => {
    const p = pool({ balance: "random", backends: backends(2, (i) => ({ weight: [3, 1][i] })) });
    const c = counts(p, 20_000);
    expect(c.b0! / 20_000).toBeGreaterThan(0.7);
    expect(c.b0! / 20_000).toBeLessThan(0.8);
  });

  it("least_conn picks the backend with the fewest open connections per weight", () => {
    const p = pool({ balance: "least_conn", backends: backends(3) });
    const [a, b, c] = p.backends;
    for (let i = 0; i < 5; i++) p.acquire(a!);
    p.acquire(b!);
    expect(p.pick("")).toBe(c);
    // Held connections: picks spread until all are level.
    const held = [];
    for (let i = 0; i < 9; i++) {
      const x = p.pick("")!;
      p.acquire(x);
      held.push(x);
    }
    expect(p.backends.map((x) => x.active)).toEqual([5, 5, 5]);
  });

  it("p2c avoids loaded backends", () => {
    const p = pool({ balance: "p2c", backends: backends(4) });
    for (let i = 0; i < 100; i++) p.acquire(p.backends[0]!);
    const c = counts(p, 4000);
    // b0 is picked only if both draws land on it, which p2c never does with distinct draws.
    expect(c.b0 ?? 0).toBe(0);
    for (const id of ["b1", "b2", "b3"]) expect(c[id]).toBeGreaterThan(900);
  });

  it("first takes the first usable backend in order", () => {
    const p = pool({ balance: "first", backends: backends(3) });
    expect(counts(p, 10)).toEqual({ b0: 10 });
    p.setUp(p.backends[0]!, false, "test");
    expect(counts(p, 10)).toEqual({ b1: 10 });
  });

  it("hash keeps clients sticky, spreads them, and remaps about 1/N when a backend leaves or joins", () => {
    const spec = (n: number) => ({ balance: "hash", backends: backends(n) });
    const ips = Array.from({ length: 10_000 }, (_, i) => `192.168.${i >> 8}.${i & 255}`);
    const ten = pool(spec(10));
    const before = ips.map((ip) => ten.pick(ip)!.id);
    // Spread: each of 10 backends gets roughly a tenth.
    const c: Record<string, number> = {};
    for (const id of before) c[id] = (c[id] ?? 0) + 1;
    for (const n of Object.values(c)) expect(n).toBeGreaterThan(700);
    // Sticky: same answer again.
    expect(ips.slice(0, 100).map((ip) => ten.pick(ip)!.id)).toEqual(before.slice(0, 100));
    // Another relay instance with the same config agrees on every client.
    const other = pool(spec(10));
    expect(ips.map((ip) => other.pick(ip)!.id)).toEqual(before);
    // Remove one backend (down): only its clients move (~1/10).
    ten.setUp(ten.backends[3]!, false, "test");
    const after = ips.map((ip) => ten.pick(ip)!.id);
    const moved = after.filter((id, i) => id !== before[i]).length;
    expect(moved).toBe(before.filter((id) => id === "b3").length);
    expect(moved / ips.length).toBeGreaterThan(0.06);
    expect(moved / ips.length).toBeLessThan(0.14);
    // Add an eleventh: about 1/11 move, all of them to the new backend.
    const eleven = pool(spec(11));
    const grown = ips.map((ip) => eleven.pick(ip)!.id);
    const movedIds = grown.filter((id, i) => id !== before[i]);
    expect(new Set(movedIds)).toEqual(new Set(["b10"]));
    expect(movedIds.length / ips.length).toBeGreaterThan(0.06);
    expect(movedIds.length / ips.length).toBeLessThan(0.13);
  });

  it("uses backups only when every primary is down", () => {
    const p = pool({ balance: "round_robin", backends: backends(3, (i) => ({ backup: i === 2 })) });
    expect(Object.keys(counts(p, 50)).sort()).toEqual(["b0", "b1"]);
    p.setUp(p.backends[0]!, false, "test");
    expect(Object.keys(counts(p, 50))).toEqual(["b1"]);
    p.setUp(p.backends[1]!, false, "test");
    expect(Object.keys(counts(p, 50))).toEqual(["b2"]);
    p.setUp(p.backends[0]!, true, "test");
    expect(Object.keys(counts(p, 50))).toEqual(["b0"]);
    p.setUp(p.backends[2]!, false, "test");
    p.setUp(p.backends[0]!, false, "test");
    expect(p.pick("")).toBeUndefined();
  });

  it("a listener may override the pool's policy", () => {
    const p = pool({ balance: "round_robin", backends: backends(3) });
    expect(new Set(Array.from({ length: 6 }, () => p.pick("", undefined, "first")!.id))).toEqual(new Set(["b0"]));
  });

  it("keeps backend state across an update and reports removed backends", () => {
    const p = pool({ backends: backends(3) });
    const [b0, b1, b2] = p.backends;
    p.acquire(b1!);
    p.setUp(b0!, false, "test");
    const next = l4({ pools: { p: { backends: [...backends(2), { name: "b9", address: "10.0.0.9", port: 9 }] } } })
      .pools.p!;
    const removed = p.update(next);
    expect(removed).toEqual([b2]);
    expect(b2!.removed).toBe(true);
    expect(p.backends[0]).toBe(b0);
    expect(p.backends[0]!.up).toBe(false);
    expect(p.backends[1]!.active).toBe(1);
    expect(p.backends[2]!.id).toBe("b9");
  });
});

describe("health state machine", () => {
  it("applies rise and fall counts", () => {
    const p = pool({ health: { rise: 2, fall: 3 }, backends: backends(1) });
    const b = p.backends[0]!;
    const events: string[] = [];
    p.onStateChange = (_p, _b, up) => events.push(up ? "up" : "down");
    p.reportCheck(b, false);
    p.reportCheck(b, false);
    expect(b.up).toBe(true);
    p.reportCheck(b, true); // a success resets the fall streak
    p.reportCheck(b, false);
    p.reportCheck(b, false);
    expect(b.up).toBe(true);
    p.reportCheck(b, false);
    expect(b.up).toBe(false);
    p.reportCheck(b, true);
    expect(b.up).toBe(false);
    p.reportCheck(b, true);
    expect(b.up).toBe(true);
    expect(events).toEqual(["down", "up"]);
  });

  it("passive failures mark down and, without active checks, recover after downMs", async () => {
    const p = pool({ passive: { maxFails: 2, downMs: 100 }, backends: backends(2) });
    const b = p.backends[0]!;
    p.reportConnect(b, false);
    expect(b.up).toBe(true);
    p.reportConnect(b, false);
    expect(b.up).toBe(false);
    expect(new Set(Array.from({ length: 5 }, () => p.pick("")!.id))).toEqual(new Set(["b1"]));
    await new Promise((r) => setTimeout(r, 300));
    expect(b.up).toBe(true);
    p.close();
  });
});
