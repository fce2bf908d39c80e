import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "../pool/edge-harness.ts";
import { type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/** Slow start in the worker (workerd): a joining or recovering origin's share rises over the window. */
let edge: PoolEdge;
let a: RecordingOrigin;
let b: RecordingOrigin;
let v = 0;

beforeAll(async () => {
  [edge, a, b] = await Promise.all([startPoolEdge(), startRecordingOrigin("a"), startRecordingOrigin("b")]);
});
afterAll(async () => {
  await edge?.close();
  await Promise.all([a?.close(), b?.close()]);
});

const pool = (origins: RecordingOrigin[], extra: object = {}) => ({
  p: { origins: origins.map((o) => ({ name: o.name, url: o.url })), slowStartMs: 3000, ...extra },
});

/** Sends requests one after another for `ms`, returning [ms since start, origin] pairs. */
async function run(ms: number): Promise<[number, string][]> {
  const out: [number, string][] = [];
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const r = await edge.get("/x");
    out.push([Date.now() - t0, String(r.headers["x-edge-origin"])]);
  }
  return out;
}
const share = (xs: [number, string][], who: string, from: number, to: number) => {
  const w = xs.filter(([t]) => t >= from && t < to);
  return { n: w.length, share: w.filter(([, o]) => o === who).length / Math.max(1, w.length) };
};

describe("slow start", () => {
  it("ramps an origin that joins the pool: a small share at first, its full share after the window", async () => {
    await edge.load(table(`ss-${++v}`, pool([a]), [{ prefix: "/", action: { pool: "p" } }]));
    await run(100);
    await edge.load(table(`ss-${++v}`, pool([a, b]), [{ prefix: "/", action: { pool: "p" } }]));
    const xs = await run(4200);
    const early = share(xs, "p/b", 0, 700);
    const late = share(xs, "p/b", 3300, 4200);
    expect(early.n).toBeGreaterThan(10);
    expect(late.n).toBeGreaterThan(10);
    // Factor <= 0.23 in the first 700 ms (plus the probe's delay): share <= ~0.19 expected.
    expect(early.share).toBeLessThan(0.3);
    // After the window: round robin again, an even split.
    expect(late.share).toBeGreaterThan(0.4);
    expect(late.share).toBeLessThan(0.6);
  });

  it("ramps an origin that recovers from an open breaker", async () => {
    await edge.load(
      table(
        `ss-${++v}`,
        pool([a, b], { overload: { maxInFlight: 100, breaker: { consecutiveFailures: 1, openMs: 300 } } }),
        [{ prefix: "/", action: { pool: "p", retry: { attempts: 1 } } }],
      ),
    );
    b.respond = () => ({ status: 500 });
    for (let i = 0; i < 4; i++) await edge.get("/trip");
    b.respond = () => ({});
    const xs = await run(4000);
    const early = share(xs, "p/b", 0, 900);
    const late = share(xs, "p/b", 3500, 4000);
    expect(early.share).toBeLessThan(0.3);
    expect(late.share).toBeGreaterThan(0.4);
    expect(late.share).toBeLessThan(0.6);
  });
});
