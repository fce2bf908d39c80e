import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BODY_BYTES, type Fault, type FaultOrigin, startFaultOrigin } from "../../scripts/lib/fault-origin.ts";
import { HOST, type PoolEdge, startPoolEdge } from "../pool/edge-harness.ts";

/**
 * Fault suites (issue 10) through the real worker in workerd against real loopback origins, with
 * outlier detection off and on. The rule: while an origin of the pool would answer, an idempotent
 * request does not fail; a response whose body breaks after its headers reaches the client as an
 * abort, never as a truncated success.
 */
let edge: PoolEdge;
let o: FaultOrigin[];
let v = 0;

beforeAll(async () => {
  [edge, o] = await Promise.all([startPoolEdge(), Promise.all(["a", "b", "c"].map(startFaultOrigin))]);
});
afterAll(async () => {
  await edge?.close();
  await Promise.all((o ?? []).map((x) => x.close()));
});
beforeEach(async () => {
  for (const x of o) {
    await x.setMode("ok");
    x.ok = 0;
    x.hits = 0;
  }
});

const RETRY = {
  attempts: 3,
  perTryTimeoutMs: 400,
  retryOn: ["connect-failure", "reset", "timeout", "5xx"],
  budget: { percent: 100, minPerSecond: 10_000 },
  backoff: { baseMs: 1, maxMs: 5 },
};
const OUTLIER = {
  consecutive5xx: 2,
  consecutiveConnectFailures: 1,
  baseEjectionMs: 60_000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 100,
};

async function load(outlier: boolean, origins = o) {
  await edge.load({
    version: `faults-${++v}`,
    pools: {
      p: {
        origins: origins.map((x) => ({ name: x.name, url: x.url })),
        ...(outlier ? { outlier: OUTLIER } : {}),
      },
    },
    settings: { debugHeaders: true },
    virtualHosts: [
      {
        name: "faults",
        domains: [HOST],
        routes: [{ action: { type: "forward", pool: "p", timeoutMs: 5_000, retry: RETRY } }],
      },
    ],
  });
}

type Result = { ok: true; bytes: number } | { ok: false; status?: number; error?: string };

async function get(path = "/f", timeoutMs = 10_000): Promise<Result> {
  try {
    const res = await edge.get(path, { timeoutMs });
    if (res.status === 200) return { ok: true, bytes: res.body.length };
    return { ok: false, status: res.status };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** n sequential GETs; every one must be a 200 with the whole body. */
async function allSucceed(n: number, between?: (i: number) => Promise<void>) {
  const failures: string[] = [];
  for (let i = 0; i < n; i++) {
    if (between) await between(i);
    const r = await get();
    if (!r.ok || r.bytes !== BODY_BYTES) failures.push(`#${i}: ${JSON.stringify(r)}`);
  }
  expect(failures).toEqual([]);
}

async function modes(...m: Fault[]) {
  await Promise.all(m.map((x, i) => o[i]!.setMode(x)));
}

describe.each([false, true])("outlier detection %s", (outlier) => {
  beforeEach(() => load(outlier));

  it("refused connections: no request fails while another origin answers", async () => {
    await modes("refuse", "ok", "ok");
    await allSucceed(20);
  });

  it("resets before headers", async () => {
    await modes("reset-headers", "reset-headers", "ok");
    await allSucceed(20);
  });

  it("stalls before headers (per-try timeout, then another origin)", async () => {
    await modes("stall-headers", "ok", "ok");
    await allSucceed(8);
  });

  it("a 5xx burst", async () => {
    await modes(503, 503, "ok");
    await allSucceed(20);
    await modes("ok", "ok", "ok");
    await allSucceed(10);
  });

  it("a rolling restart (each origin down in turn, traffic throughout)", async () => {
    await allSucceed(36, async (i) => {
      if (i % 12 === 0) {
        const down = i / 12;
        await Promise.all(o.map((x, k) => x.setMode(k === down ? "refuse" : "ok")));
      }
    });
    await modes("ok", "ok", "ok");
    await allSucceed(10);
    expect(o.every((x) => x.ok > 0)).toBe(true);
  });

  it("a cascade (failures spread until one origin is left, then move to it after another recovers)", async () => {
    const steps: Fault[][] = [
      ["reset-headers", "ok", "ok"],
      ["reset-headers", 503, "ok"],
      ["refuse", "refuse", "ok"],
      ["ok", "refuse", "reset-headers"],
      ["ok", "ok", "ok"],
    ];
    await allSucceed(50, async (i) => {
      if (i % 10 === 0) await modes(...steps[i / 10]!);
    });
  });
});

describe("a body that breaks after the headers", () => {
  it("a reset mid-body reaches the client as an abort, never a truncated success", async () => {
    await load(false, [o[0]!]);
    await o[0]!.setMode("reset-body");
    for (let i = 0; i < 5; i++) {
      const r = await get();
      // An error (socket hang up / aborted), or a status without the whole body: never a 200 with a short body.
      if (r.ok) expect(r.bytes).toBe(BODY_BYTES);
      expect(r.ok).toBe(false);
    }
  });

  it("a stall mid-body is never completed into a success", async () => {
    await load(false, [o[0]!]);
    await o[0]!.setMode("stall-body");
    const r = await get("/f", 1_500);
    expect(r.ok).toBe(false);
  });
});
