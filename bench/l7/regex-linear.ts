/**
 * l7.regex_linear: every adversarial table regex (bench/l7/regex-adversarial.ts) runs in time linear
 * in the input length on the engine the router uses (src/router/safe-regex.ts, RE2 via re2js).
 * Figure: the worst growth over all patterns of time(4096 chars) / time(1024 chars), divided by 4
 * (the input grew 4x): 1 is linear, 4 would be quadratic. Target <= 2 (timer noise on a shared machine).
 */
import { compileSafeRegex, MAX_REGEX_INPUT } from "../../src/schema/syntax/safe-regex.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";
import { adversarialCases } from "./regex-adversarial.ts";

/**
 * Fastest ns of one match of `input` in a batch of `reps`: the minimum over rounds, not the median,
 * because on a shared machine noise only ever adds time.
 */
function batchNs(test: (s: string) => boolean, input: string, reps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) test(input);
  return ((performance.now() - t0) * 1e6) / reps;
}

/** Interleaved rounds (small, large, small, ...) so JIT and GC phases hit both sizes alike. */
function timePair(test: (s: string) => boolean, small: string, large: string, rounds: number): [number, number] {
  // Warm-up, and batch sizes that take ~2 ms for the large input.
  batchNs(test, large, 3);
  const once = Math.max(1_000, batchNs(test, large, 3));
  const reps = Math.max(1, Math.round(2e6 / once));
  let s = Infinity;
  let l = Infinity;
  for (let i = 0; i < rounds; i++) {
    s = Math.min(s, batchNs(test, small, reps * 4));
    l = Math.min(l, batchNs(test, large, reps));
  }
  return [s, l];
}

export async function regexLinearFigure(quick: boolean, log: (s: string) => void): Promise<FigureResult> {
  const { unit, target } = FIGURES["l7.regex_linear"]!;
  const cases = adversarialCases(quick ? 15 : 40);
  const small = MAX_REGEX_INPUT / 4;
  const medians: Record<string, number> = {};
  let worst = 0;
  let worstPattern = "";
  let slowestNsPerChar = 0;
  for (const c of cases) {
    const re = compileSafeRegex(c.pattern);
    const test = (s: string) => re.test(s);
    // A pattern that looks superlinear is measured again (up to 3 times): noise from other processes
    // comes and goes, a real superlinear pattern grows every time; the least growth seen counts.
    let growth = Infinity;
    let tLarge = 0;
    for (let attempt = 0; attempt < 3 && growth > 1.5; attempt++) {
      const [s0, l0] = timePair(test, c.input(small), c.input(MAX_REGEX_INPUT), quick ? 5 : 12);
      if (l0 / s0 / 4 < growth) [growth, tLarge] = [l0 / s0 / 4, l0];
    }
    slowestNsPerChar = Math.max(slowestNsPerChar, tLarge / MAX_REGEX_INPUT);
    if (growth > worst) {
      worst = growth;
      worstPattern = c.pattern;
    }
    await new Promise((r) => setImmediate(r));
  }
  medians["worst growth (x4 input)"] = worst;
  medians["slowest ns/char at 4096"] = slowestNsPerChar;
  log(
    `  ${cases.length} adversarial patterns: worst growth ${worst.toFixed(2)} (${worstPattern}), slowest ${slowestNsPerChar.toFixed(0)} ns/char at ${MAX_REGEX_INPUT} chars`,
  );
  return {
    key: "l7.regex_linear",
    unit,
    medians,
    ratio: worst,
    target,
    met: judge(worst, target),
    notes: [
      `${cases.length} patterns (bench/l7/regex-adversarial.ts); worst growth from ${small} to ${MAX_REGEX_INPUT} chars: ${worstPattern}`,
    ],
  };
}
