import { describe, expect, it } from "vitest";
import { compileSafeRegex, unsafeRegexReason } from "../../src/router/safe-regex.ts";

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
  });

  it("anchors compiled patterns to the whole value", () => {
    const re = compileSafeRegex("a|b");
    expect(re.test("a")).toBe(true);
    expect(re.test("ab")).toBe(false);
    expect(compileSafeRegex("abc", true).test("ABC")).toBe(true);
  });
});
