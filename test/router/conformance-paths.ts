/** Conformance cases about paths, priorities and rewrites (see conformance.ts). */
import type { Case } from "./conformance.ts";
import { get, R } from "./conformance-helpers.ts";

export const PATH_CASES: Case[] = [
  {
    name: "exact path",
    routes: [R("e", { path: { exact: "/a/b" } }), R("root", { path: { exact: "/" } })],
    expect: [
      get("/a/b", "e"),
      get("/a/b/", null),
      get("/a", null),
      get("/A/b", null),
      get("/", "root"),
      get("/a/bc", null),
    ],
  },
  {
    name: "string prefix matches inside a segment",
    routes: [R("p", { path: { prefix: "/api" } }), R("slash", { path: { prefix: "/x/" } })],
    expect: [
      get("/api", "p"),
      get("/apix", "p"),
      get("/api/v/1", "p"),
      get("/ap", null),
      get("/x/", "slash"),
      get("/x", null),
      get("/x/y", "slash"),
    ],
  },
  {
    name: "segment prefix respects segment boundaries",
    routes: [R("s", { path: { segmentPrefix: "/api/v1" } }), R("all", { path: { segmentPrefix: "/" } })],
    expect: [
      get("/api/v1", "s"),
      get("/api/v1/", "s"),
      get("/api/v1/x/y", "s"),
      get("/api/v1x", "all"),
      get("/api", "all"),
      get("/", "all"),
    ],
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
    routes: [
      R("re", { path: { regex: "/item/[0-9]+" } }),
      R("ci", { path: { regex: "/img/.*\\.png", caseSensitive: false } }),
    ],
    expect: [
      get("/item/12", "re"),
      get("/item/12/x", null),
      get("/x/item/12", null),
      get("/IMG/a.PNG", "ci"),
      get("/img/a.gif", null),
    ],
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
      get("/login", "ci"),
      get("/LOGIN", "ci"),
      get("/docs/A", "cip"),
      get("/DOCS", "cip"),
      get("/u/AbC", "cit", { params: { id: "AbC" } }),
      get("/Case", "cs"),
      get("/case", null),
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
];
