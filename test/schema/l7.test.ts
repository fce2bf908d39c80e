import { describe, expect, it } from "vitest";
import { parseEdgeConfig, parseEdgeConfigText } from "../../src/schema/index.ts";

const pools = { api: { origins: [{ name: "a", url: "http://127.0.0.1:8081" }] } };
const fwd = (pool = "api") => ({ type: "forward", pool });
const doc = (routes: unknown[], extra: Record<string, unknown> = {}) => ({
  version: "1",
  pools,
  virtualHosts: [{ name: "main", domains: ["example.com", "*"], routes }],
  ...extra,
});

/** The issues of an invalid document as "path: message" lines, for exact-path assertions. */
function issues(input: unknown): string[] {
  const r = parseEdgeConfig(input);
  if (r.ok) throw new Error("expected the document to be rejected");
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("valid documents", () => {
  it("accepts every match kind and action, and fills defaults", () => {
    const r = parseEdgeConfig(
      doc([
        {
          name: "all",
          priority: 5,
          match: {
            path: { template: "/users/{id}", caseSensitive: false },
            methods: ["get", "POST"],
            hosts: ["*.example.com"],
            headers: [
              { name: "X-Env", exact: "canary", ignoreCase: true },
              { name: "x-debug", present: false },
            ],
            cookies: [{ name: "beta", prefix: "1" }],
            query: [{ name: "id", regex: "[0-9]+" }],
            apiVersion: {
              from: [
                { type: "header" },
                { type: "mediaType", vendor: "acme" },
                { type: "query" },
                { type: "pathSegment", strip: true },
              ],
              range: ">=2.1 <3",
              default: "2.1",
            },
          },
          action: {
            type: "forward",
            pool: "api",
            timeoutMs: 5000,
            rewrite: { regex: { pattern: "^/users", substitution: "/u" } },
            requestHeaders: { set: { "x-a": "1" }, remove: ["x-b"] },
          },
        },
        { match: { path: { segmentPrefix: "/old" } }, action: { type: "redirect", prefixRewrite: "/new", code: 308 } },
        { action: { type: "direct", status: 404, body: "{}", contentType: "application/json" } },
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b, c] = r.config.virtualHosts[0]!.routes;
    expect(a!.match.methods).toEqual(["GET", "POST"]);
    expect(a!.match.headers![0]!.name).toBe("x-env");
    expect(a!.match.apiVersion!.from).toEqual([
      { type: "header", name: "accept-version" },
      { type: "mediaType", vendor: "acme" },
      { type: "query", name: "api-version" },
      { type: "pathSegment", index: 0, prefix: "v", strip: true },
    ]);
    expect(b!.priority).toBe(0);
    expect(b!.action).toMatchObject({ type: "redirect", stripQuery: false, code: 308 });
    expect(c!.match).toEqual({});
  });

  it("lower-cases domains and accepts IP literals", () => {
    const r = parseEdgeConfig({
      version: "1",
      pools,
      virtualHosts: [{ name: "m", domains: ["API.Example.COM", "127.0.0.1", "[::1]"], routes: [] }],
    });
    expect(r.ok && r.config.virtualHosts[0]!.domains).toEqual(["api.example.com", "127.0.0.1", "[::1]"]);
  });
});

describe("invalid documents report the exact JSON path", () => {
  it("a route naming a missing pool", () => {
    expect(issues(doc([{ action: fwd() }, { action: fwd() }, { action: fwd("x") }]))).toEqual([
      '$.virtualHosts[0].routes[2].action.pool: pool "x" is not defined',
    ]);
  });

  it("path needs exactly one kind", () => {
    expect(issues(doc([{ match: { path: { exact: "/a", prefix: "/a" } }, action: fwd() }]))).toEqual([
      "$.virtualHosts[0].routes[0].match.path: path takes exactly one of exact, prefix, segmentPrefix, template, regex, got exact and prefix",
    ]);
    expect(issues(doc([{ match: { path: { caseSensitive: false } }, action: fwd() }]))).toEqual([
      "$.virtualHosts[0].routes[0].match.path: path needs exactly one of exact, prefix, segmentPrefix, template, regex",
    ]);
  });

  it("paths must be absolute; segment prefixes must not end with '/'", () => {
    expect(
      issues(
        doc([
          { match: { path: { prefix: "api" } }, action: fwd() },
          { match: { path: { segmentPrefix: "/api/" } }, action: fwd() },
        ]),
      ),
    ).toEqual([
      "$.virtualHosts[0].routes[0].match.path.prefix: must start with '/'",
      "$.virtualHosts[0].routes[1].match.path.segmentPrefix: must not end with '/' (use \"/api\", which matches /api and /api/...)",
    ]);
  });

  it("bad templates say what is wrong", () => {
    expect(issues(doc([{ match: { path: { template: "/a/{x}.json" } }, action: fwd() }]))).toEqual([
      '$.virtualHosts[0].routes[0].match.path.template: invalid template: segment "{x}.json" must be a whole {name}, {name=*} or {name=**}',
    ]);
    expect(issues(doc([{ match: { path: { template: "/a/**/b" } }, action: fwd() }]))[0]).toBe(
      "$.virtualHosts[0].routes[0].match.path.template: invalid template: '**' may only be the last segment",
    );
  });

  it("regexes RE2 cannot run are load errors at their path, with the engine's reason", () => {
    const r = issues(
      doc([
        {
          match: {
            path: { regex: "/(a+)+$" }, // nested repeats are fine on RE2 (linear time)
            headers: [
              { name: "x", regex: "(\\w)\\1" },
              { name: "y", regex: "a(?=b)" },
              { name: "z", regex: "(?<!a)b" },
            ],
            query: [{ name: "q", regex: "[" }],
          },
          action: fwd(),
        },
      ]),
    );
    expect(r).toEqual([
      expect.stringMatching(
        /^\$\.virtualHosts\[0\]\.routes\[0\]\.match\.headers\[0\]\.regex: invalid regex \(RE2 syntax\): .*backreferences are not supported/,
      ),
      expect.stringMatching(
        /headers\[1\]\.regex: invalid regex \(RE2 syntax\): .*lookahead and lookbehind are not supported/,
      ),
      expect.stringMatching(
        /headers\[2\]\.regex: invalid regex \(RE2 syntax\): .*lookahead and lookbehind are not supported/,
      ),
      expect.stringMatching(
        /^\$\.virtualHosts\[0\]\.routes\[0\]\.match\.query\[0\]\.regex: invalid regex \(RE2 syntax\): /,
      ),
    ]);
  });

  it("header/cookie/query matchers need exactly one test", () => {
    expect(
      issues(
        doc([
          { match: { headers: [{ name: "x" }], cookies: [{ name: "c", exact: "1", present: true }] }, action: fwd() },
        ]),
      ),
    ).toEqual([
      "$.virtualHosts[0].routes[0].match.headers[0]: header match needs exactly one of exact, prefix, suffix, contains, regex, present",
      "$.virtualHosts[0].routes[0].match.cookies[0]: cookie match takes exactly one of exact, prefix, regex, present, got exact and present",
    ]);
    expect(issues(doc([{ match: { headers: [{ name: "bad name", present: true }] }, action: fwd() }]))).toEqual([
      "$.virtualHosts[0].routes[0].match.headers[0].name: must be a valid HTTP header name",
    ]);
  });

  it("version ranges, sources and exact/range exclusivity", () => {
    expect(
      issues(
        doc([
          { match: { apiVersion: { from: [{ type: "header" }], range: "^x.y" } }, action: fwd() },
          { match: { apiVersion: { from: [{ type: "header" }], exact: "1", range: "1" } }, action: fwd() },
          { match: { apiVersion: { from: [{ type: "cookie" }] } }, action: fwd() },
          { match: { apiVersion: { from: [] } }, action: fwd() },
          {
            match: { apiVersion: { from: [{ type: "pathSegment" }, { type: "pathSegment", index: 1 }] } },
            action: fwd(),
          },
        ]),
      ),
    ).toEqual([
      '$.virtualHosts[0].routes[0].match.apiVersion.range: invalid version range: "^x.y" is not a version or comparator',
      "$.virtualHosts[0].routes[1].match.apiVersion: use either exact or range, not both",
      expect.stringMatching(/^\$\.virtualHosts\[0\]\.routes\[2\]\.match\.apiVersion\.from\[0\]\.type: /),
      expect.stringMatching(/^\$\.virtualHosts\[0\]\.routes\[3\]\.match\.apiVersion\.from: /),
      "$.virtualHosts[0].routes[4].match.apiVersion.from: at most one pathSegment source",
    ]);
  });

  it("domains: syntax, ports and duplicates across virtual hosts", () => {
    const r = issues({
      version: "1",
      pools,
      virtualHosts: [
        { name: "a", domains: ["api.example.com", "*.example.com", "a.*.com", "x.test:8080"], routes: [] },
        { name: "b", domains: ["API.example.com", "*"], routes: [] },
        { name: "a", domains: ["other.test"], routes: [] },
      ],
    });
    expect(r).toEqual([
      "$.virtualHosts[0].domains[2]: \"a.*.com\" may use '*' once, at its start (*.example.com) or end (api.*)",
      '$.virtualHosts[0].domains[3]: "x.test:8080" must not include a port (hosts are matched without it)',
      '$.virtualHosts[1].domains[0]: domain "api.example.com" is already served by $.virtualHosts[0]',
      '$.virtualHosts[2].name: virtual host name "a" is already used by $.virtualHosts[0]',
    ]);
  });

  it("duplicate route names within a virtual host", () => {
    expect(
      issues(
        doc([
          { name: "r", action: fwd() },
          { name: "r", action: fwd() },
        ]),
      ),
    ).toEqual(['$.virtualHosts[0].routes[1].name: route name "r" is already used by route 0 of this virtual host']);
  });

  it("actions: unknown type, bad status, redirect code, header injection", () => {
    expect(
      issues(
        doc([
          { action: { type: "proxy", pool: "api" } },
          { action: { type: "direct", status: 99 } },
          { action: { type: "redirect", code: 300 } },
          { action: { type: "forward", pool: "api", requestHeaders: { set: { "x-a": "1\r\nx-b: 2" } } } },
          { action: { type: "redirect", path: "/a\r\nSet-Cookie: x=1" } },
          {
            match: { path: { regex: "/a(.*)" } },
            action: { type: "forward", pool: "api", rewrite: { regex: { pattern: "^/a", substitution: "/b\n" } } },
          },
        ]),
      ),
    ).toEqual([
      "$.virtualHosts[0].routes[0].action.type: Invalid discriminator value. Expected 'forward' | 'direct' | 'redirect'",
      "$.virtualHosts[0].routes[1].action.status: Too small: expected number to be >=200",
      "$.virtualHosts[0].routes[2].action.code: must be one of 301, 302, 303, 307, 308",
      '$.virtualHosts[0].routes[3].action.requestHeaders.set["x-a"]: must not contain CR, LF or NUL',
      "$.virtualHosts[0].routes[4].action.path: must not contain CR, LF or NUL",
      "$.virtualHosts[0].routes[5].action.rewrite.regex.substitution: must not contain CR, LF or NUL",
    ]);
  });

  it("direct actions: no body with 204/205/304, no CR/LF in contentType", () => {
    expect(
      issues(
        doc([
          { action: { type: "direct", status: 204, body: "" } },
          { action: { type: "direct", status: 205, body: "x" } },
          { action: { type: "direct", status: 304, body: "x" } },
          { action: { type: "direct", status: 200, body: "x", contentType: "text/plain\r\nSet-Cookie: a=1" } },
        ]),
      ),
    ).toEqual([
      "$.virtualHosts[0].routes[0].action.body: must be omitted: status 204 responses have no body",
      "$.virtualHosts[0].routes[1].action.body: must be omitted: status 205 responses have no body",
      "$.virtualHosts[0].routes[2].action.body: must be omitted: status 304 responses have no body",
      "$.virtualHosts[0].routes[3].action.contentType: must not contain CR, LF or NUL",
    ]);
    expect(
      parseEdgeConfig(
        doc([
          { action: { type: "direct", status: 204 } },
          { action: { type: "direct", status: 304, headers: { etag: '"x"' } } },
        ]),
      ).ok,
    ).toBe(true);
  });

  it("prefix rewrites need a prefix match", () => {
    expect(
      issues(
        doc([
          { match: { path: { exact: "/a" } }, action: { type: "forward", pool: "api", rewrite: { prefix: "/b" } } },
          { match: { path: { template: "/a" } }, action: { type: "redirect", prefixRewrite: "/b" } },
          { match: { path: { segmentPrefix: "/a", invert: true } }, action: { type: "redirect", prefixRewrite: "/b" } },
        ]),
      ),
    ).toEqual([
      "$.virtualHosts[0].routes[0].action.rewrite.prefix: prefix rewrite needs a route whose path matches by prefix or segmentPrefix",
      "$.virtualHosts[0].routes[1].action.prefixRewrite: prefixRewrite needs a route whose path matches by prefix or segmentPrefix",
      "$.virtualHosts[0].routes[2].action.prefixRewrite: prefixRewrite needs a route whose path matches by prefix or segmentPrefix",
    ]);
  });

  it("unknown fields are rejected where they are", () => {
    expect(issues(doc([{ match: { path: { exact: "/" }, header: [] }, action: fwd() }]))).toEqual([
      expect.stringMatching(/^\$\.virtualHosts\[0\]\.routes\[0\]\.match: .*header/),
    ]);
  });

  it("JSON syntax errors are reported at $", () => {
    const r = parseEdgeConfigText("{ nope");
    expect(r.ok === false && r.issues[0]!.path).toBe("$");
  });
});
