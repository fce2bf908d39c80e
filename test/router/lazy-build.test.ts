/**
 * Tables larger than what is indexed at load (256 entries per trie): their subtrees below the
 * first segment, their static-path answers and their routes' compiled form are built on the first
 * request that needs them. The answers must not depend on that: the indexed matcher must agree with
 * the reference on every request, whichever subtree each request is the first to reach, and ask
 * again after everything is built. Seeded, so a failure is reproducible.
 */
import { expect, it } from "vitest";
import { compileReferenceTable, compileRouteTable } from "../../src/router/compile.ts";
import type { MatchInput } from "../../src/router/types.ts";
import { formatIssues, parseEdgeConfig } from "../../src/schema/index.ts";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const FIRST = Array.from({ length: 40 }, (_, i) => `svc${i}`);
const SEGS = ["a", "b", "items", "v1", "v2", "X", ""];

function randomRoute(r: () => number, i: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const tail = () => Array.from({ length: Math.floor(r() * 3) }, (_, k) => pick([...SEGS, `{p${k}}`, "*"])).join("/");
  const first = r() < 0.15 ? pick(["{tenant}", "*"]) : pick(FIRST);
  const kind = pick(["template", "template", "template", "exact", "prefix", "segmentPrefix"] as const);
  let path: Record<string, unknown>;
  if (kind === "template")
    path = { template: `/${first}/${tail()}${r() < 0.15 ? "/**" : ""}`.replace(/\/+$/, "") || "/" };
  else {
    const lit = `/${pick(FIRST)}/${pick(SEGS)}`;
    path =
      kind === "exact"
        ? { exact: lit }
        : kind === "prefix"
          ? { prefix: lit }
          : { segmentPrefix: lit.replace(/\/+$/, "") };
  }
  if (r() < 0.1) path.caseSensitive = false;
  const match: Record<string, unknown> = { path };
  if (r() < 0.5) match.methods = [pick(["GET", "POST"])];
  if (r() < 0.15) match.headers = [{ name: "x-t", exact: pick(["1", "2"]) }];
  if (r() < 0.1)
    match.apiVersion = {
      from: [{ type: "pathSegment", index: 1 }, { type: "header" }],
      ...(r() < 0.5 ? { range: ">=2" } : {}),
    };
  return { name: `r${i}`, priority: r() < 0.1 ? 1 : 0, match, action: { type: "forward", pool: "p" } };
}

function randomPath(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const n = Math.floor(r() * 4);
  return `/${[pick([...FIRST, "SVC1", "t9"]), ...Array.from({ length: n }, () => pick([...SEGS, "42"]))].join("/")}`;
}

it("answers like the reference on tables built lazily, before and after every subtree is built", () => {
  const r = rng(20261129);
  let matched = 0;
  for (let t = 0; t < 6; t++) {
    const routes = Array.from({ length: 300 + Math.floor(r() * 500) }, (_, i) => randomRoute(r, i));
    const parsed = parseEdgeConfig({
      version: "x",
      pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
      virtualHosts: [{ name: "h", domains: ["*"], routes }],
    });
    if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
    const fast = compileRouteTable(parsed.config);
    const ref = compileReferenceTable(parsed.config);
    const inputs: MatchInput[] = Array.from({ length: 600 }, () => {
      const headers = new Headers();
      if (r() < 0.4) headers.set("x-t", r() < 0.5 ? "1" : "2");
      if (r() < 0.3) headers.set("accept-version", r() < 0.5 ? "1" : "3");
      return {
        method: r() < 0.5 ? "GET" : "POST",
        host: "h.test",
        path: randomPath(r),
        query: new URLSearchParams(),
        headers,
      };
    });
    // Twice: first requests build subtrees and static answers as they go; the second pass finds them built.
    for (let pass = 0; pass < 2; pass++) {
      for (const input of inputs) {
        const a = fast.match(input);
        const b = ref.match(input);
        expect(a?.routeName ?? null, JSON.stringify({ pass, path: input.path, method: input.method })).toBe(
          b?.routeName ?? null,
        );
        if (a && b) {
          expect([a.params, a.apiVersion, a.forwardPath]).toEqual([b.params, b.apiVersion, b.forwardPath]);
          matched++;
        }
      }
    }
  }
  expect(matched).toBeGreaterThan(6 * 2 * 600 * 0.3); // most requests reach a route: subtrees are exercised
});
