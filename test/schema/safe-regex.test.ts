import { describe, expect, it } from "vitest";
import { compileSafeRegex, MAX_REGEX_INPUT, unsafeRegexReason } from "../../src/schema/syntax/safe-regex.ts";

describe("safe regex subset", () => {
  it("accepts ordinary patterns", () => {
    for (const p of [
      "/users/[0-9]+",
      "[a-f0-9]{8}",
      "(?:foo|bar)",
      "(?<id>[0-9]+)/x",
      "a{2,5}",
      "[(+*]+",
      "\\(a+\\)+",
      "(ab)?c*",
    ]) {
      expect(unsafeRegexReason(p), p).toBeNull();
    }
  });

  it("rejects backreferences, lookaround and nested repetition, saying why", () => {
    expect(unsafeRegexReason("(a)\\1")).toMatch(/backreference/);
    expect(unsafeRegexReason("(?<x>a)\\k<x>")).toMatch(/named backreference/);
    expect(unsafeRegexReason("a(?=b)")).toMatch(/lookahead/);
    expect(unsafeRegexReason("a(?!b)")).toMatch(/lookahead/);
    expect(unsafeRegexReason("(?<=a)b")).toMatch(/lookbehind/);
    expect(unsafeRegexReason("(?<!a)b")).toMatch(/lookbehind/);
    expect(unsafeRegexReason("(a+)+")).toMatch(/ReDoS/);
    expect(unsafeRegexReason("(a|aa)*")).toMatch(/ReDoS/);
    expect(unsafeRegexReason("((ab)*c)+")).toMatch(/ReDoS/);
    expect(unsafeRegexReason("(a*){2,}")).toMatch(/ReDoS/);
    expect(unsafeRegexReason("x".repeat(2000))).toMatch(/longer than/);
    expect(unsafeRegexReason("(a")).toMatch(/unclosed/);
    expect(unsafeRegexReason(".*a.*b.*c")).toMatch(/more than 2 variable repeats/);
    expect(unsafeRegexReason(".*a.+b")).toBeNull();
    expect(unsafeRegexReason("(a+)?b")).toBeNull(); // at most once: no nesting blow-up
    expect(unsafeRegexReason("[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}")).toBeNull(); // exact counts are not variable
  });

  it("rejects bounded repeats of risky groups and chains of any variable repeats (not only '.*')", () => {
    for (const p of ["(a+){16}", "(\\w+\\w+){8}", "(a|b){2}", "(a{1,3}){2,4}", "(?:x*y){1,5}"]) {
      expect(unsafeRegexReason(p), p).toMatch(/ReDoS/);
    }
    for (const p of [
      "a*a*a*a*a*a*a*a*a*a*b",
      ".\\d*.[a-z]+.(x)*",
      "\\.*a\\.*b\\.*c",
      "a{1,5}b{1,5}c{1,5}",
      "x+y+z{2,}",
    ]) {
      expect(unsafeRegexReason(p), p).toMatch(/more than 2 variable repeats/);
    }
  });

  it("accepted patterns stay fast on adversarial input of the maximum length", () => {
    // Two variable repeats over the same characters: quadratic at worst, bounded by MAX_REGEX_INPUT.
    const re = compileSafeRegex("a*a*b");
    expect(re.test("a".repeat(MAX_REGEX_INPUT))).toBe(false);
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
