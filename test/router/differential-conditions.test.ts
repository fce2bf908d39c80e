/**
 * Differential test for non-path conditions: the indexed matcher evaluates conditions as data
 * (src/router/checks.ts, version-reads.ts) through a per-request RequestView; the reference keeps
 * closures (conditions.ts, version.ts). Random tables that share a few paths and differ by header,
 * cookie, query, host and API-version conditions must get the same answer from both. Seeded.
 */
import { expect, it } from "vitest";
import { compileReferenceTable, compileRouteTable } from "../../src/router/compile.ts";
import { parseCookieHeader } from "../../src/router/cookies.ts";
import type { MatchInput } from "../../src/router/types.ts";
import { formatIssues, parseEdgeConfig } from "../../src/schema/index.ts";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const VALUES = ["1", "2", "beta-1", "Beta-2", "x", "", " 2 ", "abc", "ABC", "a1b", "2x2", "BETA"];
/** Operands are short, so that prefix, suffix and contains tests differ on the values above. */
const OPERANDS = ["1", "2", "a", "b", "beta", "B"];
const PATHS = ["/a", "/a/{id}", "/b/**"];

function randomValueMatch(
  r: () => number,
  pick: <T>(xs: readonly T[]) => T,
  ops: readonly string[],
): Record<string, unknown> {
  const op = pick(ops);
  const m: Record<string, unknown> = {};
  if (op === "present") m.present = r() < 0.6;
  else if (op === "regex") m.regex = pick(["[0-9]+", "beta-.*", "a.c"]);
  else m[op] = pick(OPERANDS);
  if (r() < 0.25) m.invert = true;
  return m;
}

function randomRoute(r: () => number, i: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const match: Record<string, unknown> = { path: { template: pick(PATHS) } };
  if (r() < 0.3) match.methods = [pick(["GET", "POST"])];
  if (r() < 0.15) match.hosts = [pick(["h.test", "*.test", "other.*"])];
  if (r() < 0.5) {
    match.headers = Array.from({ length: 1 + Math.floor(r() * 2) }, () => ({
      name: pick(["x-a", "x-b", "user-agent"]),
      ...randomValueMatch(r, pick, ["exact", "prefix", "suffix", "contains", "regex", "present"]),
      ...(r() < 0.3 ? { ignoreCase: true } : {}),
    }));
  }
  if (r() < 0.35)
    match.cookies = [
      { name: pick(["c1", "c2"]), ...randomValueMatch(r, pick, ["exact", "prefix", "regex", "present"]) },
    ];
  if (r() < 0.25)
    match.query = [{ name: pick(["q", "r"]), ...randomValueMatch(r, pick, ["exact", "regex", "present"]) }];
  if (r() < 0.3) {
    const from = [
      pick([
        { type: "header", name: "x-v" },
        { type: "query", name: "v" },
        { type: "mediaType", vendor: "acme" },
      ]),
    ];
    if (r() < 0.4) from.push(pick([{ type: "header" }, { type: "query" }]) as (typeof from)[number]);
    match.apiVersion = {
      from,
      ...(r() < 0.4 ? { exact: pick(["1", "v2", "2.0"]) } : r() < 0.6 ? { range: pick(["^1", ">=2", "*"]) } : {}),
      ...(r() < 0.4 ? { default: pick(["1", "2"]) } : {}),
    };
  }
  return { name: `r${i}`, priority: Math.floor(r() * 2), match, action: { type: "forward", pool: "p" } };
}

