/**
 * Differential test: random route tables and random requests, the indexed matcher must agree
 * with the reference matcher on every decision (route, params, version, forward path).
 * Seeded, so a failure is reproducible.
 */
import { expect, it } from "vitest";
import { compileReferenceTable, compileRouteTable } from "../../src/router/compile.ts";
import type { MatchInput } from "../../src/router/types.ts";
import { formatIssues, parseEdgeConfig } from "../../src/schema/index.ts";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const SMALL = ["a", "b", "A", "users", "v1", "v2", "V3", "x", "", "ab"];
// Enough distinct segments that trie nodes get more static children than the linear-scan limit.
const LARGE = [...SMALL, ...Array.from({ length: 30 }, (_, i) => `s${i}`)];
let SEGS = SMALL;

function randomRoute(r: () => number, i: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const lit = () => `/${Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(SEGS)).join("/")}`;
  const kind = pick(["exact", "prefix", "segmentPrefix", "template", "regex", "none"] as const);
  let path: Record<string, unknown> | undefined;
  if (kind === "exact") path = { exact: lit() };
  else if (kind === "prefix") path = { prefix: lit().slice(0, 1 + Math.floor(r() * 4)) || "/" };
  else if (kind === "segmentPrefix") {
    const p = lit().replace(/\/+$/, "");
    path = { segmentPrefix: p || "/" };
  } else if (kind === "template") {
    const n = 1 + Math.floor(r() * 3);
    const segs = Array.from({ length: n }, (_, k) => pick([pick(SEGS), `{p${k}}`, "*"]));
    if (r() < 0.3) segs.push(pick(["**", "{rest=**}"]));
    path = { template: `/${segs.join("/")}` };
  } else if (kind === "regex") path = { regex: pick(["/a/.*", "/[ab]+", "/users/[0-9]+", "/(a|b)/x"]) };
  if (path && r() < 0.2) path.caseSensitive = false;
  if (path && r() < 0.08) path.invert = true;
  const match: Record<string, unknown> = {};
  if (path) match.path = path;
  if (r() < 0.2) match.methods = [pick(["GET", "POST"])];
  if (r() < 0.2) match.headers = [{ name: "x-t", exact: pick(["1", "2"]), invert: r() < 0.3 }];
  if (r() < 0.25) {
    match.apiVersion = {
      from: [{ type: "pathSegment", index: Math.floor(r() * 2), strip: r() < 0.5 }, { type: "header" }],
      ...(r() < 0.5 ? { range: pick(["^1", ">=2", "*"]) } : {}),
      ...(r() < 0.5 ? { default: pick(["1", "2"]) } : {}),
    };
  }
  const action =
    r() < 0.2 && (kind === "prefix" || kind === "segmentPrefix") && !path?.invert
      ? { type: "forward", pool: "p", rewrite: { prefix: pick(["/", "/z", ""]) } }
      : { type: "forward", pool: "p" };
  return { name: `r${i}`, priority: Math.floor(r() * 3), match, action };
}

function randomPath(r: () => number): string {
  const n = Math.floor(r() * 5);
  const segs = Array.from({ length: n }, () => SEGS[Math.floor(r() * SEGS.length)]!);
  return `/${segs.join("/")}${r() < 0.1 ? "/" : ""}`;
}

it.each([
  ["few distinct segments", SMALL, 20261129, 150, 25],
  ["many distinct segments", LARGE, 7, 40, 200],
])("indexed matcher agrees with the reference on random tables (%s)", (_label, segs, seed, tables, maxRoutes) => {
  SEGS = segs;
  const r = rng(seed);
  let decisions = 0;
  let matched = 0;
  for (let t = 0; t < tables; t++) {
    const routes = Array.from({ length: 1 + Math.floor(r() * maxRoutes) }, (_, i) => randomRoute(r, i));
    const parsed = parseEdgeConfig({
      version: "x",
      pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
      virtualHosts: [{ name: "h", domains: ["*"], routes }],
    });
    if (!parsed.ok) throw new Error(formatIssues(parsed.issues) + JSON.stringify(routes));
    const fast = compileRouteTable(parsed.config);
    const ref = compileReferenceTable(parsed.config);
    for (let q = 0; q < 60; q++) {
      const headers = new Headers();
      if (r() < 0.4) headers.set("x-t", r() < 0.5 ? "1" : "2");
      if (r() < 0.3) headers.set("accept-version", r() < 0.5 ? "1.5" : "2");
      const input = (): MatchInput => ({
        method: r2 < 0.5 ? "GET" : "POST",
        host: "h.test",
        path,
        query: new URLSearchParams(),
        headers,
      });
      const r2 = r();
      const path = randomPath(r);
      const a = fast.match(input());
      const b = ref.match(input());
      const ctx = JSON.stringify({ path, headers: [...headers], routes });
      expect(a?.routeName ?? null, ctx).toBe(b?.routeName ?? null);
      if (a && b) {
        expect([a.params, a.apiVersion, a.forwardPath], ctx).toEqual([b.params, b.apiVersion, b.forwardPath]);
        matched++;
      }
      decisions++;
    }
  }
  expect(decisions).toBe(tables * 60);
  expect(matched).toBeGreaterThan(decisions / 4); // the generator must exercise matches, not just misses
});
