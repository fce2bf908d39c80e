/**
 * Regex safety, the untimed half (issue 10): every adversarial pattern the generator makes
 * (bench/l7/regex-adversarial.ts) is accepted, compiles on the router's engine, and agrees with
 * JavaScript's engine on short inputs (where backtracking is still cheap). The timed half —
 * matching time linear in the input — is the `l7.regex_linear` bench figure.
 */
import { expect, it } from "vitest";
import { adversarialCases } from "../../bench/l7/regex-adversarial.ts";
import { compileSafeRegex, MAX_REGEX_INPUT, unsafeRegexReason } from "../../src/schema/syntax/safe-regex.ts";

const cases = adversarialCases(200);

it("every generated adversarial pattern is accepted and compiles", () => {
  expect(cases.length).toBeGreaterThanOrEqual(200);
  for (const c of cases) {
    expect(unsafeRegexReason(c.pattern), c.pattern).toBeNull();
    expect(() => compileSafeRegex(c.pattern), c.pattern).not.toThrow();
  }
});

it("each agrees with JavaScript's engine on short inputs (whole-value match)", () => {
  const inputs = ["", "a", "b", "ab", "aab", "aaaa", "aaaab", "x", "xxy", "a!", "aaaa!", "abc.def!", "Abc", "a1"];
  for (const c of cases) {
    const ours = compileSafeRegex(c.pattern);
    const js = new RegExp(`^(?:${c.pattern})$`);
    for (const s of [...inputs, c.input(6)])
      expect(ours.test(s), `${c.pattern} on ${JSON.stringify(s)}`).toBe(js.test(s));
  }
});

it("each answers the worst-case input of the maximum length (no timing asserted)", () => {
  for (const c of cases.slice(0, 60))
    expect(typeof compileSafeRegex(c.pattern).test(c.input(MAX_REGEX_INPUT))).toBe("boolean");
});
