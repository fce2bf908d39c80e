/**
 * Property tests (fast-check) of the validator: on any generated JSON text, or a valid document with
 * generated values put at generated places, parseEdgeConfigText answers ok or a list of issues with
 * JSON paths — it never throws, and an accepted document always compiles.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { compileRouteTable } from "../../src/router/compile.ts";
import { parseEdgeConfigText } from "../../src/schema/index.ts";

const BASE = {
  version: "1",
  pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }], outlier: {} } },
  settings: { path: { mergeSlashes: true } },
  virtualHosts: [
    {
      name: "h",
      domains: ["h.test"],
      routes: [
        {
          match: {
            path: { prefix: "/" },
            headers: [{ name: "x", regex: "a.*" }],
            cookies: [{ name: "c", exact: "1" }],
          },
          action: { type: "forward", pool: "p", retry: { attempts: 2 }, rewrite: { prefix: "/x" } },
        },
      ],
    },
  ],
};

/** Every path into BASE, so a generated value can replace what is there. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}
const PATHS = pathsOf(BASE).filter((p) => p.length > 0);

function setAt(doc: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return copy;
}

function check(text: string): void {
  const r = parseEdgeConfigText(text);
  if (r.ok) {
    expect(() => compileRouteTable(r.config)).not.toThrow();
    return;
  }
  expect(r.issues.length).toBeGreaterThan(0);
  for (const i of r.issues) {
    expect(i.path.startsWith("$")).toBe(true);
    expect(typeof i.message).toBe("string");
  }
}

it("never throws on arbitrary JSON values or text", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.json(),
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      (text) => {
        check(text);
        check(`\uFEFF${text}`);
      },
    ),
    { numRuns: 2000, seed: 61208 },
  );
});

it("never throws on a valid document with generated values at generated places", () => {
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom("(a", "(?=x)", "\\1", "/{x", "**", "", "-1", "http://", "a".repeat(2000)),
    fc.integer(),
    fc.double(),
  );
  fc.assert(
    fc.property(fc.constantFrom(...PATHS), value, (path, v) => check(JSON.stringify(setAt(BASE, path, v)))),
    { numRuns: 3000, seed: 61209 },
  );
});
