import { describe, expect, it } from "vitest";
import { MAX_REGEX_INPUT, compileSafeRegex, unsafeRegexReason } from "../../src/router/safe-regex.ts";

describe("safe regex subset", () => {
  it("accepts ordinary patterns", () => {
    for (const p of ["/users/[0-9]+", "[a-f0-9]{8}", "(?:foo|bar)", "(?<id>[0-9]+)/x", "a{2,5}", "[(+*]+", "\\(a+\\)+", "(ab)?c*"]) {
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
    expect(unsafeRegexReason(".*a.*b.*c")).toMatch(/more than 2 '\.\*'/);
    expect(unsafeRegexReason(".*a.+b")).toBeNull();
    expect(unsafeRegexReason(".\\d*.[a-z]+.(x)*")).toBeNull(); // the repeated atoms are not dots
    expect(unsafeRegexReason("\\.*a\\.*b\\.*c")).toBeNull(); // escaped dots are literals
  });

  it("never lets a regex condition run on an oversized value", async () => {
    const { parseEdgeConfig } = await import("../../src/schema/index.ts");
    const { compileRouteTable } = await import("../../src/router/compile.ts");
    const r = parseEdgeConfig({
      version: "1",
      pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
      virtualHosts: [{ name: "h", domains: ["*"], routes: [{ match: { headers: [{ name: "x", regex: "a.*b" }] }, action: { type: "forward", pool: "p" } }] }],
    });
    if (!r.ok) throw new Error("invalid");
    const t = compileRouteTable(r.config);
    const input = (v: string) => ({ method: "GET", host: "h", path: "/", query: new URLSearchParams(), headers: new Headers({ x: v }) });
    expect(t.match(input("a" + "x".repeat(100) + "b"))).not.toBeNull();
    expect(t.match(input("a" + "x".repeat(MAX_REGEX_INPUT) + "b"))).toBeNull();
  });

  it("anchors compiled patterns to the whole value", () => {
    const re = compileSafeRegex("a|b");
    expect(re.test("a")).toBe(true);
    expect(re.test("ab")).toBe(false);
    expect(compileSafeRegex("abc", true).test("ABC")).toBe(true);
  });
});
