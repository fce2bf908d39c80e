import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "../pool/edge-harness.ts";
import { inParallel, type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/** Weighted split through the real worker in workerd: ratios, stickiness across weight moves, override, schedule. */
let edge: PoolEdge;
let stable: RecordingOrigin;
let canary: RecordingOrigin;
let v = 0;

const pools = () => ({
  stable: { origins: [{ name: "s1", url: stable.url }] },
  canary: { origins: [{ name: "c1", url: canary.url }] },
});
const splitTable = (split: object) =>
  table(`split-${++v}`, pools(), [{ prefix: "/", action: { pool: "stable", split } }]);

beforeAll(async () => {
  [edge, stable, canary] = await Promise.all([
    startPoolEdge(),
    startRecordingOrigin("stable"),
    startRecordingOrigin("canary"),
  ]);
});
afterAll(async () => {
  await edge?.close();
  await Promise.all([stable?.close(), canary?.close()]);
});

/** The side each user key lands on (from x-edge-split), users 0..n-1. */
async function sides(n: number, headers: (i: number) => Record<string, string> = (i) => ({ "x-user": `u${i}` })) {
  return inParallel(n, 8, async (i) => {
    const res = await edge.get("/x", { headers: headers(i) });
    expect(res.status).toBe(200);
    const side = String(res.headers["x-edge-split"]);
    // The side named in the header is the pool that answered.
    expect(res.text().startsWith(side === "canary" ? "canary" : "stable")).toBe(true);
    return side;
  });
}
const count = (xs: string[], s: string) => xs.filter((x) => x === s).length;

describe("weighted split", () => {
  it("sends about 10% to the canary and keeps cohorts when the weight moves from 10 to 25", async () => {
    const split = (w: number) => ({
      primary: "stable",
      stickyOn: { header: "x-user" },
      sides: [{ name: "canary", pool: "canary", weight: w }],
    });
    const n = 2000;
    await edge.load(splitTable(split(10)));
    const before = await sides(n);
    // Binomial(2000, 0.1): mean 200, sd 13.4; the cohort hash is fixed, so this is deterministic too.
    expect(count(before, "canary")).toBeGreaterThan(150);
    expect(count(before, "canary")).toBeLessThan(250);
    // Same keys again: nobody moves.
    expect(await sides(n)).toEqual(before);

    await edge.load(splitTable(split(25)));
    const after = await sides(n);
    expect(count(after, "canary")).toBeGreaterThan(440);
    expect(count(after, "canary")).toBeLessThan(560);
    // Monotone: every canary user stays canary; the only moves are stable -> canary.
    for (let i = 0; i < n; i++) if (before[i] === "canary") expect(after[i]).toBe("canary");
    const moved = before.filter((s, i) => s !== after[i]).length;
    expect(moved).toBe(count(after, "canary") - count(before, "canary"));
  });

  it("honours the override header and cookie (always, never, a side name)", async () => {
    await edge.load(
      splitTable({
        sides: [{ name: "canary", pool: "canary", weight: 0 }],
        override: { header: "x-canary", cookie: "canary" },
      }),
    );
    expect(await sides(20, () => ({}))).toEqual(Array(20).fill("primary"));
    expect(await sides(20, () => ({ "x-canary": "always" }))).toEqual(Array(20).fill("canary"));
    expect(await sides(5, () => ({ cookie: "a=1; canary=canary" }))).toEqual(Array(5).fill("canary"));
    expect(await sides(5, () => ({ "x-canary": "bogus" }))).toEqual(Array(5).fill("primary"));
    await edge.load(
      splitTable({ sides: [{ name: "canary", pool: "canary", weight: 100 }], override: { header: "x-canary" } }),
    );
    expect(await sides(10, () => ({ "x-canary": "never" }))).toEqual(Array(10).fill("primary"));
    expect(await sides(10, () => ({}))).toEqual(Array(10).fill("canary"));
  });

  it("sticks by JWT subject", async () => {
    await edge.load(
      splitTable({
        stickyOn: { jwtSubject: "authorization" },
        sides: [{ name: "canary", pool: "canary", weight: 50 }],
      }),
    );
    const jwt = (sub: string) => `Bearer e30.${Buffer.from(JSON.stringify({ sub })).toString("base64url")}.c2ln`;
    const first = await sides(200, (i) => ({ authorization: jwt(`user-${i % 40}`) }));
    // Each of the 40 subjects always lands on one side; both sides get some.
    for (let i = 40; i < 200; i++) expect(first[i]).toBe(first[i % 40]);
    expect(count(first, "canary")).toBeGreaterThan(0);
    expect(count(first, "primary")).toBeGreaterThan(0);
  });

  it("follows a schedule: before the start, half way, after the end", async () => {
    const sched = (startMs: number) =>
      splitTable({
        stickyOn: { header: "x-user" },
        sides: [{ name: "canary", pool: "canary", weight: 0 }],
        schedule: { side: "canary", from: 0, to: 100, start: new Date(startMs).toISOString(), durationS: 100_000 },
      });
    await edge.load(sched(Date.now() + 3_600_000));
    expect(count(await sides(200), "canary")).toBe(0);
    // Started 50,000 s ago of 100,000: weight 50% (moves 0.001%/s: nothing measurable during the test).
    await edge.load(sched(Date.now() - 50_000_000));
    const half = count(await sides(1000), "canary");
    expect(half).toBeGreaterThan(420);
    expect(half).toBeLessThan(580);
    await edge.load(sched(Date.now() - 200_000_000));
    expect(count(await sides(200), "canary")).toBe(200);
  });
});
