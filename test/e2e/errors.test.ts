import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

let edge: Edge;
let deadPort: number;
let blackhole: Server;

/** A port with nothing listening: bind, note it, close. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

beforeAll(async () => {
  edge = await startEdge(["slow"]);
  deadPort = await freePort();
  // Accepts TCP connections and never answers: the classic hung origin.
  blackhole = createServer(() => {});
  await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
  await edge.load({
    version: "errors-1",
    pools: {
      dead: { origins: [{ name: "dead-origin", url: `http://127.0.0.1:${deadPort}` }] },
      slow: { origins: [{ name: "slow-origin", url: edge.origins.slow!.url }] },
      hung: {
        origins: [{ name: "hung-origin", url: `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}` }],
      },
    },
    virtualHosts: [
      {
        name: "only",
        domains: ["only.example", "127.0.0.1"],
        routes: [
          { match: { path: { segmentPrefix: "/dead" } }, action: { type: "forward", pool: "dead" } },
          { match: { path: { segmentPrefix: "/slow" } }, action: { type: "forward", pool: "slow", timeoutMs: 400 } },
          { match: { path: { segmentPrefix: "/hung" } }, action: { type: "forward", pool: "hung", timeoutMs: 400 } },
          { match: { path: { segmentPrefix: "/fast" } }, action: { type: "forward", pool: "slow", timeoutMs: 10000 } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await edge?.close();
  blackhole?.close();
});

function expectError(res: Awaited<ReturnType<typeof rawRequest>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.requestId).toBe(res.headers["x-request-id"]);
}

describe("error mapping", () => {
  it("origin down -> 502 ORIGIN_UNREACHABLE", async () => {
    expectError(await rawRequest(edge.base, "/dead/x"), 502, "ORIGIN_UNREACHABLE");
  });

  it("origin slower than the route timeout -> 504 ORIGIN_TIMEOUT", async () => {
    const res = await rawRequest(edge.base, "/slow/x?delay=5000");
    expectError(res, 504, "ORIGIN_TIMEOUT");
    expect(res.json().error.message).toContain("400 ms");
  });

  it("origin that accepts but never answers -> 504 ORIGIN_TIMEOUT", async () => {
    expectError(await rawRequest(edge.base, "/hung"), 504, "ORIGIN_TIMEOUT");
  });

  it("a slow origin within the timeout is served", async () => {
    const res = await rawRequest(edge.base, "/fast?delay=300");
    expect(res.status).toBe(200);
    expect(res.json().origin).toBe("slow");
  });

  it("origin 5xx answers pass through as they are (not an edge error)", async () => {
    const res = await rawRequest(edge.base, "/fast?status=503");
    expect(res.status).toBe(503);
    expect(res.json().origin).toBe("slow");
  });

  it("no matching route -> 404 NO_ROUTE; unknown host -> 404 NO_ROUTE", async () => {
    expectError(await rawRequest(edge.base, "/nowhere"), 404, "NO_ROUTE");
    expectError(await rawRequest(edge.base, "/dead", { headers: { host: "other.example" } }), 404, "NO_ROUTE");
  });

  it("a malformed percent-escape -> 400 BAD_PATH", async () => {
    expectError(await rawRequest(edge.base, "/fast/%zz"), 400, "BAD_PATH");
  });
});

describe("route table in KV", () => {
  it("no table -> 503 ROUTE_TABLE_MISSING; invalid first table -> 503 ROUTE_TABLE_INVALID (fresh worker)", async () => {
    const fresh = await startEdge([]);
    try {
      expectError(await rawRequest(fresh.base, "/"), 503, "ROUTE_TABLE_MISSING");
      await fresh.worker.putTable({
        version: "bad",
        virtualHosts: [{ name: "x", domains: ["*"], routes: [{ action: { type: "forward", pool: "nope" } }] }],
      });
      let res = await rawRequest(fresh.base, "/");
      for (let i = 0; i < 100 && res.json().error.code === "ROUTE_TABLE_MISSING"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        res = await rawRequest(fresh.base, "/");
      }
      expectError(res, 503, "ROUTE_TABLE_INVALID");
    } finally {
      await fresh.close();
    }
  });
});
