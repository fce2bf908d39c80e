import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

/** The route table the three workers below serve: one forward, one guarded by a policy, one direct. */
function doc(version: string, origin: string) {
  return {
    version,
    pools: { app: { origins: [{ name: "a", url: origin }] } },
    virtualHosts: [
      {
        name: "site",
        domains: ["site.test"],
        routes: [
          { name: "guarded", match: { path: { prefix: "/guarded" } }, action: { type: "forward", pool: "app" } },
          { name: "api", match: { path: { prefix: "/api" } }, action: { type: "forward", pool: "app" } },
          { name: "gone", match: { path: { exact: "/gone" } }, action: { type: "direct", status: 410, body: "gone" } },
        ],
      },
    ],
  };
}

const get = (e: Edge, path: string, headers: Record<string, string> = {}) =>
  rawRequest(e.base, path, { headers: { host: "site.test", ...headers } });

describe("a user's Hono app: middleware before and after edgeRouter(), a route with policies", () => {
  let edge: Edge;
  beforeAll(async () => {
    edge = await startEdge(["a"], { entry: "test/worker/fixtures/custom-app.ts" });
    await edge.load(doc("c1", edge.origins.a!.url));
  });
  afterAll(() => edge?.close());

  it("a matching route is answered by the router; middleware before it sees the answer", async () => {
    const res = await get(edge, "/api/x");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text()).origin).toBe("a");
    expect(res.headers["x-before"]).toBe("1");
    expect((await get(edge, "/gone")).status).toBe(410);
  });

  it("a miss goes on to what follows the router; nothing there: the NO_ROUTE 404 JSON", async () => {
    const after = await get(edge, "/after");
    expect([after.status, after.text()]).toEqual([200, "after the router"]);
    const miss = await get(edge, "/nowhere", { "x-request-id": "req-miss-1" });
    expect(miss.status).toBe(404);
    expect(JSON.parse(miss.text())).toEqual({
      error: { code: "NO_ROUTE", message: "no route matches GET site.test/nowhere", requestId: "req-miss-1" },
    });
  });

  it("the route's policy chain runs before the action: refuses, or lets through and changes the response", async () => {
    const refused = await get(edge, "/guarded/x");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text())).toEqual({ refused: true });
    const passed = await get(edge, "/guarded/x", { "x-key": "open-sesame" });
    expect(passed.status).toBe(200);
    expect(JSON.parse(passed.text()).origin).toBe("a");
    expect(passed.headers["x-policy"]).toBe("passed");
    // Routes without policies are untouched by it.
    expect((await get(edge, "/api/x", { "x-key": "open-sesame" })).headers["x-policy"]).toBeUndefined();
  });
});

describe("the bare handler (src/worker/bare.ts) serves the same table the same way", () => {
  let edge: Edge;
  beforeAll(async () => {
    edge = await startEdge(["a"], { entry: "src/worker/bare.ts" });
    await edge.load(doc("b1", edge.origins.a!.url));
  });
  afterAll(() => edge?.close());

  it("forward, direct and NO_ROUTE", async () => {
    const res = await get(edge, "/api/x");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text()).origin).toBe("a");
    expect((await get(edge, "/gone")).status).toBe(410);
    const miss = await get(edge, "/after", { "x-request-id": "req-miss-2" });
    expect(miss.status).toBe(404);
    expect(JSON.parse(miss.text()).error).toEqual({
      code: "NO_ROUTE",
      message: "no route matches GET site.test/after",
      requestId: "req-miss-2",
    });
  });
});
