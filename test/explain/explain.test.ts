import { describe, expect, it } from "vitest";
import { explainRequest } from "../../src/explain/explain.ts";
import { parseEdgeConfig } from "../../src/schema/index.ts";

const origins = [1, 2, 3].map((i) => ({ name: `o${i}`, url: `http://10.0.0.${i}:8080/base` }));
const config = (() => {
  const p = parseEdgeConfig({
    version: "1",
    pools: {
      hashed: { origins, balance: { policy: "hash", hashOn: { header: "x-user" } } },
      "in-order": { origins, balance: { policy: "first" } },
      rr: { origins },
    },
    virtualHosts: [
      {
        name: "h",
        domains: ["h.example"],
        routes: [
          {
            name: "post-only",
            match: { methods: ["POST"], path: { prefix: "/" } },
            action: { type: "direct", status: 204 },
          },
          {
            name: "beta",
            match: { path: { prefix: "/" }, cookies: [{ name: "beta", exact: "1" }] },
            action: { type: "forward", pool: "rr" },
          },
          {
            name: "users",
            match: { path: { template: "/users/{id}" } },
            action: {
              type: "forward",
              pools: ["hashed", "in-order"],
              rewrite: { regex: { pattern: "^/users/", substitution: "/u/" } },
            },
          },
          { name: "rest", action: { type: "forward", pool: "rr" } },
        ],
      },
    ],
  });
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.config;
})();

describe("explainRequest", () => {
  it("walks candidates in match order with their first failing condition (method before path)", () => {
    const e = explainRequest(config, {
      method: "get",
      url: "https://h.example/users/42",
      headers: { cookie: "beta=0" },
    });
    expect(e.candidates.map((c) => [c.route, c.failed?.condition ?? "match"])).toEqual([
      ["post-only", "method"],
      ["beta", "cookie"],
      ["users", "match"],
    ]);
    expect(e.candidates[1]!.failed).toMatchObject({
      path: "$.virtualHosts[0].routes[1].match.cookies[0]",
      actual: "0",
    });
    expect(e.route).toMatchObject({ name: "users", params: { id: "42" } });
  });

  it("decides the origin offline for hash and first pools, and shows the rewritten origin request", () => {
    const e = explainRequest(config, {
      method: "GET",
      url: "https://h.example/users/42?x=1",
      headers: { "x-user": "alice" },
    });
    expect(e.pools.map((p) => [p.pool, p.choice.decided])).toEqual([
      ["hashed", true],
      ["in-order", true],
    ]);
    expect(e.pools[1]!.choice.origin).toBe("o1");
    const again = explainRequest(config, {
      method: "GET",
      url: "https://h.example/users/7",
      headers: { "x-user": "alice" },
    });
    expect(again.pools[0]!.choice.origin).toBe(e.pools[0]!.choice.origin); // same key, same origin
    const chosen = origins.find((o) => o.name === e.pools[0]!.choice.origin)!;
    expect(e.originRequest).toMatchObject({ method: "GET", path: "/u/42", url: `${chosen.url}/u/42?x=1` });
    const noKey = explainRequest(config, { method: "GET", url: "https://h.example/users/42" });
    expect(noKey.pools[0]!.choice).toMatchObject({ decided: false, origin: null });
  });

  it("reports BAD_PATH and unknown hosts as errors instead of a route", () => {
    expect(explainRequest(config, { method: "GET", url: "https://h.example/a/%2e%2e/%2Fx" }).error?.code).toBe(
      "BAD_PATH",
    );
    expect(explainRequest(config, { method: "GET", url: "https://nope.example/" }).error?.code).toBe("NO_ROUTE");
  });
});
