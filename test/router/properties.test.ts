/**
 * Property tests (fast-check): the compiled matcher agrees with the reference matcher on generated
 * tables and requests — hosts, paths with escapes and dot segments (normalized first, as the edge
 * does), headers, cookies including repeated lines joined with ", ", query and API versions.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { normalizePath } from "../../src/pipeline/ingress/normalize-path.ts";
import { compileReferenceTable, compileRouteTable } from "../../src/router/compile.ts";
import type { MatchInput } from "../../src/router/types.ts";
import { formatIssues, parseEdgeConfig } from "../../src/schema/index.ts";
import { DEFAULT_SETTINGS } from "../../src/schema/settings.ts";

const SEG = fc.constantFrom("a", "b", "api", "v1", "v2", "x", "Admin", "7");
const VAL = fc.constantFrom("1", "2", "beta", "Beta-2", "", "abc", "x y");
const absPath = fc.array(SEG, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join("/")}`);

const pathMatch = fc.oneof(
  absPath.map((p) => ({ exact: p })),
  absPath.map((p) => ({ prefix: p })),
  absPath.map((p) => ({ segmentPrefix: p })),
  fc.constantFrom("/a/{id}", "/api/{v}/x", "/b/**", "/{t}/b", "/*/a").map((t) => ({ template: t })),
  fc.constantFrom("/a/[0-9]+", "/(a|b)/.*", "/api/v[12](/.*)?", "(?i)/admin.*").map((r) => ({ regex: r })),
);

const valueTest = fc.oneof(
  VAL.map((v) => ({ exact: v })),
  VAL.map((v) => ({ prefix: v })),
  fc.constantFrom("[0-9]+", "beta.*", "(?i)abc").map((r) => ({ regex: r })),
  fc.boolean().map((b) => ({ present: b })),
);

const route = fc.record(
  {
    priority: fc.integer({ min: 0, max: 2 }),
    path: fc.option(
      fc.tuple(pathMatch, fc.boolean(), fc.boolean()).map(([p, cs, inv]) => ({
        ...p,
        ...(cs ? {} : { caseSensitive: false }),
        ...(inv ? { invert: true } : {}),
      })),
      { nil: undefined },
    ),
    methods: fc.option(fc.subarray(["GET", "POST", "PUT"], { minLength: 1 }), { nil: undefined }),
    headers: fc.option(
      fc.array(
        fc.tuple(fc.constantFrom("x-a", "x-b"), valueTest).map(([name, t]) => ({ name, ...t })),
        { maxLength: 2 },
      ),
      { nil: undefined },
    ),
    cookies: fc.option(
      fc.array(
        fc.tuple(fc.constantFrom("c1", "c2"), valueTest).map(([name, t]) => ({ name, ...t })),
        { maxLength: 2 },
      ),
      { nil: undefined },
    ),
    query: fc.option(
      fc.array(
        fc
          .tuple(
            fc.constantFrom("q"),
            valueTest.filter((t) => !("prefix" in t)),
          )
          .map(([name, t]) => ({ name, ...t })),
        { maxLength: 1 },
      ),
      { nil: undefined },
    ),
    hosts: fc.option(fc.subarray(["h.test", "*.test", "other.*"], { minLength: 1 }), { nil: undefined }),
  },
  { requiredKeys: ["priority"] },
);

const rawPath = fc
  .array(
    fc.oneof(SEG, fc.constantFrom(".", "..", "%2e", "%2E%2e", "%61pi", "%41dmin", "", "a%20b", "%C3%A9", "v%31")),
    { minLength: 1, maxLength: 5 },
  )
  .map((s) => `/${s.join("/")}`);

const cookieHeader = fc
  .array(
    fc.tuple(
      fc.constantFrom("c1", "c2", "c3"),
      VAL.filter((v) => !v.includes(" ")),
    ),
    { maxLength: 3 },
  )
  .chain((pairs) => fc.constantFrom("; ", ";", ", ").map((sep) => pairs.map(([n, v]) => `${n}=${v}`).join(sep)));

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT"),
  host: fc.constantFrom("h.test", "x.test", "other.example", "other.test"),
  path: rawPath,
  xa: fc.option(VAL, { nil: undefined }),
  xb: fc.option(VAL, { nil: undefined }),
  cookie: fc.option(cookieHeader, { nil: undefined }),
  q: fc.option(VAL, { nil: undefined }),
});

it("the compiled matcher agrees with the reference matcher on generated tables and requests", () => {
  let decisions = 0;
  let matched = 0;
  fc.assert(
    fc.property(
      fc.array(route, { minLength: 1, maxLength: 10 }),
      fc.array(request, { minLength: 1, maxLength: 20 }),
      (routes, reqs) => {
        const parsed = parseEdgeConfig({
          version: "p",
          pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
          virtualHosts: [
            {
              name: "h",
              domains: ["*"],
              routes: routes.map((r, i) => {
                const { priority, ...m } = r;
                return { name: `r${i}`, priority, match: m, action: { type: "forward", pool: "p" } };
              }),
            },
          ],
        });
        if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
        const fast = compileRouteTable(parsed.config);
        const ref = compileReferenceTable(parsed.config);
        for (const r of reqs) {
          let path: string;
          try {
            path = normalizePath(r.path, DEFAULT_SETTINGS.path);
          } catch {
            continue; // refused before matching, identically for both
          }
          const headers = new Headers();
          if (r.xa !== undefined) headers.set("x-a", r.xa);
          if (r.xb !== undefined) headers.set("x-b", r.xb);
          if (r.cookie !== undefined) headers.set("cookie", r.cookie);
          const query = new URLSearchParams(r.q === undefined ? "" : `q=${encodeURIComponent(r.q)}`);
          const input: MatchInput = { method: r.method, host: r.host, path, query, headers };
          const a = fast.match(input);
          const b = ref.match(input);
          expect(a?.routeName ?? null).toBe(b?.routeName ?? null);
          if (a && b) {
            expect(a.forwardPath).toBe(b.forwardPath);
            matched++;
          }
          decisions++;
        }
      },
    ),
    { numRuns: 300, seed: 20261206 },
  );
  expect(matched).toBeGreaterThan(decisions / 20);
});
