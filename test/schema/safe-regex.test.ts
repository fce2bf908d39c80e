import { describe, expect, it } from "vitest";
import { compileSafeRegex, MAX_REGEX_INPUT, unsafeRegexReason } from "../../src/schema/syntax/safe-regex.ts";

describe("table regexes on RE2 (issue 10, defect 2)", () => {
  it("accepts ordinary patterns, and the nested repeats RE2 runs in linear time", () => {
    for (const p of [
      "/users/[0-9]+",
      "[a-f0-9]{8}",
      "(?:foo|bar)",
      "(?<id>[0-9]+)/x",
      "a{2,5}",
      "[(+*]+",
      "\\(a+\\)+",
      "(ab)?c*",
      "(a+)+",
      "(a|aa)*",
      ".*a.*b.*c",
    ]) {
      expect(unsafeRegexReason(p), p).toBeNull();
    }
  });

  it("refuses backreferences and lookaround at load, saying why", () => {
    expect(unsafeRegexReason("(a)\\1")).toMatch(/backreferences are not supported/);
    expect(unsafeRegexReason("(?<x>a)\\k<x>")).toMatch(/backreferences are not supported/);
    expect(unsafeRegexReason("a(?=b)")).toMatch(/lookahead and lookbehind are not supported/);
    expect(unsafeRegexReason("a(?!b)")).toMatch(/lookahead/);
    expect(unsafeRegexReason("(?<=a)b")).toMatch(/lookbehind/);
    expect(unsafeRegexReason("(?<!a)b")).toMatch(/lookbehind/);
    expect(unsafeRegexReason("x".repeat(2000))).toMatch(/longer than/);
    expect(unsafeRegexReason("(a")).toMatch(/missing closing \)/);
    expect(unsafeRegexReason("[z-a]")).toMatch(/invalid character class range/);
  });

  it("a pattern of only '?' and exact counts answers a short request at once", () => {
    // The reported pattern class: no nested + or *, exponential on a backtracking engine (V8 here:
    // ~0.1 s at 16 repeats on 33 characters, ~2.5 s at 21 on 43, doubling with each repeat).
    expect(unsafeRegexReason("(a?){21}a{21}")).toBeNull();
    const re = compileSafeRegex("(a?){21}a{21}");
    const t = performance.now();
    expect(re.test("a".repeat(43))).toBe(false);
    expect(re.test("a".repeat(42))).toBe(true);
    // Not a timing assertion of the suite (bench l7.regex_linear measures that): a backtracking
    // engine takes seconds here, RE2 well under one.
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it("accepted patterns stay fast on adversarial input of the maximum length", () => {
    for (const p of ["a*a*b", "(a+)+b", "(a|aa)*b", "(x+x+)+y"]) {
      expect(compileSafeRegex(p).test("a".repeat(MAX_REGEX_INPUT)), p).toBe(false);
    }
  });

  it("never lets a regex condition run on an oversized value", async () => {
    const { parseEdgeConfig } = await import("../../src/schema/index.ts");
    const { compileRouteTable } = await import("../../src/router/compile.ts");
    const r = parseEdgeConfig({
      version: "1",
      pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
      virtualHosts: [
        {
          name: "h",
          domains: ["*"],
          routes: [{ match: { headers: [{ name: "x", regex: "a.*b" }] }, action: { type: "forward", pool: "p" } }],
        },
      ],
    });
    if (!r.ok) throw new Error("invalid");
    const t = compileRouteTable(r.config);
    const input = (v: string) => ({
      method: "GET",
      host: "h",
      path: "/",
      query: new URLSearchParams(),
      headers: new Headers({ x: v }),
    });
    expect(t.match(input(`a${"x".repeat(100)}b`))).not.toBeNull();
    expect(t.match(input(`a${"x".repeat(MAX_REGEX_INPUT)}b`))).toBeNull();
  });

  it("never runs a rewrite regex on an oversized path: 400 BAD_PATH instead of an unrewritten path", async () => {
    const { parseEdgeConfig } = await import("../../src/schema/index.ts");
    const { compileRouteTable } = await import("../../src/router/compile.ts");
    const r = parseEdgeConfig({
      version: "1",
      pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
      virtualHosts: [
        {
          name: "h",
          domains: ["*"],
          routes: [
            {
              action: {
                type: "forward",
                pool: "p",
                rewrite: { regex: { pattern: "^/internal", substitution: "/public" } },
              },
            },
          ],
        },
      ],
    });
    if (!r.ok) throw new Error("invalid");
    const t = compileRouteTable(r.config);
    const at = (path: string) =>
      t.match({ method: "GET", host: "h", path, query: new URLSearchParams(), headers: new Headers() })!;
    expect(at("/internal/x").forwardPath).toBe("/public/x");
    const long = `/internal/${"x".repeat(MAX_REGEX_INPUT)}`;
    expect(() => at(long).forwardPath).toThrow(expect.objectContaining({ code: "BAD_PATH", status: 400 }));
  });

  it("anchors compiled patterns to the whole value", () => {
    const re = compileSafeRegex("a|b");
    expect(re.test("a")).toBe(true);
    expect(re.test("ab")).toBe(false);
    expect(compileSafeRegex("abc", true).test("ABC")).toBe(true);
  });
});
