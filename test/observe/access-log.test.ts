import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";
import { LogCapture } from "./log-capture.ts";

const HOST = "app.test";
const logs = new LogCapture();
let edge: Edge;

const doc = (version: string, sample = 1, buffer: { flushMs?: number; maxLines?: number } = {}) => ({
  version,
  settings: { accessLog: { sample, ...buffer } },
  policies: { "only-get": { type: "requestLimits", methods: ["GET"] } },
  pools: {
    web: { origins: [{ name: "a", url: edge.origins.a!.url }] },
    gone: { origins: [{ name: "dead", url: "http://127.0.0.1:1" }] },
  },
  virtualHosts: [
    {
      name: "app",
      domains: [HOST],
      routes: [
        { name: "api", match: { path: { segmentPrefix: "/api" } }, action: { type: "forward", pool: "web" } },
        { name: "ping", match: { path: { exact: "/ping" } }, action: { type: "direct", status: 200, body: "pong" } },
        {
          name: "guarded",
          match: { path: { exact: "/guarded" } },
          policies: ["only-get"],
          action: { type: "direct", status: 200, body: "ok" },
        },
        {
          name: "old",
          match: { path: { exact: "/old" } },
          action: { type: "redirect", code: 301, path: "/new" },
        },
        {
          name: "broken",
          match: { path: { exact: "/broken" } },
          action: { type: "forward", pool: "gone", retry: { attempts: 2 } },
        },
      ],
    },
  ],
});

let n = 0;
async function request(path: string, method = "GET") {
  const id = `log-test-${++n}`;
  const res = await rawRequest(edge.base, path, { method, headers: { host: HOST, "x-request-id": id } });
  const line = await logs.waitFor("access", (o) => o.requestId === id);
  return { res, line };
}

beforeAll(async () => {
  // With the Analytics Engine binding: every answer also writes a data point (must not disturb the request).
  edge = await startEdge(["a"], { onLog: logs.onLog, analytics: true });
  await edge.load(doc("log-1"));
});
afterAll(() => edge?.close());

describe("the access log (one JSON line per request)", () => {
  it("forward: route, pool, origin, attempts, status, bytes, version", async () => {
    const { res, line } = await request("/api/users?x=1");
    expect(res.status).toBe(200);
    expect(line).toMatchObject({
      event: "access",
      host: HOST,
      method: "GET",
      path: "/api/users",
      url: expect.stringContaining("/api/users?x=1"),
      virtualHost: "app",
      route: "api",
      policies: [],
      pool: "web",
      origin: "a",
      attempts: 1,
      status: 200,
      cache: null,
      version: "log-1",
      error: null,
    });
    expect(line.bytes).toBe(Number(res.headers["content-length"]));
    expect(typeof line.durationMs).toBe("number");
  });

  it("direct: no pool; bytes only when the response declares a Content-Length", async () => {
    const { line } = await request("/ping");
    expect(line).toMatchObject({ route: "ping", pool: null, origin: null, attempts: 0, status: 200 });
    expect([4, null]).toContain(line.bytes);
  });

  it("redirect: the redirect status", async () => {
    const { res, line } = await request("/old");
    expect(res.status).toBe(301);
    expect(line).toMatchObject({ route: "old", status: 301, pool: null, error: null });
  });

  it("errors: no route (404) and an unreachable origin (502) carry the error code and the attempts made", async () => {
    const miss = await request("/nowhere");
    expect(miss.line).toMatchObject({ route: null, status: 404, error: "NO_ROUTE", version: "log-1" });
    const down = await request("/broken");
    expect(down.res.status).toBeGreaterThanOrEqual(500);
    expect(down.line).toMatchObject({ route: "broken", pool: "gone", origin: "dead", attempts: 2 });
    expect(down.line.error).toBe(JSON.parse(down.res.text()).error.code);
  });

  it("sampling: sample 0 drops successful lines but keeps errors", async () => {
    await edge.load(doc("log-2", 0));
    const before = logs.events("access").length;
    const ok = `sampled-${++n}`;
    await rawRequest(edge.base, "/ping", { headers: { host: HOST, "x-request-id": ok } });
    const { line } = await request("/nowhere");
    expect(line.status).toBe(404);
    expect(logs.events("access").some((o) => o.requestId === ok)).toBe(false);
    expect(logs.events("access").length).toBeGreaterThan(before);
  });

  it("buffering: success lines wait for the batch; an error line writes them first, in order", async () => {
    await edge.load(doc("log-4", 1, { flushMs: 10_000 }));
    const ok = `buffered-${++n}`;
    await rawRequest(edge.base, "/ping", { headers: { host: HOST, "x-request-id": ok } });
    await new Promise((r) => setTimeout(r, 300));
    expect(logs.events("access").some((o) => o.requestId === ok)).toBe(false);
    const { line } = await request("/nowhere"); // 404 NO_ROUTE: an edge error is urgent
    expect(line.error).toBe("NO_ROUTE");
    const ids = logs.events("access").map((o) => o.requestId);
    expect(ids.indexOf(ok)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(ok)).toBeLessThan(ids.indexOf(line.requestId));
  });

  it("buffering: the batch is written when maxLines wait", async () => {
    await edge.load(doc("log-5", 1, { flushMs: 10_000, maxLines: 2 }));
    const first = `batch-${++n}`;
    await rawRequest(edge.base, "/ping", { headers: { host: HOST, "x-request-id": first } });
    await new Promise((r) => setTimeout(r, 300));
    expect(logs.events("access").some((o) => o.requestId === first)).toBe(false);
    const { line } = await request("/ping"); // the second line fills the buffer
    expect(line.status).toBe(200);
    expect(logs.events("access").some((o) => o.requestId === first)).toBe(true);
  });

  it("policies: each that ran with its outcome (passed, or the refusal's code)", async () => {
    await edge.load(doc("log-3"));
    const ok = await request("/guarded");
    expect([ok.res.status, ok.line.policies]).toEqual([200, [{ name: "only-get", outcome: "passed" }]]);
    const refused = await request("/guarded", "DELETE");
    expect([refused.res.status, refused.line.policies]).toEqual([
      405,
      [{ name: "only-get", outcome: "METHOD_NOT_ALLOWED" }],
    ]);
    expect(refused.line.error).toBe("METHOD_NOT_ALLOWED");
  });
});
