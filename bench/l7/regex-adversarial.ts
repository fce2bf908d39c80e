/**
 * Adversarial table regexes and inputs (issue 10, regex safety): the shapes behind catastrophic
 * backtracking, composed by a seeded generator, each with the input that is worst for a
 * backtracking engine (a long run of what the pattern repeats, then a character that makes the
 * match fail at the end). Used by the `l7.regex_linear` figure (timed) and by
 * test/router/regex-adversarial.test.ts (not timed: every accepted pattern compiles and agrees with
 * JavaScript's engine on short inputs).
 */

export interface AdversarialCase {
  pattern: string;
  /** A worst-case input of length n for a backtracking engine. */
  input(n: number): string;
}

/** Deterministic generator (LCG), so the figure and the test see the same patterns. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Atoms that all match `a`, so stacking them makes ambiguity (the cause of exponential backtracking). */
const ATOMS = ["a", "[a-z]", "\\w", ".", "(?:a|a)", "[ab]", "(?:a|ab)"];
const QUANT = ["+", "*", "?", "{1,3}", "{2}", "{0,2}"];

/** The classic families, one each. */
const CLASSIC: string[] = [
  "(a+)+b",
  "(a*)*b",
  "(a|a)*b",
  "(a|aa)+b",
  "(a?){24}a{24}",
  "(.*a){12}",
  "(x+x+)+y",
  "(\\w+\\s?)*!",
  "(a|b|ab)*c",
  "^(([a-z])+.)+[A-Z]([a-z])+$",
  "(.*)*b",
  "a*a*a*a*a*a*b",
  ".*a.*a.*a.*a.*b",
  "(?:[a-z]+\\.)+[a-z]+!",
];

/** Generated: nested quantified groups of ambiguous atoms, ending in something the input lacks. */
function generated(count: number, seed: number): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let p = pick(ATOMS) + pick(QUANT);
    const depth = 1 + Math.floor(r() * 3);
    for (let d = 0; d < depth; d++) {
      const sibling = r() < 0.5 ? pick(ATOMS) + pick(QUANT) : "";
      p = `(?:${p}${sibling})${pick(QUANT)}`;
    }
    out.push(`${p}${pick(["b", "!", "$x", "[0-9]"])}`);
  }
  return out;
}

/** Every case: the classics and `generatedCount` generated patterns; inputs are runs of `a` (or `x`) then `!`. */
export function adversarialCases(generatedCount = 40, seed = 20261206): AdversarialCase[] {
  return [...CLASSIC, ...generated(generatedCount, seed)].map((pattern) => {
    const ch = pattern.includes("x+x+") ? "x" : "a";
    return { pattern, input: (n: number) => `${ch.repeat(Math.max(0, n - 1))}!` };
  });
}
