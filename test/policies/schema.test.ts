import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicyChains } from "../../src/policies/compile.ts";
import { parseEdgeConfig } from "../../src/schema/index.ts";

const pools = { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } };
const fwd = { type: "forward", pool: "p" };

function issues(
  policies: Record<string, unknown>,
  vhostExtra: Record<string, unknown> = {},
  route: Record<string, unknown> = {},
) {
  const r = parseEdgeConfig({
    version: "1",
    pools,
    policies,
    virtualHosts: [{ name: "v", domains: ["a.example"], ...vhostExtra, routes: [{ action: fwd, ...route }] }],
  });
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const hs = { type: "jwt", algorithms: ["HS256"], secret: "0123456789abcdef0123456789abcdef" };

describe("policies schema: load errors with their JSON path", () => {
  it("a valid document parses, with defaults", () => {
    const r = parseEdgeConfig({
      version: "1",
      pools,
      policies: { auth: hs, rl: { type: "rateLimit", backend: "durableObject", limit: 5, windowSeconds: 1 } },
      virtualHosts: [
        { name: "v", domains: ["a.example"], policies: ["rl"], routes: [{ action: fwd, policies: ["auth"] }] },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.policies.rl).toMatchObject({ key: ["ip"], shards: 16, onLimiterError: "open" });
    expect(r.config.policies.auth).toMatchObject({ clockSkewSeconds: 30, header: "authorization" });
  });

  it("unknown policy referenced by a virtual host or a route; skipPolicies of a policy not inherited", () => {
    expect(issues({}, { policies: ["nope"] })).toEqual([
      '$.virtualHosts[0].policies[0]: policy "nope" is not defined in $.policies',
    ]);
    expect(issues({ a: hs }, {}, { policies: ["a", "b"] })).toEqual([
      '$.virtualHosts[0].routes[0].policies[1]: policy "b" is not defined in $.policies',
    ]);
    expect(issues({ a: hs }, {}, { skipPolicies: ["a"] })).toEqual([
      '$.virtualHosts[0].routes[0].skipPolicies[0]: policy "a" is not applied by this route\'s virtual host',
    ]);
    expect(issues({ a: hs }, {}, { policies: ["a", "a"] })[0]).toMatch(/policies\[1\]: policy "a" is listed twice/);
  });

  it("unsupported algorithm, HS/RS mixing, key source problems", () => {
    expect(issues({ j: { ...hs, algorithms: ["none"] } })[0]).toMatch(
      /^\$\.policies\.j\.algorithms\[0\]: unsupported algorithm/,
    );
    expect(issues({ j: { ...hs, algorithms: ["HS256", "RS256"] } })).toContain(
      "$.policies.j.algorithms: HS and public-key algorithms cannot be mixed in one policy (key confusion)",
    );
    expect(issues({ j: { type: "jwt", algorithms: ["RS256"], secret: hs.secret } })[0]).toMatch(
      /secret\/secretEnv needs HS/,
    );
    expect(issues({ j: { type: "jwt", algorithms: ["HS256"] } })[0]).toMatch(/exactly one key source/);
    expect(issues({ j: { ...hs, secret: "short" } })[0]).toMatch(/^\$\.policies\.j\.secret:/);
  });

  it("bad keys: PEM, JWK kty, private JWK, wrong curve", () => {
    const rs = (k: unknown) => issues({ j: { type: "jwt", algorithms: ["RS256"], keys: [k] } });
    expect(rs("-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----")[0]).toMatch(/^\$\.policies\.j\.keys\[0\]/);
    expect(rs({ kty: "XYZ" }).join()).toMatch(/unsupported JWK kty/);
    expect(rs({ kty: "RSA", n: "abc" }).join()).toMatch(/needs e/);
    expect(rs({ kty: "RSA", n: "a", e: "AQAB", d: "secret" }).join()).toMatch(/private key/);
    expect(rs({ kty: "EC", crv: "P-384", x: "a", y: "b" }).join()).toMatch(/P-256/);
  });

  it("bad CIDR, bad country, bad CORS regex and origin, bad password hash, bad rate-limit window", () => {
    expect(issues({ i: { type: "ipFilter", allow: ["10.0.0.0/33"] } })).toEqual([
      '$.policies.i.allow[0]: "10.0.0.0/33": prefix length must be 0–32',
    ]);
    expect(issues({ i: { type: "ipFilter", deny: ["2001:db8::/129", "300.1.1.1", "fe80::1"] } })).toHaveLength(2);
    expect(issues({ i: { type: "ipFilter", denyCountries: ["de"] } })[0]).toMatch(
      /^\$\.policies\.i\.denyCountries\[0\]/,
    );
    expect(issues({ c: { type: "cors", origins: [{ regex: "(a" }] } })[0]).toMatch(
      /^\$\.policies\.c\.origins\[0\]\.regex: invalid regex/,
    );
    expect(issues({ c: { type: "cors", origins: [{ regex: "(a)\\1" }] } })[0]).toMatch(/invalid regex/);
    expect(issues({ c: { type: "cors", origins: ["*"], credentials: true } })[0]).toMatch(
      /^\$\.policies\.c\.credentials/,
    );
    expect(issues({ b: { type: "basicAuth", users: [{ username: "u", password: "hunter2" }] } })[0]).toMatch(
      /^\$\.policies\.b\.users\[0\]\.password: must be pbkdf2-sha256/,
    );
    expect(issues({ r: { type: "rateLimit", backend: "binding", limit: 1, windowSeconds: 30 } })[0]).toMatch(
      /^\$\.policies\.r\.windowSeconds: the Rate Limiting binding counts over 10 or 60 seconds/,
    );
    expect(issues({ k: { type: "apiKey", keys: [{ name: "a", sha256: "abc" }] } })[0]).toMatch(
      /sha256: must be a SHA-256/,
    );
  });
});

describe("compilePolicyChains", () => {
  it("virtual host policies first, then the route's, minus skipped; routes without policies get none", () => {
    const r = parseEdgeConfig({
      version: "1",
      pools,
      policies: {
        a: { type: "responseHeaders" },
        b: { type: "requestLimits", methods: ["GET"] },
        c: { type: "ipFilter", allow: ["10.0.0.0/8"] },
      },
      virtualHosts: [
        {
          name: "v",
          domains: ["a.example"],
          policies: ["a", "b"],
          routes: [
            { name: "all", action: { ...fwd }, policies: ["c"] },
            { name: "skip", action: { ...fwd }, skipPolicies: ["a", "b"] },
            { name: "some", action: { ...fwd }, skipPolicies: ["a"] },
          ],
        },
        { name: "w", domains: ["b.example"], routes: [{ action: { ...fwd } }] },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const chains = compilePolicyChains(r.config);
    const [all, skip, some] = r.config.virtualHosts[0]!.routes;
    expect(chains.chainOf(all!.action)).toHaveLength(3);
    expect(chains.chainOf(skip!.action)).toBeUndefined();
    expect(chains.chainOf(some!.action)).toHaveLength(1);
    expect(chains.chainOf(r.config.virtualHosts[1]!.routes[0]!.action)).toBeUndefined();
    // The same policy is built once and shared.
    expect(chains.chainOf(all!.action)![1]).toBe(chains.chainOf(some!.action)![0]);
  });

  it("a document without policies compiles to the empty set", () => {
    const r = parseEdgeConfig({
      version: "1",
      pools,
      virtualHosts: [{ name: "v", domains: ["a.example"], routes: [{ action: fwd }] }],
    });
    if (!r.ok) throw new Error("invalid");
    expect(compilePolicyChains(r.config).empty).toBe(true);
  });
});

describe("docs/policies.md", () => {
  it("the complete example table is a valid document", () => {
    const md = readFileSync("docs/policies.md", "utf8");
    const section = md.slice(md.indexOf("## A complete example table"));
    const json = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const r = parseEdgeConfig(JSON.parse(json));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});
