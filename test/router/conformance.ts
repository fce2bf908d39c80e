/**
 * The shared conformance table: every case runs against the reference (linear) matcher and the
 * indexed matcher (test/router/matcher.test.ts). A case is a small document plus requests and
 * the route each must pick (null: no route).
 */
export interface Req {
  path: string;
  host?: string;
  method?: string;
  headers?: Record<string, string>;
  query?: string;
}
export interface Expect {
  req: Req;
  route: string | null;
  params?: Record<string, string>;
  apiVersion?: string;
  forwardPath?: string;
}
export interface Case {
  name: string;
  vhosts?: unknown[];
  routes?: unknown[];
  expect: Expect[];
}

const fwd = { type: "forward", pool: "p" };
const R = (name: string, match: unknown, extra: Record<string, unknown> = {}) => ({ name, match, action: fwd, ...extra });
const get = (path: string, route: string | null, more: Partial<Expect> = {}, req: Partial<Req> = {}): Expect => ({ req: { path, ...req }, route, ...more });

export const CASES: Case[] = [
  {
    name: "exact path",
    routes: [R("e", { path: { exact: "/a/b" } }), R("root", { path: { exact: "/" } })],
    expect: [get("/a/b", "e"), get("/a/b/", null), get("/a", null), get("/A/b", null), get("/", "root"), get("/a/bc", null)],
  },
  {
    name: "string prefix matches inside a segment",
    routes: [R("p", { path: { prefix: "/api" } }), R("slash", { path: { prefix: "/x/" } })],
    expect: [get("/api", "p"), get("/apix", "p"), get("/api/v/1", "p"), get("/ap", null), get("/x/", "slash"), get("/x", null), get("/x/y", "slash")],
  },
  {
    name: "segment prefix respects segment boundaries",
    routes: [R("s", { path: { segmentPrefix: "/api/v1" } }), R("all", { path: { segmentPrefix: "/" } })],
    expect: [get("/api/v1", "s"), get("/api/v1/", "s"), get("/api/v1/x/y", "s"), get("/api/v1x", "all"), get("/api", "all"), get("/", "all")],
  },
  {
    name: "templates capture params",
    routes: [
      R("user", { path: { template: "/users/{id}" } }),
      R("repo", { path: { template: "/repos/{owner}/{repo}/issues/{n}" } }),
      R("files", { path: { template: "/files/{rest=**}" } }),
      R("star", { path: { template: "/s/*/x" } }),
      R("anyrest", { path: { template: "/any/**" } }),
    ],
    expect: [
      get("/users/42", "user", { params: { id: "42" } }),
      get("/users/", null),
      get("/users/42/x", null),
      get("/repos/a/b/issues/7", "repo", { params: { owner: "a", repo: "b", n: "7" } }),
      get("/files/a/b/c.txt", "files", { params: { rest: "a/b/c.txt" } }),
      get("/files", "files", { params: { rest: "" } }),
      get("/files/", "files", { params: { rest: "" } }),
      get("/filesx", null),
      get("/s/q/x", "star", { params: {} }),
      get("/s//x", null),
      get("/any", "anyrest"),
      get("/any/1/2", "anyrest"),
    ],
  },
  {
    name: "safe regex paths (whole path)",
    routes: [R("re", { path: { regex: "/item/[0-9]+" } }), R("ci", { path: { regex: "/img/.*\\.png", caseSensitive: false } })],
    expect: [get("/item/12", "re"), get("/item/12/x", null), get("/x/item/12", null), get("/IMG/a.PNG", "ci"), get("/img/a.gif", null)],
  },
  {
    name: "case-insensitive literal paths",
    routes: [
      R("ci", { path: { exact: "/Login", caseSensitive: false } }),
      R("cip", { path: { segmentPrefix: "/Docs", caseSensitive: false } }),
      R("cit", { path: { template: "/U/{id}", caseSensitive: false } }),
      R("cs", { path: { exact: "/Case" } }),
    ],
    expect: [
      get("/login", "ci"), get("/LOGIN", "ci"), get("/docs/A", "cip"), get("/DOCS", "cip"),
      get("/u/AbC", "cit", { params: { id: "AbC" } }), get("/Case", "cs"), get("/case", null),
    ],
  },
  {
    name: "inverted path",
    routes: [R("notapi", { path: { segmentPrefix: "/api", invert: true } }), R("api", {})],
    expect: [get("/api/x", "api"), get("/web", "notapi"), get("/apix", "notapi")],
  },
  {
    name: "priority then document order",
    routes: [
      R("first-generic", { path: { segmentPrefix: "/" } }),
      R("specific", { path: { exact: "/a" } }, { priority: 10 }),
      R("tie-a", { path: { segmentPrefix: "/b" } }, { priority: 5 }),
      R("tie-b", { path: { segmentPrefix: "/b" } }, { priority: 5 }),
      R("low", { path: { exact: "/c" } }, { priority: -1 }),
    ],
    expect: [get("/a", "specific"), get("/b/1", "tie-a"), get("/c", "first-generic"), get("/z", "first-generic")],
  },
  {
    name: "document order between prefix and template",
    routes: [R("pre", { path: { segmentPrefix: "/users" } }), R("tpl", { path: { template: "/users/{id}" } })],
    expect: [get("/users/1", "pre")],
  },
  {
    name: "methods",
    routes: [R("w", { methods: ["post", "PUT"] }), R("r", { methods: ["GET"] })],
    expect: [get("/", "w", {}, { method: "POST" }), get("/", "w", {}, { method: "PUT" }), get("/", "r"), get("/", null, {}, { method: "DELETE" })],
  },
  {
    name: "header matchers",
    routes: [
      R("exact", { headers: [{ name: "X-Env", exact: "canary" }] }),
      R("ci", { headers: [{ name: "x-env", exact: "BETA", ignoreCase: true }] }),
      R("prefix", { headers: [{ name: "user-agent", prefix: "curl/" }] }),
      R("suffix", { headers: [{ name: "x-s", suffix: ".internal" }] }),
      R("contains", { headers: [{ name: "x-c", contains: "mid" }] }),
      R("regex", { headers: [{ name: "x-r", regex: "[a-f0-9]{8}" }] }),
      R("present", { headers: [{ name: "x-p", present: true }] }),
      R("absent-and-inverted", { headers: [{ name: "x-gone", present: false }, { name: "x-i", exact: "no", invert: true }] }),
    ],
    expect: [
      get("/", "exact", {}, { headers: { "x-env": "canary" } }),
      get("/", "ci", {}, { headers: { "x-env": "Beta" } }),
      get("/", "prefix", {}, { headers: { "user-agent": "curl/8.0" } }),
      get("/", "suffix", {}, { headers: { "x-s": "db.internal" } }),
      get("/", "contains", {}, { headers: { "x-c": "amidst" } }),
      get("/", "regex", {}, { headers: { "x-r": "deadbeef" } }),
      get("/", "absent-and-inverted", {}, { headers: { "x-r": "deadbeefX" } }),
      get("/", "present", {}, { headers: { "x-p": "" } }),
      get("/", "absent-and-inverted"),
      get("/", "absent-and-inverted", {}, { headers: { "x-i": "yes" } }),
      get("/", null, {}, { headers: { "x-i": "no" } }),
      get("/", null, {}, { headers: { "x-gone": "1" } }),
    ],
  },
  {
    name: "cookie matchers",
    routes: [
      R("exact", { cookies: [{ name: "beta", exact: "1" }] }),
      R("prefix", { cookies: [{ name: "sess", prefix: "eu-" }] }),
      R("regex", { cookies: [{ name: "ab", regex: "[AB]" }] }),
      R("present", { cookies: [{ name: "p", present: true }] }),
      R("not-admin", { cookies: [{ name: "role", exact: "admin", invert: true }] }),
    ],
    expect: [
      get("/", "exact", {}, { headers: { cookie: "a=b; beta=1" } }),
      get("/", "prefix", {}, { headers: { cookie: 'sess="eu-123"' } }),
      get("/", "regex", {}, { headers: { cookie: "ab=B" } }),
      get("/", "present", {}, { headers: { cookie: "p=" } }),
      get("/", "not-admin", {}, { headers: { cookie: "beta=2" } }),
      get("/", null, {}, { headers: { cookie: "role=admin" } }),
      get("/", "exact", {}, { headers: { cookie: "beta=1; beta=2" } }),
    ],
  },
  {
    name: "query matchers",
    routes: [
      R("exact", { query: [{ name: "debug", exact: "1" }] }),
      R("regex", { query: [{ name: "id", regex: "[0-9]+" }] }),
      R("present", { query: [{ name: "preview", present: true }] }),
      R("not-legacy", { query: [{ name: "legacy", present: true, invert: true }] }),
    ],
    expect: [
      get("/", "exact", {}, { query: "debug=1" }),
      get("/", "regex", {}, { query: "id=123" }),
      get("/", "present", {}, { query: "id=x&preview" }),
      get("/", "not-legacy", {}, { query: "id=x" }),
      get("/", null, {}, { query: "legacy=1" }),
    ],
  },
  {
    name: "conditions combine with AND and fall through",
    routes: [
      R("all", { path: { segmentPrefix: "/api" }, methods: ["GET"], headers: [{ name: "x-a", present: true }], query: [{ name: "q", exact: "1" }], cookies: [{ name: "c", exact: "1" }] }),
      R("api", { path: { segmentPrefix: "/api" } }),
    ],
    expect: [
      get("/api/x", "all", {}, { headers: { "x-a": "", cookie: "c=1" }, query: "q=1" }),
      get("/api/x", "api", {}, { headers: { "x-a": "", cookie: "c=2" }, query: "q=1" }),
      get("/api/x", "api", {}, { headers: { cookie: "c=1" }, query: "q=1" }),
    ],
  },
  {
    name: "domains: exact > longest suffix > prefix > *",
    vhosts: [
      { name: "exact", domains: ["api.example.com"], routes: [R("exact", {})] },
      { name: "suffix", domains: ["*.example.com"], routes: [R("suffix", {})] },
      { name: "longsuffix", domains: ["*.eu.example.com"], routes: [R("longsuffix", {})] },
      { name: "prefix", domains: ["api.*"], routes: [R("prefix", {})] },
      { name: "default", domains: ["*"], routes: [R("default", {})] },
    ],
    expect: [
      get("/", "exact", {}, { host: "api.example.com" }),
      get("/", "suffix", {}, { host: "www.example.com" }),
      get("/", "longsuffix", {}, { host: "a.eu.example.com" }),
      get("/", "suffix", {}, { host: "eu.example.com" }),
      get("/", "prefix", {}, { host: "api.other.org" }),
      get("/", "default", {}, { host: "example.com" }),
    ],
  },
  {
    name: "no default domain means no route",
    vhosts: [{ name: "only", domains: ["a.test"], routes: [R("a", {})] }],
    expect: [get("/", "a", {}, { host: "a.test" }), get("/", null, {}, { host: "b.test" })],
  },
  {
    name: "route-level hosts condition",
    routes: [R("h", { hosts: ["*.internal"] }), R("other", {})],
    expect: [get("/", "h", {}, { host: "db.internal" }), get("/", "other", {}, { host: "x.test" })],
  },
  {
    name: "api version from a header (default name), exact and range",
    routes: [
      R("v1", { apiVersion: { from: [{ type: "header" }], exact: "1", default: "1" } }),
      R("v2", { apiVersion: { from: [{ type: "header" }], range: ">=2.1 <3" } }),
      R("v3", { apiVersion: { from: [{ type: "header", name: "X-Api" }], range: "3.x" } }),
    ],
    expect: [
      get("/", "v1", { apiVersion: "1" }),
      get("/", "v1", { apiVersion: "1" }, { headers: { "accept-version": "v1" } }),
      get("/", "v2", { apiVersion: "2.4" }, { headers: { "accept-version": "2.4" } }),
      get("/", null, {}, { headers: { "accept-version": "2.0" } }),
      get("/", "v3", { apiVersion: "3.1" }, { headers: { "accept-version": "9", "x-api": "3.1" } }),
    ],
  },
  {
    name: "api version from a media type",
    routes: [
      R("v2", { apiVersion: { from: [{ type: "mediaType", vendor: "acme" }], range: "^2" } }),
      R("v1", { apiVersion: { from: [{ type: "mediaType", vendor: "acme" }], exact: "1", default: "1" } }),
    ],
    expect: [
      get("/", "v2", { apiVersion: "2" }, { headers: { accept: "application/vnd.acme.v2+json" } }),
      get("/", "v2", { apiVersion: "2.3" }, { headers: { accept: "text/html, application/vnd.acme.v2.3+json;q=0.9" } }),
      get("/", "v1", { apiVersion: "1" }, { headers: { accept: "application/json" } }),
      get("/", null, {}, { headers: { accept: "application/vnd.acme.v3+json" } }),
      get("/", "v1", {}, { headers: { accept: "application/vnd.other.v2+json" } }),
    ],
  },
  {
    name: "date-style api version from the query",
    routes: [
      R("new", { apiVersion: { from: [{ type: "query" }], range: ">=2024-06-01" } }),
      R("pinned", { apiVersion: { from: [{ type: "query" }], exact: "2022-11-28" } }),
      R("old", { apiVersion: { from: [{ type: "query", name: "v" }], range: ">=2023-01-01 <2024-06-01", default: "2023-01-01" } }),
    ],
    expect: [
      get("/", "new", { apiVersion: "2024-06-01" }, { query: "api-version=2024-06-01" }),
      get("/", "new", { apiVersion: "2025-01-01-preview" }, { query: "api-version=2025-01-01-preview" }),
      get("/", "old", { apiVersion: "2023-05-05" }, { query: "v=2023-05-05" }),
      get("/", "old", { apiVersion: "2023-01-01" }),
      get("/", "pinned", { apiVersion: "2022-11-28" }, { query: "api-version=2022-11-28" }),
      get("/", "old", { apiVersion: "2023-01-01" }, { query: "api-version=2" }),
      get("/", null, {}, { query: "v=2" }),
    ],
  },
  {
    name: "api version from a path segment, stripped or kept, with sources in order",
    routes: [
      R("v2", { path: { template: "/users/{id}" }, apiVersion: { from: [{ type: "pathSegment", strip: true }, { type: "header" }], range: "^2" } }),
      R("v1", { path: { segmentPrefix: "/users" }, apiVersion: { from: [{ type: "pathSegment" }], exact: "1", default: "1" } }),
      R("nested", { path: { segmentPrefix: "/api/items" }, apiVersion: { from: [{ type: "pathSegment", index: 1, strip: true }], range: "*" } }),
      R("catch", { path: { segmentPrefix: "/" }, apiVersion: { from: [{ type: "pathSegment", index: 1, prefix: "rev" }], range: ">=7" } }),
    ],
    expect: [
      get("/v2/users/9", "v2", { apiVersion: "2", params: { id: "9" }, forwardPath: "/users/9" }),
      get("/V2.1/users/9", "v2", { apiVersion: "2.1", forwardPath: "/users/9" }),
      get("/users/9", "v2", { apiVersion: "2", forwardPath: "/users/9" }, { headers: { "accept-version": "2" } }),
      get("/users/9", "v1", { apiVersion: "1", forwardPath: "/users/9" }),
      get("/v1/users/9", "v1", { apiVersion: "1", forwardPath: "/v1/users/9" }),
      get("/v3/users/9", null),
      get("/api/v5/items/1", "nested", { apiVersion: "5", forwardPath: "/api/items/1" }),
      get("/x/rev8/y", "catch", { apiVersion: "8", forwardPath: "/x/rev8/y" }),
      get("/x/rev6/y", null),
    ],
  },
  {
    name: "semver ranges",
    routes: [
      R("caret0", { apiVersion: { from: [{ type: "header" }], range: "^0.2" } }),
      R("tilde", { apiVersion: { from: [{ type: "header" }], range: "~1.2" } }),
      R("or", { apiVersion: { from: [{ type: "header" }], range: "3 || 5.1 - 5.3" } }),
    ],
    expect: [
      get("/", "caret0", {}, { headers: { "accept-version": "0.2.9" } }),
      get("/", null, {}, { headers: { "accept-version": "0.3" } }),
      get("/", "tilde", {}, { headers: { "accept-version": "1.2.5" } }),
      get("/", null, {}, { headers: { "accept-version": "1.3" } }),
      get("/", "or", {}, { headers: { "accept-version": "3.9" } }),
      get("/", "or", {}, { headers: { "accept-version": "5.3.7" } }),
      get("/", null, {}, { headers: { "accept-version": "5.4" } }),
      get("/", null, {}, { headers: { "accept-version": "garbage" } }),
    ],
  },
  {
    name: "rewrites shape the forward path",
    routes: [
      R("strip", { path: { segmentPrefix: "/api" } }, { action: { type: "forward", pool: "p", rewrite: { prefix: "/" } } }),
      R("swap", { path: { prefix: "/old" } }, { action: { type: "forward", pool: "p", rewrite: { prefix: "/new" } } }),
      R("re", { path: { segmentPrefix: "/img" } }, { action: { type: "forward", pool: "p", rewrite: { regex: { pattern: "\\.jpeg$", substitution: ".jpg" } } } }),
      R("redir", { path: { segmentPrefix: "/docs" } }, { action: { type: "redirect", prefixRewrite: "/manual", code: 308 } }),
    ],
    expect: [
      get("/api/x/y", "strip", { forwardPath: "/x/y" }),
      get("/api", "strip", { forwardPath: "/" }),
      get("/oldies", "swap", { forwardPath: "/newies" }),
      get("/img/a.jpeg", "re", { forwardPath: "/img/a.jpg" }),
      get("/docs/intro", "redir", { forwardPath: "/manual/intro" }),
    ],
  },
];
