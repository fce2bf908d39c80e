import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "../pool/edge-harness.ts";
import { deadUrl } from "../pool/origins.ts";
import { eventually, inParallel, type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/** Mirroring and the maintenance fallback through the real worker in workerd. */
let edge: PoolEdge;
let main: RecordingOrigin;
let shadow: RecordingOrigin;
let dead: string;
let v = 0;

beforeAll(async () => {
  [edge, main, shadow] = await Promise.all([
    startPoolEdge(),
    startRecordingOrigin("main"),
    startRecordingOrigin("shadow"),
  ]);
  dead = await deadUrl();
});
afterAll(async () => {
  await edge?.close();
  await Promise.all([main?.close(), shadow?.close()]);
});
beforeEach(() => {
  for (const o of [main, shadow]) Object.assign(o, { seen: [], delayMs: 0, hang: false, respond: () => ({}) });
});

const mirrorTable = (mirror: object) =>
  table(
    `mirror-${++v}`,
    { main: { origins: [{ name: "m1", url: main.url }] }, shadow: { origins: [{ name: "sh1", url: shadow.url }] } },
    [{ prefix: "/", action: { pool: "main", mirror } }],
  );

describe("mirror", () => {
  it("copies exactly the configured fraction, with the body and a -shadow forwarded host", async () => {
    await edge.load(mirrorTable({ pool: "shadow", fraction: 0.25 }));
    const res = await inParallel(200, 8, (i) =>
      edge.get(`/m/${i}?q=1`, { method: "POST", body: Buffer.from(`payload-${i}`) }),
    );
    for (const [i, r] of res.entries()) {
      expect(r.status).toBe(200);
      expect(r.text()).toBe(`main POST /m/${i}?q=1`);
    }
    expect(main.seen.length).toBe(200);
    await eventually(() => shadow.seen.length >= 50, "50 shadow copies");
    await new Promise((r) => setTimeout(r, 200));
    expect(shadow.seen.length).toBe(50);
    for (const s of shadow.seen) {
      const i = /^\/m\/(\d+)\?q=1$/.exec(s.url)![1];
      expect(s.method).toBe("POST");
      expect(s.body.toString()).toBe(`payload-${i}`);
      expect(s.headers["x-forwarded-host"]).toBe("pools.test-shadow");
      expect(s.headers["x-edge-shadow"]).toBe("1");
    }
    // The primary got the whole body too.
    expect(main.seen.every((s) => /^payload-\d+$/.test(s.body.toString()))).toBe(true);
  });

  it("never changes the client's status, body or latency when the shadow fails, hangs or is down", async () => {
    await edge.load(mirrorTable({ pool: "shadow", fraction: 1, timeoutMs: 10_000 }));
    shadow.respond = () => ({ status: 500, body: "shadow broke" });
    for (let i = 0; i < 5; i++) {
      const r = await edge.get(`/a${i}`);
      expect([r.status, r.text()]).toEqual([200, `main GET /a${i}`]);
    }
    await eventually(() => shadow.seen.length === 5, "5 copies");
    shadow.hang = true;
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      const r = await edge.get(`/b${i}`);
      expect([r.status, r.text()]).toEqual([200, `main GET /b${i}`]);
    }
    // The shadow never answers (10 s timeout); the client's five requests are not held by it.
    expect(Date.now() - t0).toBeLessThan(5_000);
    await edge.load(
      table(
        `mirror-${++v}`,
        { main: { origins: [{ name: "m1", url: main.url }] }, shadow: { origins: [{ name: "x", url: dead }] } },
        [{ prefix: "/", action: { pool: "main", mirror: { pool: "shadow" } } }],
      ),
    );
    const r = await edge.get("/c");
    expect([r.status, r.text()]).toEqual([200, "main GET /c"]);
  });

  it("skips the copy of a body over maxBodyBytes (the primary still gets all of it)", async () => {
    await edge.load(mirrorTable({ pool: "shadow", fraction: 1, maxBodyBytes: 100 }));
    const big = Buffer.alloc(5000, 7);
    const r = await edge.get("/big", { method: "PUT", body: big });
    expect(r.status).toBe(200);
    expect(main.seen.at(-1)!.body.equals(big)).toBe(true);
    await edge.get("/small", { method: "PUT", body: Buffer.from("tiny") });
    await eventually(() => shadow.seen.length === 1, "the small copy");
    expect(shadow.seen[0]!.url).toBe("/small");
  });
});

describe("maintenance fallback", () => {
  const fallback = { status: 503, body: "down for maintenance", retryAfter: 120, headers: { "x-why": "maint" } };

  it("answers the configured response when every pool of the chain is unreachable", async () => {
    await edge.load(
      table(`fb-${++v}`, { a: { origins: [{ name: "a1", url: dead }] }, b: { origins: [{ name: "b1", url: dead }] } }, [
        { prefix: "/", action: { pools: ["a", "b"], fallback } },
      ]),
    );
    const r = await edge.get("/x");
    expect(r.status).toBe(503);
    expect(r.text()).toBe("down for maintenance");
    expect(r.headers["retry-after"]).toBe("120");
    expect(r.headers["x-why"]).toBe("maint");
    expect(r.headers["x-edge-fallback"]).toBe("1");
  });

  it("answers it when health marks every origin down, and forwards again when one is up", async () => {
    await edge.load(
      table(`fb-${++v}`, { a: { origins: [{ name: "a1", url: main.url }], health: { path: "/health" } } }, [
        { prefix: "/", action: { pool: "a", fallback: { ...fallback, status: 200 } } },
      ]),
    );
    const down = {
      v: 1,
      writtenAt: Date.now(),
      pools: { a: { a1: { up: false, since: 0, checkedAt: Date.now(), consecutive: 0, url: main.url, last: "500" } } },
    };
    await edge.kv.put("health:v1", JSON.stringify(down));
    let r = await edge.get("/x");
    for (let i = 0; i < 100 && r.headers["x-edge-fallback"] === undefined; i++) {
      await new Promise((res) => setTimeout(res, 25));
      r = await edge.get("/x");
    }
    expect([r.status, r.text()]).toEqual([200, "down for maintenance"]);
    await edge.kv.delete("health:v1");
    for (let i = 0; i < 100 && r.headers["x-edge-fallback"] !== undefined; i++) {
      await new Promise((res) => setTimeout(res, 25));
      r = await edge.get("/x");
    }
    expect([r.status, r.text()]).toEqual([200, "main GET /x"]);
  });

  it("without a fallback the chain-down error stays 502", async () => {
    await edge.load(
      table(`fb-${++v}`, { a: { origins: [{ name: "a1", url: dead }] } }, [{ prefix: "/", action: { pool: "a" } }]),
    );
    expect((await edge.get("/x")).status).toBe(502);
  });
});
