import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LineBuffer } from "../../src/observe/line-buffer.ts";

/** A fake invocation: collects what was handed to waitUntil. */
function invocation() {
  const kept: Promise<unknown>[] = [];
  return { kept, waitUntil: (p: Promise<unknown>) => void kept.push(p) };
}

const limits = { flushMs: 1000, maxLines: 3 };

describe("LineBuffer (the access log's batching)", () => {
  let written: string[];
  let clock: number;
  let buf: LineBuffer;
  beforeEach(() => {
    vi.useFakeTimers();
    written = [];
    clock = 0;
    buf = new LineBuffer(
      (l) => written.push(l),
      () => clock,
    );
  });
  afterEach(() => vi.useRealTimers());

  it("flushMs 0 writes each line at once", () => {
    const ctx = invocation();
    buf.add("a", false, { flushMs: 0, maxLines: 100 }, ctx);
    expect(written).toEqual(["a"]);
    expect(ctx.kept).toHaveLength(0);
  });

  it("holds lines until the first request's timer fires, then writes them in order", async () => {
    const first = invocation();
    buf.add("a", false, limits, first);
    buf.add("b", false, limits, invocation());
    expect(written).toEqual([]);
    expect(first.kept).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await first.kept[0];
    expect(written).toEqual(["a", "b"]);
    expect(buf.pending).toBe(0);
  });

  it("arms one timer per batch, not per request", () => {
    const ctxs = [invocation(), invocation()];
    buf.add("a", false, limits, ctxs[0]!);
    buf.add("b", false, limits, ctxs[1]!);
    expect(ctxs[0]!.kept).toHaveLength(1);
    expect(ctxs[1]!.kept).toHaveLength(0);
  });

  it("flushes at once when maxLines wait", () => {
    for (const l of ["a", "b", "c"]) buf.add(l, false, limits, invocation());
    expect(written).toEqual(["a", "b", "c"]);
  });

  it("an urgent line flushes the waiting ones first, keeping order", () => {
    buf.add("a", false, limits, invocation());
    buf.add("err", true, limits, invocation());
    expect(written).toEqual(["a", "err"]);
  });

  it("a timer armed for a flushed batch does not flush the next batch early", async () => {
    const first = invocation();
    buf.add("a", false, limits, first); // timer due at 1000
    buf.add("err", true, limits, invocation());
    await vi.advanceTimersByTimeAsync(500);
    clock = 500;
    const second = invocation();
    buf.add("b", false, limits, second); // its own timer, due at 1500
    expect(second.kept).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    await first.kept[0];
    expect(written).toEqual(["a", "err"]);
    await vi.advanceTimersByTimeAsync(500);
    await second.kept[0];
    expect(written).toEqual(["a", "err", "b"]);
  });

  it("a shorter flushMs (a new table) arms an earlier timer", async () => {
    const slow = invocation();
    buf.add("a", false, { flushMs: 10_000, maxLines: 100 }, slow);
    const fast = invocation();
    buf.add("b", false, { flushMs: 100, maxLines: 100 }, fast);
    expect(fast.kept).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await fast.kept[0];
    expect(written).toEqual(["a", "b"]);
    buf.add("c", false, { flushMs: 100, maxLines: 100 }, invocation());
    await vi.advanceTimersByTimeAsync(10_000); // the slow timer finds its batch gone
    expect(written).toEqual(["a", "b", "c"]);
  });

  it("a lost timer: the next request writes overdue lines", () => {
    const lost = { waitUntil: () => {} }; // its invocation ended and took the timer with it
    buf.add("a", false, limits, lost);
    clock = 1000;
    buf.add("b", false, limits, invocation());
    expect(written).toEqual(["a", "b"]);
  });
});