function randomInput(r: () => number): MatchInput {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const headers = new Headers();
  for (const name of ["x-a", "x-b", "user-agent", "x-v", "accept-version"])
    if (r() < 0.5) headers.set(name, pick(VALUES));
  if (r() < 0.3)
    headers.set("accept", pick(["application/vnd.acme.v2+json", "application/vnd.acme.v1.5+json", "text/html"]));
  if (r() < 0.6) {
    const parts = ["c1", "c2", "c3"]
      .filter(() => r() < 0.6)
      .map((n) => `${n}=${r() < 0.2 ? `"${pick(VALUES)}"` : pick(VALUES)}`);
    headers.set("cookie", parts.join(pick(["; ", ";"])));
  }
  const query = new URLSearchParams();
  for (const name of ["q", "r", "v", "api-version"]) if (r() < 0.4) query.set(name, pick(VALUES));
  const path = pick(["/a", "/a/7", "/b", "/b/x/y", "/c"]);
  const input: MatchInput = {
    method: pick(["GET", "POST"]),
    host: pick(["h.test", "other.example", "x.test"]),
    path,
    query,
    headers,
  };
  // Callers may pass cookies they parsed already; both forms must give the same answers.
  if (r() < 0.3) input.cookies = parseCookieHeader(headers.get("cookie"));
  return input;
}

it("indexed matcher agrees with the reference on random header, cookie, query, host and version conditions", () => {
  const r = rng(20261129);
  let decisions = 0;
  let matched = 0;
  for (let t = 0; t < 250; t++) {
    const routes = Array.from({ length: 2 + Math.floor(r() * 12) }, (_, i) => randomRoute(r, i));
    const parsed = parseEdgeConfig({
      version: "x",
      pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
      virtualHosts: [{ name: "h", domains: ["*"], routes }],
    });
    if (!parsed.ok) throw new Error(formatIssues(parsed.issues) + JSON.stringify(routes));
    const fast = compileRouteTable(parsed.config);
    const ref = compileReferenceTable(parsed.config);
    for (let q = 0; q < 80; q++) {
      const input = randomInput(r);
      const a = fast.match(input);
      const b = ref.match(input);
      const ctx = JSON.stringify({
        input: {
          ...input,
          headers: [...(input.headers as Headers)],
          query: String(input.query),
          cookies: input.cookies && [...input.cookies],
        },
        routes,
      });
      expect(a?.routeName ?? null, ctx).toBe(b?.routeName ?? null);
      if (a && b) {
        expect([a.apiVersion, a.forwardPath], ctx).toEqual([b.apiVersion, b.forwardPath]);
        matched++;
      }
      decisions++;
    }
  }
  expect(decisions).toBe(250 * 80);
  expect(matched).toBeGreaterThan(decisions / 5); // the generator must exercise matches, not just misses
  expect(matched).toBeLessThan(decisions); // ... and rejections
});

it("reads each header, cookie and query parameter at most once per request, however many candidates test it", () => {
  // Every candidate passes its header, cookie and query tests, then fails on its version: all are evaluated in full.
  const routes = ["1", "2", "3", "4"].map((v, i) => ({
    name: `r${i}`,
    match: {
      path: { template: "/x/{id}" },
      headers: [{ name: "x-flag", exact: "a" }],
      cookies: [{ name: "c", exact: "a" }],
      query: [{ name: "q", exact: "a" }],
      apiVersion: {
        from: [
          { type: "header", name: "x-flag" },
          { type: "query", name: "q" },
        ],
        exact: v,
      },
    },
    action: { type: "forward", pool: "p" },
  }));
  const parsed = parseEdgeConfig({
    version: "x",
    pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
    virtualHosts: [{ name: "h", domains: ["*"], routes }],
  });
  if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
  const table = compileRouteTable(parsed.config);
  const reads = new Map<string, number>();
  const count = (k: string) => reads.set(k, (reads.get(k) ?? 0) + 1);
  const raw = new Headers({ "x-flag": "a", cookie: "c=a" });
  const q = new URLSearchParams("q=a");
  const input: MatchInput = {
    method: "GET",
    host: "h",
    path: "/x/1",
    headers: { get: (n) => (count(`h:${n}`), raw.get(n)) },
    query: { get: (n) => (count(`q:${n}`), q.get(n)) },
  };
  for (let i = 0; i < 3; i++) {
    reads.clear();
    expect(table.match(input)).toBeNull();
    expect(Object.fromEntries(reads)).toEqual({ "h:x-flag": 1, "h:cookie": 1, "q:q": 1 });
  }
});
