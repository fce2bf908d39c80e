import { describe, expect, it } from "vitest";
import { explainRequest } from "../../src/explain/explain.ts";
import { parseEdgeConfig } from "../../src/schema/index.ts";

const doc = parseEdgeConfig({
  version: "explain-policies",
  pools: { web: { origins: [{ name: "a", url: "http://127.0.0.1:9" }] } },
  policies: {
    auth: { type: "jwt", algorithms: ["HS256"], secret: "0123456789abcdef0123456789abcdef" },
    geo: { type: "ipFilter", denyCountries: ["KP"] },
    limits: { type: "requestLimits", methods: ["GET", "HEAD"] },
    rl: { type: "rateLimit", backend: "durableObject", limit: 5, windowSeconds: 10 },
  },
  virtualHosts: [
    {
      name: "api",
      domains: ["api.test"],
      policies: ["geo", "limits"],
      routes: [
        {
          name: "open",
          match: { path: { prefix: "/open" } },
          skipPolicies: ["limits"],
          action: { type: "forward", pool: "web" },
        },
        {
          name: "private",
          match: { path: { prefix: "/private" } },
          policies: ["auth", "rl"],
          action: { type: "forward", pool: "web" },
        },
      ],
    },
  ],
});
if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
const config = doc.config;
const verdicts = (e: ReturnType<typeof explainRequest>) => e.policies.map((p) => `${p.name}:${p.verdict}`);

describe("explain: the policy chain and what can be decided offline", () => {
  it("virtual host policies first, minus the route's skipPolicies, then the route's", () => {
    expect(verdicts(explainRequest(config, { method: "POST", url: "http://api.test/open" }))).toEqual([
      "geo:per request",
    ]);
    expect(
      explainRequest(config, { method: "GET", url: "http://api.test/private/x" }).policies.map((p) => p.path),
    ).toEqual([
      "$.virtualHosts[0].policies[0]",
      "$.virtualHosts[0].policies[1]",
      "$.virtualHosts[0].routes[1].policies[0]",
      "$.virtualHosts[0].routes[1].policies[1]",
    ]);
  });

  it("a missing token refuses with 401 AUTH_REQUIRED and the rest is not reached; a token is verified live", () => {
    const e = explainRequest(config, { method: "GET", url: "http://api.test/private/x", country: "DE" });
    expect(verdicts(e)).toEqual(["geo:passes", "limits:passes", "auth:refuses", "rl:not reached"]);
    expect(e.policies[2]!.outcome).toMatch(/^401 AUTH_REQUIRED/);
    const t = explainRequest(config, {
      method: "GET",
      url: "http://api.test/private/x",
      headers: { authorization: "Bearer x.y.z" },
    });
    expect(verdicts(t)).toEqual(["geo:per request", "limits:passes", "auth:per request", "rl:per request"]);
  });

  it("a denied country and a method outside requestLimits are decided offline", () => {
    const kp = explainRequest(config, { method: "GET", url: "http://api.test/private/x", country: "kp" });
    expect([kp.policies[0]!.verdict, kp.policies[0]!.outcome]).toEqual([
      "refuses",
      "403 FORBIDDEN: country KP is denied",
    ]);
    const del = explainRequest(config, { method: "DELETE", url: "http://api.test/private/x", country: "DE" });
    expect(del.policies[1]!.outcome).toBe("405 METHOD_NOT_ALLOWED: DELETE is not in GET, HEAD");
  });
});
