/** Conformance cases about methods, headers, cookies, query, domains and API versions (see conformance.ts). */
import type { Case } from "./conformance.ts";
import { get, R } from "./conformance-helpers.ts";

export const CONDITION_CASES: Case[] = [
  {
    name: "methods",
    routes: [R("w", { methods: ["post", "PUT"] }), R("r", { methods: ["GET"] })],
    expect: [
      get("/", "w", {}, { method: "POST" }),
      get("/", "w", {}, { method: "PUT" }),
      get("/", "r"),
      get("/", null, {}, { method: "DELETE" }),
    ],
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
      R("absent-and-inverted", {
        headers: [
          { name: "x-gone", present: false },
          { name: "x-i", exact: "no", invert: true },
        ],
      }),
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
      R("all", {
        path: { segmentPrefix: "/api" },
        methods: ["GET"],
        headers: [{ name: "x-a", present: true }],
        query: [{ name: "q", exact: "1" }],
        cookies: [{ name: "c", exact: "1" }],
      }),
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
      R("old", {
        apiVersion: { from: [{ type: "query", name: "v" }], range: ">=2023-01-01 <2024-06-01", default: "2023-01-01" },
      }),
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
      R("v2", {
        path: { template: "/users/{id}" },
        apiVersion: { from: [{ type: "pathSegment", strip: true }, { type: "header" }], range: "^2" },
      }),
      R("v1", {
        path: { segmentPrefix: "/users" },
        apiVersion: { from: [{ type: "pathSegment" }], exact: "1", default: "1" },
      }),
      R("nested", {
        path: { segmentPrefix: "/api/items" },
        apiVersion: { from: [{ type: "pathSegment", index: 1, strip: true }], range: "*" },
      }),
      R("catch", {
        path: { segmentPrefix: "/" },
        apiVersion: { from: [{ type: "pathSegment", index: 1, prefix: "rev" }], range: ">=7" },
      }),
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
      R(
        "strip",
        { path: { segmentPrefix: "/api" } },
        { action: { type: "forward", pool: "p", rewrite: { prefix: "/" } } },
      ),
      R("swap", { path: { prefix: "/old" } }, { action: { type: "forward", pool: "p", rewrite: { prefix: "/new" } } }),
      R(
        "re",
        { path: { segmentPrefix: "/img" } },
        { action: { type: "forward", pool: "p", rewrite: { regex: { pattern: "\\.jpeg$", substitution: ".jpg" } } } },
      ),
      R(
        "redir",
        { path: { segmentPrefix: "/docs" } },
        { action: { type: "redirect", prefixRewrite: "/manual", code: 308 } },
      ),
      R("redir-path", { path: { exact: "/former-home" } }, { action: { type: "redirect", path: "/home" } }),
      R(
        "kept-version",
        { path: { segmentPrefix: "/svc" }, apiVersion: { from: [{ type: "pathSegment" }], range: "*", default: "1" } },
        { action: { type: "forward", pool: "p", rewrite: { prefix: "/backend" } } },
      ),
    ],
    expect: [
      get("/api/x/y", "strip", { forwardPath: "/x/y" }),
      get("/api", "strip", { forwardPath: "/" }),
      get("/oldies", "swap", { forwardPath: "/newies" }),
      get("/img/a.jpeg", "re", { forwardPath: "/img/a.jpg" }),
      get("/docs/intro", "redir", { forwardPath: "/manual/intro" }),
      get("/former-home", "redir-path", { forwardPath: "/home" }),
      get("/v2/svc/x", "kept-version", { apiVersion: "2", forwardPath: "/v2/backend/x" }),
      get("/svc/x", "kept-version", { apiVersion: "1", forwardPath: "/backend/x" }),
    ],
  },
];
