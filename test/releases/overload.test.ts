import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "../pool/edge-harness.ts";
import { eventually, inParallel, type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/** Overload protection per origin through the real worker in workerd: cap, queue, streaming, breaker, shedding. */
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
beforeEach(() => {
  for (const o of [a, b])
    Object.assign(o, { seen: [], delayMs: 0, hang: false, respond: () => ({}), stream: undefined, maxActive: 0 });
});

const load = (origins: RecordingOrigin[], overload: object, action: object = {}) =>
  edge.load(
    table(
      `ov-${++v}`,
      { p: { origins: origins.map((o) => ({ name: o.name, url: o.url })), overload, balance: { policy: "first" } } },
      [{ prefix: "/", action: { pool: "p", retry: { attempts: 1 }, ...action } }],
    ),
  );

describe("in-flight cap and wait queue", () => {
  it("holds the origin at the cap, queues up to maxQueue, refuses the rest with 503 and Retry-After", async () => {
    await load([a], { maxInFlight: 2, maxQueue: 2, queueTimeoutMs: 10_000, retryAfterS: 7 });
    a.delayMs = 600;
    const res = await inParallel(6, 6, (i) => edge.get(`/slow/${i}`));
    const ok = res.filter((r) => r.status === 200);
    const refused = res.filter((r) => r.status === 503);
    expect(ok.length).toBe(4);
    expect(refused.length).toBe(2);
    for (const r of refused) {
      expect(r.json().error.code).toBe("ORIGIN_OVERLOADED");
      expect(r.headers["retry-after"]).toBe("7");
    }
    expect(a.maxActive).toBe(2);
    expect(a.seen.length).toBe(4);
  });

  it("refuses a waiter whose wait times out", async () => {
    await load([a], { maxInFlight: 1, maxQueue: 1, queueTimeoutMs: 200 });
    a.delayMs = 1500;
    const [first, second] = await Promise.all([
      edge.get("/1"),
      new Promise((r) => setTimeout(r, 100)).then(() => edge.get("/2")),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(second.json().error.message).toContain("no slot came free in time");
    expect(a.seen.length).toBe(1);
  });

  it("counts a streaming response until its body has ended", async () => {
    await load([a], { maxInFlight: 1, maxQueue: 0 });
    a.stream = { chunks: 8, intervalMs: 150 };
    const streaming = edge.get("/stream");
    await eventually(() => a.seen.length === 1, "the stream started");
    await new Promise((r) => setTimeout(r, 300)); // headers are out, the body is still streaming
    const during = await edge.get("/during");
    expect(during.status).toBe(503);
    const done = await streaming;
    expect(done.status).toBe(200);
    expect(done.text()).toContain("chunk 7");
    a.stream = undefined;
    let after = await edge.get("/after");
    for (let i = 0; i < 20 && after.status !== 200; i++) after = await edge.get("/after");
    expect(after.status).toBe(200);
  });
});

describe("circuit breaker", () => {
  it("opens after consecutive failures, lets one probe through when half-open, closes on success", async () => {
    await load([a], { maxInFlight: 100, breaker: { consecutiveFailures: 3, openMs: 800 } });
    a.respond = () => ({ status: 500 });
    for (let i = 0; i < 3; i++) expect((await edge.get(`/f${i}`)).status).toBe(500);
    // Open: the origin is not asked.
    const open = await edge.get("/open");
    expect(open.status).toBe(503);
    expect(open.json().error.code).toBe("NO_HEALTHY_ORIGIN");
    expect(a.seen.length).toBe(3);
    // Half-open, probe fails: open again at once.
    await new Promise((r) => setTimeout(r, 900));
    expect((await edge.get("/probe1")).status).toBe(500);
    expect((await edge.get("/again")).status).toBe(503);
    expect(a.seen.length).toBe(4);
    // Half-open, probe succeeds: closed.
    await new Promise((r) => setTimeout(r, 900));
    a.respond = () => ({});
    expect((await edge.get("/probe2")).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await edge.get(`/ok${i}`)).status).toBe(200);
    expect(a.seen.length).toBe(10);
  });

  it("sends the traffic to the other origins while one breaker is open", async () => {
    await load([a, b], { maxInFlight: 100, breaker: { consecutiveFailures: 2, openMs: 60_000 } });
    a.respond = () => ({ status: 502 });
    expect((await edge.get("/1")).status).toBe(502);
    expect((await edge.get("/2")).status).toBe(502);
    for (let i = 0; i < 5; i++) expect((await edge.get(`/b${i}`)).text()).toBe(`b GET /b${i}`);
    expect(a.seen.length).toBe(2);
  });
});

describe("load shedding", () => {
  it("sheds the configured fraction while the pool is degraded, none while healthy", async () => {
    await load([a, b], {
      maxInFlight: 100,
      breaker: { consecutiveFailures: 1, openMs: 60_000 },
      shed: { fraction: 0.5, whenUnavailablePercent: 50 },
    });
    const healthy = await inParallel(10, 1, (i) => edge.get(`/h${i}`));
    expect(healthy.every((r) => r.status === 200)).toBe(true);
    a.respond = () => ({ status: 500 });
    expect((await edge.get("/trip")).status).toBe(500);
    const degraded = await inParallel(20, 1, (i) => edge.get(`/d${i}`));
    const shed = degraded.filter((r) => r.status === 503);
    expect(shed.length).toBe(10);
    expect(shed[0]!.json().error.code).toBe("ORIGIN_OVERLOADED");
    expect(degraded.filter((r) => r.status === 200).length).toBe(10);
  });
});
